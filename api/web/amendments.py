"""Correcting and withdrawing an entry of a child's journey: never an edit in place.

A correction adds new text (the first stays in the entry's history); a withdrawal marks the
entry withdrawn (it stays in the history and is shared no more). Only the setting that
recorded an entry amends it, as the API decides.
"""

from __future__ import annotations

from typing import Any, Literal, cast, get_args
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import open_child
from api.deps import ServicesDep
from api.errors import Problem
from api.present import entry_out
from api.routes.journey import ENTRY_TYPES, Collection
from api.schemas.journey import CorrectionCreate, WithdrawalCreate
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.entries import form_key, friendlier, saved, text
from api.web.forms import Outcome, attempt
from api.web.render import render
from api.web.session import WebUser
from api.web.timeline import People, journey_route, shown
from domain.access_log.entry import Action
from domain.errors import NotFound, RuleBroken

router = APIRouter(include_in_schema=False)
Change = Literal["correction", "withdrawal"]


def own_entry(
    services: Services, user: WebUser, child_id: UUID, collection: Collection, entry_id: UUID
) -> tuple[str, dict[str, Any]]:
    """The child's name and the entry as the timeline shows it: one of the viewer's setting,
    still current (a refusal or an entry not found is the error page)."""
    entry_type = ENTRY_TYPES[collection]
    child = open_child(services, user.principal, child_id, Action.READ, entry_type)
    entry = child.entry(entry_id)
    if entry["type"] != entry_type:
        raise NotFound(f"the {entry_type}")
    own_org, _ = user.principal.staff_ref()
    out = shown(entry_out(child.id, entry), People(services, own_org), own_org)
    if not out["amendable"]:
        raise RuleBroken(
            "only a current entry recorded at your setting can be corrected or withdrawn"
        )
    return child.name, out


def amend_page(
    request: Request,
    user: WebUser,
    services: Services,
    ids: tuple[UUID, Collection, UUID],
    change: Change,
    values: dict[str, str] | None = None,
    outcome: Outcome[Any] | None = None,
    form: Any = None,
) -> Response:
    """The form (``values`` None: as first shown, a correction starting from the text)."""
    child_id, collection, entry_id = ids
    name, entry = own_entry(services, user, child_id, collection, entry_id)
    values = values if values is not None else {"text": entry["text"], "reason": ""}
    return render(
        request,
        user,
        f"web/entries/{change}.html",
        status=422 if outcome else 200,
        child_id=child_id,
        child_name=name,
        entry=entry,
        values=values,
        message=outcome.message if outcome else None,
        errors=friendlier(outcome, values) if outcome else {},
        form_key=form_key(form),
    )


@router.get("/children/{child_id}/{collection}/{entry_id}/correction")
def correction_form(
    request: Request,
    child_id: UUID,
    collection: Collection,
    entry_id: UUID,
    user: PageUser,
    services: ServicesDep,
) -> Response:
    ids = (child_id, collection, entry_id)
    return amend_page(request, user, services, ids, "correction")


@router.get("/children/{child_id}/{collection}/{entry_id}/withdrawal")
def withdrawal_form(
    request: Request,
    child_id: UUID,
    collection: Collection,
    entry_id: UUID,
    user: PageUser,
    services: ServicesDep,
) -> Response:
    return amend_page(request, user, services, (child_id, collection, entry_id), "withdrawal")


def amendment_posted(
    request: Request,
    child_id: UUID,
    entry_id: UUID,
    change: Change,
    user: FormUser,
    services: ServicesDep,
    form: PostedForm,
) -> Response:
    """A correction or a withdrawal, through the API's route for the entry's kind."""
    collection = cast(Collection, request.url.path.split("/")[3])
    values = {"text": text(form, "text"), "reason": text(form, "reason")}
    entry_type = ENTRY_TYPES[collection]

    def call() -> Any:
        reason = values["reason"].strip() or None
        if change == "correction":
            body: Any = CorrectionCreate.model_validate({"text": values["text"], "reason": reason})
        else:
            body = WithdrawalCreate.model_validate({"reason": reason})
        verb = "correct" if change == "correction" else "withdraw"
        return journey_route(f"{verb}_{entry_type}")(
            child_id=child_id,
            entry_id=entry_id,
            body=body,
            principal=user.principal,
            services=services,
        )

    outcome = attempt(user, form, request.url.path, call)
    if not outcome.ok:
        ids = (child_id, collection, entry_id)
        return amend_page(request, user, services, ids, change, values, outcome, form)
    return saved(child_id, outcome, change, entry_id)


@router.post("/children/{child_id}/{collection}/{entry_id}/sharing")
def sharing_posted(
    request: Request,
    child_id: UUID,
    collection: Collection,
    entry_id: UUID,
    user: FormUser,
    services: ServicesDep,
    form: PostedForm,
) -> Response:
    """ "Share with parents" on the timeline: through the API's route for the entry's kind, then
    back to the entry (a problem, such as an entry shared already, is the error page)."""
    outcome = attempt(
        user,
        form,
        request.url.path,
        lambda: journey_route(f"share_{ENTRY_TYPES[collection]}")(
            child_id=child_id, entry_id=entry_id, principal=user.principal, services=services
        ),
    )
    if not outcome.ok:
        raise Problem(409, outcome.message or "the entry could not be shared", slug="rule-broken")
    return saved(child_id, outcome, "shared", entry_id)


# One route per kind of entry, each path spelling its collection: a path whose second part is any
# word would also catch other pages' forms under a child (``/children/{id}/holds/{id}/release``).
for _collection in get_args(Collection):
    router.add_api_route(
        f"/children/{{child_id}}/{_collection}/{{entry_id}}/{{change}}",
        amendment_posted,
        methods=["POST"],
    )
