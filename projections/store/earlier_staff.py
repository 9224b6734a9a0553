"""Staff added before web sign-in existed, found by their email once, at the first start after it.

Members added since are put in ``sign_in_emails`` as they are added; those added before are not,
so single sign-on would not find them. One pass over the organisations' ``StaffAdded`` events
adds every active member's address (as its HMAC), and ``child_keys_steps`` records it as done.
"""

from __future__ import annotations

from uuid import UUID

from domain.base import BatonBase
from domain.organisations.organisation import STORED_AS, Organisation
from projections.store.child_keys import ChildKeys
from projections.store.sign_in_emails import SignInEmails

EARLIER_STAFF = "earlier-staff-emails-indexed"
PAGE = 1000


def index_earlier_staff(app: BatonBase, keys: ChildKeys, emails: SignInEmails) -> int:
    """Every active member of every organisation in the email index; how many were added."""
    if keys.step_done(EARLIER_STAFF):
        return 0
    organisations: set[UUID] = set()
    top = app.recorder.max_notification_id() or 0
    position = 0
    while position < top:
        notes = app.recorder.select_notifications(
            start=position + 1, limit=PAGE, stop=top, topics=[f"{STORED_AS}.StaffAdded"]
        )
        organisations.update(UUID(str(n.originator_id)) for n in notes)
        if len(notes) < PAGE:
            break
        position = notes[-1].id
    added = 0
    for org_id in sorted(organisations):
        org: object = app.repository.get(org_id)
        assert isinstance(org, Organisation)
        for member in org.staff.values():
            if member["active"]:
                emails.add(member["email"], org_id, UUID(member["id"]))
                added += 1
    keys.mark_done(EARLIER_STAFF)
    return added
