"""Who convenes a sitting, and by which act: the Session (§5.5), the Council (§12).

Pure rules: the handlers load what they need (the Deputy Chairmen in office on the day) and ask.
§12 names who convenes the Council, not the form of the Chairman's act: any recorded act of the
Chairman but an oath convenes it, unless the policy `chairman_convening_forms` names forms
(`domain/regulation/policies.py`).
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date
from uuid import UUID

from domain.kernel.errors import RuleViolation
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.policies import policies_in_force
from domain.regulation.rulebook import is_presidential_act

#: The Deputy Chairmen who may convene the Council in agreement with the Chairman (§12, §16-17).
DEPUTY_POSTS = ("deputy_chairman_ethnocultural", "deputy_chairman_head_of_secretariat")


def check_session_convocation(act: Act) -> None:
    """§5.5: the President convenes the Session (by decree or order, the forms of his acts)."""
    if not is_presidential_act(act):
        raise RuleViolation("§5.5", "only the President convenes a Session, by decree or order")


def council_convocation(
    act: Act | None,
    deputy_id: UUID | None,
    agreement: Act | None,
    deputies: Set[UUID],
    held_on: date,
) -> Act:
    """§12: the act that convenes the Council: the Chairman's own, or his agreement to a Deputy.

    `deputies` are the persons holding a Deputy Chairman's post on the meeting's date.
    """
    if deputy_id is None:
        policies = policies_in_force()
        if act is None or not policies.convenes_council(act):
            forms = sorted(k.value for k in policies.chairman_convening_forms)
            by = f" ({' or '.join(forms)}, by policy)" if forms else ""
            raise RuleViolation(
                "§12",
                f"the Council is convened by the Chairman{by}, or by a Deputy Chairman in "
                "agreement with the Chairman",
            )
        return act
    if deputy_id not in deputies:
        raise RuleViolation("§12", f"{deputy_id} is not a Deputy Chairman on {held_on}")
    if (
        agreement is None
        or agreement.kind is not ActKind.AGREEMENT
        or agreement.issuer is not Authority.PRESIDENT
    ):
        raise RuleViolation(
            "§12", "a Deputy Chairman convenes the Council in agreement with the Chairman"
        )
    return agreement
