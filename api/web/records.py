"""A child's page for managers: enrolments and leaving, consents, holds, the subject's record
and erasure. ``manage_page`` renders it, also for a form of it that needs correcting (the
consent and leaving forms post to ``consents.py`` and ``enrolments.py``)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.access import open_child
from api.deps import ServicesDep
from api.routes import consent_requests as request_api
from api.routes import consents as consent_api
from api.routes import forgetting as api
from api.schemas.forgetting import ErasureCreate
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import Outcome, attempt, new_form_key
from api.web.managing import directory, grouped_by_kind, names_of, org_id, org_name
from api.web.render import json_download, render
from api.web.session import WebUser
from consent.vocabulary import CATEGORY_NAMES, PURPOSE_NAMES, Relationship
from domain.access_log.entry import Action
from domain.journey.child import Child
from domain.organisations.organisation import Role

router = APIRouter(include_in_schema=False)


def _open(services: Services, user: WebUser, child_id: UUID) -> Child:
    """The child, for a manager of a setting that enrols or enrolled them (else 403/404,
    logged)."""
    return open_child(
        services, user.principal, child_id, Action.READ, "child", roles=(Role.MANAGER,)
    )


def manage_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    status: int = 200,
    notice: str | None = None,
    **forms: Any,
) -> Response:
    """The page; ``forms`` holds a posted form's ``outcome`` and ``typed`` values by name
    (``consent``, ``leaving``, ``withdrawal``, ``asking``, ``cancellation``) to show beside
    what was typed."""
    child = _open(services, user, child_id)
    consents = consent_api.list_consents(child_id, user.principal, services).items
    requests = request_api.list_consent_requests(child_id, user.principal, services).items
    here = org_id(user)
    return render(
        request,
        user,
        "web/manage/child.html",
        status,
        child=child,
        here=str(here),
        enrolled_here=child.is_enrolled_at(here),
        enrolments=[{**e, "name": org_name(services, e["setting_id"])} for e in child.enrolments],
        consents=consents,
        requests=list(reversed(requests)),  # newest first
        names=names_of(
            services, {c.recipient_id for c in consents} | {r.recipient_id for r in requests}
        ),
        recipients=grouped_by_kind(directory(services), leaving_out=here),
        holds=[{**h, "by": org_name(services, h["org_id"])} for h in child.holds.values()],
        categories=CATEGORY_NAMES,
        purposes=PURPOSE_NAMES,
        relationships=[r.value for r in Relationship],
        today=services.app.today().isoformat(),
        form_key=new_form_key(),
        forms=forms,
        notice=notice,
    )


DONE = {
    "enrolled": "The child is enrolled. Record the parents' consents below.",
    "consent": "The parent's decision is recorded.",
    "withdrawal": "The consent is withdrawn: sharing under it stops now.",
    "asking": "The parents are asked. They answer on their own pages; you will see it here.",
    "cancellation": "The request is cancelled: the parents are no longer asked.",
    "left": "Their leaving is recorded.",
}


@router.get("/children/{child_id}/manage")
def manage(
    request: Request,
    child_id: UUID,
    user: PageUser,
    services: ServicesDep,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    return manage_page(request, user, services, child_id, notice=DONE.get(done or ""))


@router.get("/children/{child_id}/record")
def record_summary(
    request: Request, child_id: UUID, user: PageUser, services: ServicesDep
) -> Response:
    """The subject's record, readable (a subject access request is answered from this)."""
    record = api.subject_record(child_id, user.principal, services)
    setting_names = {str(e.setting_id): org_name(services, e.setting_id) for e in record.enrolments}
    return render(
        request,
        user,
        "web/manage/record.html",
        record=record,
        setting_names=setting_names,
        categories=CATEGORY_NAMES,
    )


@router.get("/children/{child_id}/record.json")
def record_download(child_id: UUID, user: PageUser, services: ServicesDep) -> Response:
    """The subject's record as the API gives it, saved as a file."""
    record = api.subject_record(child_id, user.principal, services)
    return json_download(record, f"subject-record-{child_id}.json")


@router.get("/children/{child_id}/erasure")
def erasure_check(
    request: Request, child_id: UUID, user: PageUser, services: ServicesDep
) -> Response:
    """Are you sure? Erasure cannot be undone."""
    return _erasure_page(request, user, services, child_id, None, "")


def _erasure_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    outcome: Outcome[Any] | None,
    reason: str,
) -> Response:
    child = _open(services, user, child_id)
    held = [h for h in child.holds.values() if not h["released_at"]]
    return render(
        request,
        user,
        "web/manage/erasure.html",
        422 if outcome else 200,
        child=child,
        held=held,
        outcome=outcome,
        reason=reason,
        form_key=new_form_key(),
    )


@router.post("/children/{child_id}/erasure")
def erase(
    request: Request, child_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    reason = str(form.get("reason") or "").strip()
    outcome = attempt(
        user,
        form,
        f"/children/{child_id}/erasure",
        lambda: api.erase_child(
            child_id=child_id,
            body=ErasureCreate.model_validate({"reason": reason}),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        return render(request, user, "web/manage/erased.html")
    return _erasure_page(request, user, services, child_id, outcome, reason)
