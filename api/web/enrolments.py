"""Enrolments (a manager): enrolling a new child at the setting, and a child leaving it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.routes import children as children_api
from api.routes import forgetting as leaving_api
from api.schemas.forgetting import LeavingCreate
from api.schemas.journey import ChildCreate
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import Outcome, attempt, new_form_key
from api.web.managing import managers_only, org_id
from api.web.records import manage_page
from api.web.render import render, see_other
from api.web.session import WebUser
from domain.journey.eyfs import SendStatus

router = APIRouter(include_in_schema=False)
CHILD_FIELDS = ("given_name", "family_name", "preferred_name", "date_of_birth", "started_on")
SEND_NAMES = {
    SendStatus.NONE: "None",
    SendStatus.SEN_SUPPORT: "SEN support",
    SendStatus.EHC_PLAN: "Education, health and care plan",
}


def _form(
    request: Request, user: WebUser, typed: dict[str, Any], outcome: Outcome[Any] | None, key: str
) -> Response:
    return render(
        request,
        user,
        "web/manage/enrol.html",
        422 if outcome else 200,
        typed=typed,
        outcome=outcome,
        form_key=key,
        send_names=SEND_NAMES,
    )


@router.get("/enrolments/new")
def enrol_form(request: Request, user: PageUser, services: ServicesDep) -> Response:
    managers_only(services, user, "child")
    return _form(request, user, {}, None, new_form_key())


@router.post("/enrolments/new")
def enrol(request: Request, user: FormUser, form: PostedForm, services: ServicesDep) -> Response:
    """Register the child and enrol them here; then their page, to record consents."""
    managers_only(services, user, "child")
    typed = {k: str(form.get(k) or "").strip() for k in (*CHILD_FIELDS, "send_status")}
    body = {k: v for k, v in typed.items() if v}
    outcome = attempt(
        user,
        form,
        "/enrolments/new",
        lambda: children_api.register_child(
            body=ChildCreate.model_validate({**body, "setting_id": org_id(user)}),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.result is not None:
        return see_other(f"/children/{outcome.result.id}/manage?done=enrolled")
    if outcome.replayed:
        return see_other("/children")
    return _form(request, user, typed, outcome, new_form_key())


@router.post("/children/{child_id}/leaving")
def leave(
    request: Request, child_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    """The child's last day here: from then on only managers and the DSL read their record."""
    typed = {"left_on": str(form.get("left_on") or "").strip()}
    outcome = attempt(
        user,
        form,
        f"/children/{child_id}/leaving",
        lambda: leaving_api.record_leaving(
            child_id=child_id,
            body=LeavingCreate.model_validate({**typed, "setting_id": org_id(user)}),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        return see_other(f"/children/{child_id}/manage?done=left")
    leaving = {"outcome": outcome, "typed": typed}
    return manage_page(request, user, services, child_id, 422, leaving=leaving)
