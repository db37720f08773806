"""Which acts a stored event rests on: the external acts it records and the decisions it cites.

Read from the stored state as it is, without decoding it into the domain: an external act is an
object with a kind, number, date and issuer whose issuer is a person (a decree or order of the
President, an order of the Head of the Secretariat, an agreement of the Chairman); a decision is
cited by its id (`decision_id`, `proposal_id`, `procedure_id`), or recorded as the act a sitting
adopted (its issuer is the Council, the Session or the Scientific Expert Council).
"""

from __future__ import annotations

from typing import Any

from domain.kernel.values import COLLEGIAL

ACT_KEYS = frozenset({"kind", "number", "issued_on", "issuer"})
DECISION_REFERENCES = ("decision_id", "proposal_id", "procedure_id")
COLLEGIAL_ISSUERS = frozenset(a.value for a in COLLEGIAL)


def rests_on(state: dict[str, Any]) -> list[dict[str, Any]]:
    """The acts and decisions the event's state names, in the order they appear."""
    found: list[dict[str, Any]] = []
    _walk(state, found, top=True)
    return found


def _walk(value: Any, found: list[dict[str, Any]], *, top: bool = False) -> None:
    if isinstance(value, dict):
        if value.keys() >= ACT_KEYS:
            collegial = value["issuer"] in COLLEGIAL_ISSUERS
            act = {k: value[k] for k in ("kind", "number", "issued_on", "issuer")}
            if value.get("source"):
                act["source"] = value["source"]
            found.append({"rests_on": "decision" if collegial else "external_act", **act})
            return
        for key, item in value.items():
            if key in DECISION_REFERENCES and isinstance(item, str):
                found.append({"rests_on": "decision", "decision_id": item, "cited_as": key})
            elif not (top and key in ("originator_id", "originator_topic")):
                _walk(item, found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, found)
