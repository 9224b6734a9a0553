"""The inbox: what the signed-in person's organisation received, newest first, by the child's
name and the sending setting, with where each packet stands (new, opened, acknowledged).

Every kind of recipient has one: a school, a family hub, a health visiting team, a speech and
language therapy service, a local authority. Every page of it is the API's own list
(``organisation_inbox``): its role check, its access log entry
for each child shown. Finding a child by name is a posted form, so the name never goes in an
address (or a server log); names are sealed in the view, so the filter reads the decrypted
pages, a few at a time, as the API gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.access import deny
from api.deps import ServicesDep
from api.pages import After
from api.routes.inbox import organisation_inbox
from api.schemas.common import Page
from api.schemas.handovers import InboxItem
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.render import render, see_other
from api.web.session import WebUser
from domain.access_log.entry import Action

router = APIRouter(include_in_schema=False)
PAGE = 25
SCANNED = 20  # pages of the list read, at most, to find one page of packets by name
NAME_LENGTH = 200
# What each packet is for, in words (its kind).
KINDS = {
    "transition": "Moving on to school",
    "integrated_review": "Progress check at two (integrated review)",
    "team_around_the_child": "Team around the child",
    "safeguarding": "Safeguarding",
}
# A packet's status in the teacher's words, and its badge (the words carry the meaning).
STATUS = {
    "delivered": ("New", "warn"),
    "opened": ("Opened", ""),
    "acknowledged": ("Acknowledged", "good"),
    "revoked": ("Withdrawn by the sender", "bad"),
    "superseded": ("Replaced by a newer packet", ""),
}


@dataclass
class Found:
    items: list[dict[str, Any]]
    next: str | None


def received(
    user: WebUser, services: Services, cursor: str | None, after: int | None = None
) -> Page[InboxItem]:
    """One page of what the organisation received, from the API's list; an early-years
    setting has no inbox (it receives a child's record by enrolling the child)."""
    assert user.principal.org_id is not None  # a signed-in person is always staff
    if user.is_setting:
        raise deny(
            services,
            user.principal,
            Action.READ,
            None,
            "inbox",
            403,
            "an early-years setting has no inbox: it receives a child's record by enrolling "
            "the child",
        )
    return organisation_inbox(
        org_id=user.principal.org_id,
        principal=user.principal,
        services=services,
        cursor=cursor,
        limit=PAGE,
        after=after,
    )


def by_name(user: WebUser, services: Services, name: str, cursor: str | None) -> Found:
    """The packets whose child's name holds ``name`` (any case), a page or so at a time."""
    wanted = name.casefold()
    found: list[InboxItem] = []
    for _ in range(SCANNED):
        page = received(user, services, cursor)
        found += [p for p in page.items if wanted in (p.child_name or "").casefold()]
        cursor = page.next
        if cursor is None or len(found) >= PAGE:
            break
    return Found(shown(services, found), cursor)


def shown(services: Services, items: list[InboxItem]) -> list[dict[str, Any]]:
    """Each packet as the inbox lists it: with its sending setting's name and status words."""
    senders: dict[UUID, str] = {}
    rows = []
    for item in items:
        if item.from_id not in senders:
            senders[item.from_id] = services.app.organisation(item.from_id).name
        label, badge = STATUS.get(item.status.value, (item.status.value.title(), ""))
        waiting = item.status.value in ("delivered", "opened")
        rows.append(
            {
                **item.model_dump(mode="json"),
                "sender": senders[item.from_id],
                "status_label": label,
                "kind_label": KINDS.get(item.kind.value, item.kind.value),
                "badge": badge,
                "due": item.acknowledge_by if waiting else None,
            }
        )
    return rows


def inbox_page(request: Request, user: WebUser, found: Found, name: str = "") -> Response:
    return render(
        request, user, "web/inbox/inbox.html", items=found.items, next=found.next, name=name
    )


@router.get("/inbox")
def inbox(
    request: Request,
    user: PageUser,
    services: ServicesDep,
    cursor: Annotated[str | None, Query(max_length=4096)] = None,
    after: After = None,
) -> Response:
    page = received(user, services, cursor, after)
    return inbox_page(request, user, Found(shown(services, page.items), page.next))


@router.post("/inbox")
def find_in_inbox(
    request: Request, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    """The inbox filtered by the child's name (posted: a name never goes in an address)."""
    name = " ".join(str(form.get("name") or "").split())[:NAME_LENGTH]
    cursor = form.get("cursor")
    start = cursor if isinstance(cursor, str) and cursor else None
    if not name:
        return see_other("/inbox")
    return inbox_page(request, user, by_name(user, services, name, start), name)
