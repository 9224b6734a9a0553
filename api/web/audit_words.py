"""Access-log entries in a safeguarding lead's words: who, when, what, and whether it was allowed.

The log holds codes (``resource``, ``purpose``) and ids; the API adds the names of the person and
their organisation. Here each code becomes a phrase, so a DSL reads "opened a handover packet"
rather than ``handover-contents``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from api.schemas.audit import Entry

ENGLAND = ZoneInfo("Europe/London")
# What was touched, by the resource the API names in its entries (unknown codes are shown as
# they are, so a new resource is never hidden).
WHAT = {
    "child": "the child's record",
    "observation": "observations",
    "voice": "the child's or parent's voice",
    "assessment": "assessments",
    "consent": "consents",
    "enrolment": "an enrolment",
    "enrolment-proposal": "an enrolment proposal",
    "key-person": "the key person",
    "send-status": "the SEND status",
    "leaving": "leaving a setting",
    "record": "everything held (subject access)",
    "hold": "a hold on the record",
    "erasure": "erasure of the record",
    "break-glass": "break-glass access",
    "handover": "a handover packet",
    "handover-share": "sharing a handover packet",
    "handover-status": "a handover packet's status",
    "handover-contents": "a handover packet's contents",
    "handover-envelope": "a handover packet's sealed envelope",
    "handover-summary": "a handover summary",
    "handover-acknowledgement": "acknowledging a handover packet",
    "handover-revocation": "revoking a handover packet",
    "handover-verification": "checking a handover packet's seal",
    "packet-erasure": "erasing a received packet",
    "setting-children": "the setting's list of children",
    "setting-outbox": "the setting's sent packets",
    "school-inbox": "the inbox of received packets",
    "inbox": "the inbox of received packets",
    "consent-register": "the consent register",
    "key-persons": "key persons' caseloads",
    "audit-child": "the child's access history",
    "audit-staff": "a member of staff's access history",
    "audit-denied": "refused attempts",
    "audit-alerts": "alerts",
    "dsl-role": "the DSL role granted to someone",
    "staff-token-from-server": "a sign-in token issued from the server",
    "staff": "staff details",
    "staff-roles": "staff roles",
    "staff-token": "a staff sign-in token",
    "staff-invitation": "a new sign-in link for a member of staff",
    "safeguarding-channel": "the safeguarding channel",
    "moderation-sample": "a pseudonymised moderation sample for a partnership",
    "partnership": "a partnership",
    "partnership-dashboard": "a partnership's figures",
}
DOING = {
    "create": "Added",
    "read": "Read",
    "update": "Changed",
    "delete": "Deleted",
    "execute": "Used",
}
WHY = {
    "care": "care",
    "transition": "transition",
    "integrated_review": "the integrated review at two",
    "team_around_the_child": "the team around the child",
    "safeguarding": "safeguarding",
    "audit": "audit",
    "break-glass": "break-glass (emergency)",
    "administration": "administration",
    "subject-access": "subject access",
    "erasure": "erasure",
    "moderation": "moderation in a partnership",
}


def when(at: datetime) -> str:
    """An instant as people in England read it: ``3 Dec 2026, 14:05``."""
    return at.astimezone(ENGLAND).strftime("%-d %b %Y, %H:%M")


@dataclass(frozen=True)
class Row:
    """One entry, ready for a table row."""

    seq: int
    when: str
    who: str
    org: str
    roles: str
    what: str
    allowed: bool
    why: str
    break_glass: bool
    child_id: UUID | None


def row(entry: Entry) -> Row:
    what = WHAT.get(entry.resource, entry.resource)
    return Row(
        seq=entry.seq,
        when=when(entry.at),
        who=entry.actor_name or ("the operator" if entry.actor_id is None else "someone unknown"),
        org=entry.actor_org_name or "",
        roles=", ".join(r.upper() if r == "dsl" else r for r in entry.actor_roles),
        what=f"{DOING.get(entry.action, entry.action.capitalize())}: {what}",
        allowed=entry.outcome == "allowed",
        why=WHY.get(entry.purpose, entry.purpose),
        break_glass=entry.purpose == "break-glass",
        child_id=entry.child_id,
    )
