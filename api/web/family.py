"""The family pages: a parent's or carer's children, each child's journal as the settings
shared it with them, its photos, and their answer on photos showing other children.

Parents only (``FamilyUser``: a member of staff is refused, 403). Each child is opened through
``open_family_child`` (``api/family.py``): a child not theirs, erased, or whose access a
manager ended is "not found", and the refusal is in the access log.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api import family
from api.access import open_family_child
from api.deps import ServicesDep
from api.pages import CursorQuery
from api.services import Services
from api.web.deps import FamilyForm, FamilyUser, PostedForm
from api.web.entries import form_key
from api.web.family_words import Words, first_name
from api.web.forms import Outcome, attempt
from api.web.render import render, see_other
from api.web.session import WebUser
from domain.access_log.entry import Action
from domain.errors import InvalidField
from domain.journey.child import Child

router = APIRouter(include_in_schema=False)
PAGE = 25
SAVED = {
    "moment": "Your moment is in the journal. The setting sees it too.",
    "group-photos": "Your answer is saved.",
}


def settings_now(words: Words, child: Child) -> list[str]:
    """The names of the settings the child attends now."""
    return [words.setting(s) for s in child.current_settings()]


@router.get("/family")
def children_page(request: Request, user: FamilyUser, services: ServicesDep) -> Response:
    """My children: each child the parent may see, with their settings and links."""
    words = Words(services, family.parent_of(user.principal))
    children = [
        {
            "id": c.id,
            "name": c.name,
            "first_name": first_name(c),
            "settings": settings_now(words, c),
        }
        for c in family.children_of(services, user.principal)
    ]
    return render(request, user, "web/family/children.html", children=children)


def journal_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    cursor: str | None = None,
    saved: str | None = None,
    outcome: Outcome[Any] | None = None,
) -> Response:
    child = open_family_child(services, user.principal, child_id, Action.READ, "journal")
    parent_id = family.parent_of(user.principal)
    words = Words(services, parent_id)
    page, next_cursor = family.journal_page(child, cursor, PAGE)
    entries = [
        {**words.entry(child, e), "photos": family.photos_shown(services, child, e)} for e in page
    ]
    return render(
        request,
        user,
        "web/family/journal.html",
        status=422 if outcome else 200,
        child=child,
        first_name=first_name(child),
        settings=settings_now(words, child),
        entries=entries,
        next=next_cursor,
        earlier=cursor is not None,
        saved=SAVED.get(saved or ""),
        group_photos=child.parents[str(parent_id)]["group_photos"],
        outcome=outcome,
        form_key=form_key(None),
    )


@router.get("/family/children/{child_id}")
def journal(
    request: Request,
    child_id: UUID,
    user: FamilyUser,
    services: ServicesDep,
    cursor: CursorQuery = None,
    saved: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """The child's journal as the settings shared it with their parents, newest first."""
    return journal_page(request, user, services, child_id, cursor, saved)


@router.post("/family/children/{child_id}/group-photos")
def group_photos(
    request: Request, child_id: UUID, user: FamilyForm, form: PostedForm, services: ServicesDep
) -> Response:
    """The parent's answer: may photos showing their child with other children be shown to
    those children's families?"""
    answer = form.get("agreed")

    def call() -> int:
        if answer not in ("yes", "no"):
            raise InvalidField("agreed", "choose yes or no")
        return family.decide_group_photos(services, user.principal, child_id, answer == "yes")

    outcome = attempt(user, form, request.url.path, call)
    if not outcome.ok:
        return journal_page(request, user, services, child_id, outcome=outcome)
    return see_other(f"/family/children/{child_id}?saved=group-photos#group-photos")


@router.get("/family/children/{child_id}/photos/{photo_id}")
def photo_image(
    child_id: UUID, photo_id: UUID, user: FamilyUser, services: ServicesDep
) -> Response:
    return family.photo_response(services, user.principal, child_id, photo_id, "image")


@router.get("/family/children/{child_id}/photos/{photo_id}/thumbnail")
def photo_thumbnail(
    child_id: UUID, photo_id: UUID, user: FamilyUser, services: ServicesDep
) -> Response:
    return family.photo_response(services, user.principal, child_id, photo_id, "thumbnail")
