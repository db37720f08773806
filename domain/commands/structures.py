"""Regional assemblies (§18–19), commissions and working groups (§20, §25–26), the SEC (§21–24)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.commands.base import Decided, LedgerBase, Recorded
from domain.expert_council.experts import (
    EXPERT_COUNCIL,
    REGULATIONS_ID,
    ExpertCouncilRegulations,
    ExpertInvolvement,
    chairman_request,
    check_electable,
)
from domain.kernel.errors import InvalidCommand
from domain.kernel.values import Act, Provenance
from domain.regulation.matters import Matter
from domain.secretariat.regions import RegionalAssembly, regional_assembly_id, territory
from domain.secretariat.working_bodies import Commission, WorkingGroup, WorkingGroupKind


class StructureCommands(LedgerBase):
    """Bodies around the Secretariat and the Scientific Expert Council (§18–26)."""

    # -- regional assemblies (§18-19) -----------------------------------------------------------

    def establish_regional_assembly(
        self, territory_code: str, act: Act, provenance: Provenance, *, established_on: date
    ) -> Recorded:
        """Record a territory's assembly (accountable to the Assembly) and the act forming it."""

        def decide() -> Decided:
            assembly_id = regional_assembly_id(territory(territory_code).code)
            if self._exists(assembly_id):
                raise InvalidCommand(f"the assembly of {territory_code!r} is already recorded")
            assembly = RegionalAssembly.establish(
                territory_code, act, provenance, established_on=established_on
            )
            return Decided([assembly], assembly.id)

        payload = {"territory": territory_code, "act": act, "established_on": established_on}
        return self._execute("establish_regional_assembly", payload, provenance, decide)

    def record_regional_apparatus(
        self, territory_code: str, name: str, act: Act, provenance: Provenance, *, since: date
    ) -> Recorded:
        """Record the apparatus (secretariat) that is a regional assembly's working body (§19)."""

        def decide() -> Decided:
            assembly = self.regional_assembly(territory_code)
            assembly.record_apparatus(name, act, provenance, since=since)
            return Decided([assembly], assembly.id)

        payload = {"territory": territory_code, "name": name, "act": act, "since": since}
        return self._execute("record_regional_apparatus", payload, provenance, decide)

    def record_regional_report(
        self,
        territory_code: str,
        period_start: date,
        period_end: date,
        provenance: Provenance,
        *,
        submitted_on: date,
        title: str = "",
    ) -> Recorded:
        """Record a regional assembly's report to the Assembly for a past period (§18)."""

        def decide() -> Decided:
            assembly = self.regional_assembly(territory_code)
            assembly.submit_report(
                period_start, period_end, provenance, submitted_on=submitted_on, title=title
            )
            return Decided([assembly], assembly.id)

        payload = {
            "territory": territory_code,
            "period_start": period_start,
            "period_end": period_end,
            "submitted_on": submitted_on,
            "title": title,
        }
        return self._execute("record_regional_report", payload, provenance, decide)

    # -- commissions and working groups (§20, §25-26) -------------------------------------------

    def create_commission(
        self,
        name: str,
        act: Act,
        provenance: Provenance,
        *,
        starts_on: date,
        partners: tuple[str, ...] = (),
    ) -> Recorded:
        """Create a commission by an act of the Secretariat, alone or with partners (§20)."""
        commission_id = self._new_id(provenance, "commission")

        def decide() -> Decided:
            commission = Commission.create(
                commission_id, name, act, provenance, starts_on=starts_on, partners=partners
            )
            return Decided([commission], commission.id)

        payload = {"name": name, "act": act, "starts_on": starts_on, "partners": partners}
        return self._execute("create_commission", payload, provenance, decide)

    def dissolve_commission(
        self, commission_id: UUID, act: Act, provenance: Provenance, *, ends_on: date
    ) -> Recorded:
        """Dissolve a commission by an act of the Secretariat (§20)."""

        def decide() -> Decided:
            commission = self.commission(commission_id)
            commission.dissolve(act, provenance, ends_on=ends_on)
            return Decided([commission], commission.id)

        payload = {"commission_id": commission_id, "act": act, "ends_on": ends_on}
        return self._execute("dissolve_commission", payload, provenance, decide)

    def create_working_group(
        self,
        kind: WorkingGroupKind | str,
        name: str,
        purpose: str,
        act: Act,
        provenance: Provenance,
        *,
        starts_on: date,
    ) -> Recorded:
        """Create an information and explanatory, expert or other working group (§25–26)."""
        group_id = self._new_id(provenance, "working_group")

        def decide() -> Decided:
            group = WorkingGroup.create(
                group_id, kind, name, purpose, act, provenance, starts_on=starts_on
            )
            return Decided([group], group.id)

        payload = {
            "kind": str(kind),
            "name": name,
            "purpose": purpose,
            "act": act,
            "starts_on": starts_on,
        }
        return self._execute("create_working_group", payload, provenance, decide)

    def dissolve_working_group(
        self, group_id: UUID, act: Act, provenance: Provenance, *, ends_on: date
    ) -> Recorded:
        """Dissolve a working group by an act of the Secretariat (§26)."""

        def decide() -> Decided:
            group = self.working_group(group_id)
            group.dissolve(act, provenance, ends_on=ends_on)
            return Decided([group], group.id)

        payload = {"group_id": group_id, "act": act, "ends_on": ends_on}
        return self._execute("dissolve_working_group", payload, provenance, decide)

    # -- the Scientific Expert Council (§21-24) -------------------------------------------------

    def elect_expert_council_officer(
        self, post: str, person_id: UUID, decision_id: UUID, provenance: Provenance
    ) -> Recorded:
        """Seat a member elected Chairman or deputy at a meeting of the Council (§22)."""
        holding_id = self._new_id(provenance, "holding")

        def decide() -> Decided:
            self._require_person(person_id)
            decision = self.decision(decision_id)
            assert decision.adopted_on is not None
            elected_by = decision.require(
                EXPERT_COUNCIL, Matter.EXPERT_COUNCIL_ELECTION, "§22", by=decision.adopted_on
            )
            roll = self.body(EXPERT_COUNCIL)
            check_electable(roll, person_id, elected_by)
            target = self.post(post)
            target.elect(
                holding_id, person_id, elected_by, provenance, starts_on=elected_by.issued_on
            )
            self._check_officers_are_members(roll, person_id, target)
            return Decided([target], holding_id)

        payload = {"post": post, "person_id": person_id, "decision_id": decision_id}
        return self._execute("elect_expert_council_officer", payload, provenance, decide)

    def involve_expert(
        self,
        person_id: UUID,
        area: str,
        provenance: Provenance,
        *,
        foreign: bool,
        on: date,
        decision_id: UUID | None = None,
        chairman_request_number: str | None = None,
    ) -> Recorded:
        """Involve a non-member expert by a Council decision or its Chairman's request (§22)."""
        involvement_id = self._new_id(provenance, "expert_involvement")

        def decide() -> Decided:
            self._require_person(person_id)
            decision = None
            if decision_id is not None:
                decision = self.decision(decision_id).require(
                    EXPERT_COUNCIL, Matter.EXPERT_COUNCIL_BUSINESS, "§22", by=on
                )
            request = None
            if chairman_request_number is not None:
                chairman = self.post("expert_council_chairman")
                request = chairman_request(chairman, chairman_request_number, on)
            involvement = ExpertInvolvement.involve(
                involvement_id,
                person_id,
                self.person(person_id).full_name,
                area,
                self.body(EXPERT_COUNCIL),
                provenance,
                foreign=foreign,
                on=on,
                decision=decision,
                request=request,
            )
            return Decided([involvement], involvement_id)

        payload = {
            "person_id": person_id,
            "area": area,
            "foreign": foreign,
            "on": on,
            "decision_id": decision_id,
            "chairman_request_number": chairman_request_number,
        }
        return self._execute("involve_expert", payload, provenance, decide)

    def approve_expert_council_regulations(self, act: Act, provenance: Provenance) -> Recorded:
        """Record regulations on the Council approved by the Head of the Secretariat (§24)."""

        def decide() -> Decided:
            head = self.post("head_of_secretariat")
            if not self._exists(REGULATIONS_ID):
                regulations = ExpertCouncilRegulations.approve(act, head, provenance)
            else:
                regulations = self.expert_council_regulations()
                regulations.replace(act, head, provenance)
            return Decided([regulations], regulations.id)

        payload = {"act": act}
        return self._execute("approve_expert_council_regulations", payload, provenance, decide)

    # -- single-object reads (lists and searches come from projections) -------------------------

    def regional_assembly(self, territory_code: str) -> RegionalAssembly:
        """The assembly of a region, city of republican significance or the capital."""
        return self._get(RegionalAssembly, regional_assembly_id(territory(territory_code).code))

    def commission(self, commission_id: UUID) -> Commission:
        """A commission of the Secretariat."""
        return self._get(Commission, commission_id)

    def working_group(self, group_id: UUID) -> WorkingGroup:
        """A working group of the Secretariat."""
        return self._get(WorkingGroup, group_id)

    def expert_involvement(self, involvement_id: UUID) -> ExpertInvolvement:
        """The involvement of a non-member expert in the Scientific Expert Council's work."""
        return self._get(ExpertInvolvement, involvement_id)

    def expert_council_regulations(self) -> ExpertCouncilRegulations:
        """Every approved version of the regulations on the Scientific Expert Council."""
        return self._get(ExpertCouncilRegulations, REGULATIONS_ID)
