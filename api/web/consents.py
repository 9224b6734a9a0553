"""Consent (a manager): the setting's consent register, and recording a parent's decision on a
child's page (giving or withdrawing consent), through the API's consent routes."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.routes import consent_requests as request_api
from api.routes import consents as api
from api.routes import settings_views
from api.schemas.consents import (
    ConsentCreate,
    ConsentRequestCancellation,
    ConsentRequestCreate,
    ConsentWithdrawal,
)
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import Outcome, attempt
from api.web.managing import managers_only, names_of, org_id
from api.web.records import manage_page
from api.web.render import render, see_other
from consent.vocabulary import CATEGORY_NAMES, PURPOSE_NAMES, Status

router = APIRouter(include_in_schema=False)


@router.get("/consents")
def register(
    request: Request,
    user: PageUser,
    services: ServicesDep,
    show: Annotated[str | None, Query(alias="status")] = None,
    cursor: Annotated[str | None, Query()] = None,
) -> Response:
    """Who consented to what, for which child, until when; filtered by status, a page at a time."""
    managers_only(services, user, "consent-register")
    status = Status(show) if show in set(Status) else None  # "" or unknown: every status
    page = settings_views.consent_register(
        org_id(user),
        user.principal,
        services,
        status=status,
        expiring_within_days=None,
        cursor=cursor,
        limit=50,
        after=None,
    )
    names = names_of(services, {r.recipient_id for r in page.items})
    return render(
        request,
        user,
        "web/consents/register.html",
        page=page,
        names=names,
        shown=status.value if status else "",
        statuses=[s.value for s in Status],
        categories=CATEGORY_NAMES,
        purposes=PURPOSE_NAMES,
    )


def _typed_consent(form: PostedForm) -> dict[str, Any]:
    """What the consent form holds, as the API takes it (empty optional fields left out). The
    form offers organisations by name; a posted ``recipient_reference`` (an id, as the form
    once asked for) is still taken."""
    text = {k: str(form.get(k) or "").strip() for k in ("given_by", "relationship", "purpose")}
    recipient = str(form.get("recipient") or "").strip()
    if recipient == "other":
        recipient = str(form.get("recipient_reference") or "").strip()
    optional = {k: str(form.get(k) or "").strip() for k in ("evidence", "valid_until")}
    return {
        **text,
        "recipient_id": recipient,
        "categories": [c for c in form.getlist("categories") if isinstance(c, str)],
        "parental_responsibility": form.get("parental_responsibility") == "yes",
        **{k: v for k, v in optional.items() if v},
    }


@router.post("/children/{child_id}/consents")
def give(
    request: Request, child_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    typed = _typed_consent(form)
    outcome = attempt(
        user,
        form,
        f"/children/{child_id}/consents",
        lambda: api.give_consent(
            child_id=child_id,
            body=ConsentCreate.model_validate(typed),
            principal=user.principal,
            services=services,
        ),
    )
    return _back(request, user, services, child_id, outcome, "consent", typed)


@router.post("/children/{child_id}/consents/{consent_id}/withdrawal")
def withdraw(
    request: Request,
    child_id: UUID,
    consent_id: UUID,
    user: FormUser,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    typed = {k: str(form.get(k) or "").strip() or None for k in ("withdrawn_by", "reason")}
    outcome = attempt(
        user,
        form,
        f"/children/{child_id}/consents/{consent_id}/withdrawal",
        lambda: api.withdraw_consent(
            child_id=child_id,
            consent_id=consent_id,
            body=ConsentWithdrawal.model_validate(typed),
            principal=user.principal,
            services=services,
        ),
    )
    return _back(request, user, services, child_id, outcome, "withdrawal", typed, str(consent_id))


@router.post("/children/{child_id}/consent-requests")
def ask(
    request: Request, child_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    """Ask the parents for a consent (recipient chosen by name, as for recording one)."""
    typed = {
        "recipient_id": str(form.get("recipient") or "").strip(),
        "purpose": str(form.get("purpose") or "").strip(),
        "categories": [c for c in form.getlist("categories") if isinstance(c, str)],
    }
    outcome = attempt(
        user,
        form,
        f"/children/{child_id}/consent-requests",
        lambda: request_api.request_consent(
            child_id=child_id,
            body=ConsentRequestCreate.model_validate(typed),
            principal=user.principal,
            services=services,
        ),
    )
    return _back(request, user, services, child_id, outcome, "asking", typed)


@router.post("/children/{child_id}/consent-requests/{request_id}/cancellation")
def cancel_request(
    request: Request,
    child_id: UUID,
    request_id: UUID,
    user: FormUser,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    typed = {"reason": str(form.get("reason") or "").strip() or None}
    outcome = attempt(
        user,
        form,
        f"/children/{child_id}/consent-requests/{request_id}/cancellation",
        lambda: request_api.cancel_consent_request(
            child_id=child_id,
            request_id=request_id,
            body=ConsentRequestCancellation.model_validate(typed),
            principal=user.principal,
            services=services,
        ),
    )
    return _back(request, user, services, child_id, outcome, "cancellation", typed, str(request_id))


def _back(
    request: Request,
    user: Any,
    services: Any,
    child_id: UUID,
    outcome: Outcome[Any],
    name: str,
    typed: dict[str, Any],
    which: str | None = None,
) -> Response:
    """Recorded: back to the child's page at its consents; else the page with the form's
    problems beside what was typed."""
    if outcome.ok:
        return see_other(f"/children/{child_id}/manage?done={name}#consents")
    form: Any = {"outcome": outcome, "typed": typed, "which": which}
    return manage_page(request, user, services, child_id, 422, None, **{name: form})
