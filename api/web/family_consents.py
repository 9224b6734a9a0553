"""Consent in the parent's own hands (the family pages): the setting's requests to answer, every
consent for the child whoever recorded it, giving one to a school or setting chosen by name,
withdrawing one (after a confirmation), and the receipt of each decision to keep, as a page and
as a FHIR Consent resource. The pages call ``api/routes/family_consents.py`` (guard, access log,
one-transaction writes)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.routes import family_consents as api
from api.routes.consents import consent_public
from api.schemas.consents import ParentConsentCreate, ParentDecision
from api.services import Services
from api.web.audit_words import when
from api.web.deps import FamilyForm, FamilyUser, PostedForm
from api.web.forms import Outcome, attempt, new_form_key
from api.web.managing import directory, grouped_by_kind, names_of, org_name
from api.web.render import json_download, render, see_other
from api.web.session import WebUser
from consent.vocabulary import CATEGORY_NAMES, PURPOSE_NAMES, Purpose, Status
from domain.consents.commands import purpose_for
from domain.errors import NotFound

router = APIRouter(include_in_schema=False)
# What each category and purpose means, in a parent's words (``{name}``: the child's).
MEANINGS = {
    "journey": "what staff saw {name} do and learn, day to day",
    "assessments": "the progress check at two, and the summary written for school",
    "voices": "what {name} said, and what you wrote, in your own words",
    "send": "any special educational needs, and the support {name} gets",
    "progress_check": "the progress check at two alone: how {name} is getting on in talking, "
    "moving, and getting on with others",
    "transition": "so that the school knows {name} before the first day",
    "care": "so that the settings caring for {name} can work together",
    "integrated_review": "so that the health visitor's review at two and the setting's progress "
    "check are one conversation about {name}, not two",
    "team_around_the_child": "so that the professionals helping {name} and your family work "
    "from what the setting knows, instead of asking you again",
}
DONE = {
    "given": "Your consent is recorded. This page is your receipt.",
    "withdrawn": "Your consent is withdrawn. Nothing more is shared under it from now on.",
    "declined": "You said no. The setting can see your answer; nothing is shared.",
}


def _base(child_id: UUID) -> str:
    return f"/family/children/{child_id}"


def consents_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    status: int = 200,
    notice: str | None = None,
    given: dict[str, Any] | None = None,
) -> Response:
    """The child's consents; ``given``: a posted form's ``outcome`` and ``typed`` values."""
    seen = api.family_consents(child_id, user.principal, services)
    child, parent_id = seen.child, user.principal.parent_id
    assert parent_id is not None  # a family page: FamilyUser let only a parent through
    home = child.home_setting(parent_id) if child.current_settings() else None
    recipients = {c.recipient_id for c in seen.consents} | {
        r.recipient_id for r in seen.open_requests
    }
    setting_ids = {r.setting_id for r in seen.open_requests}
    return render(
        request,
        user,
        "web/family_consents/consents.html",
        status,
        child=child,
        base=_base(child_id),
        current=[c for c in seen.consents if c.status is Status.ACTIVE],
        past=[c for c in seen.consents if c.status is not Status.ACTIVE],
        open_requests=seen.open_requests,
        names=names_of(services, recipients | setting_ids),
        may_decide=seen.may_decide,
        me=str(parent_id),
        choices=grouped_by_kind(directory(services), leaving_out=home) if home else [],
        categories=CATEGORY_NAMES,
        purposes=PURPOSE_NAMES,
        meanings=MEANINGS,
        form_key=new_form_key(),
        given=given,
        notice=notice,
    )


@router.get("/family/children/{child_id}/consents")
def consents(
    request: Request,
    child_id: UUID,
    user: FamilyUser,
    services: ServicesDep,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    return consents_page(request, user, services, child_id, notice=DONE.get(done or ""))


def _purpose_for(services: Services, recipient: str) -> str:
    """What sharing with the chosen recipient is for, from its kind: a school, moving on to
    school; another early-years setting, caring for the child together; a health visiting team,
    the review at two; another professional, the team around the child (so a parent never has
    to match the two)."""
    try:
        kind = services.app.organisation(UUID(recipient)).kind
    except (ValueError, NotFound):  # not an organisation: the API says what is wrong
        return Purpose.TRANSITION
    return purpose_for(kind)


def _typed_consent(services: Services, form: PostedForm) -> dict[str, Any]:
    recipient = str(form.get("recipient") or "").strip()
    optional = {k: str(form.get(k) or "").strip() for k in ("valid_until", "request_id")}
    purpose = str(form.get("purpose") or "").strip() or _purpose_for(services, recipient)
    return {
        "recipient_id": recipient,
        "purpose": purpose,
        "categories": [c for c in form.getlist("categories") if isinstance(c, str)],
        **{k: v for k, v in optional.items() if v},
    }


@router.post("/family/children/{child_id}/consents")
def give(
    request: Request, child_id: UUID, user: FamilyForm, form: PostedForm, services: ServicesDep
) -> Response:
    """The parent gives consent (a new one, or in answer to the setting's request)."""
    typed = _typed_consent(services, form)
    outcome = attempt(
        user,
        form,
        f"{_base(child_id)}/consents",
        lambda: api.give_consent(
            child_id=child_id,
            body=ParentConsentCreate.model_validate(typed),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        if outcome.result is None:  # the same form posted twice: its consent is on the list
            return see_other(f"{_base(child_id)}/consents")
        return see_other(f"{_base(child_id)}/consents/{outcome.result.id}?done=given")
    if "request_id" in typed:
        return _request_page(
            request, user, services, child_id, UUID(typed["request_id"]), outcome, typed
        )
    return consents_page(
        request, user, services, child_id, 422, given={"outcome": outcome, "typed": typed}
    )


# -- the setting's request ----------------------------------------------------------------------


@router.get("/family/children/{child_id}/consent-requests/{request_id}")
def answer(
    request: Request, child_id: UUID, request_id: UUID, user: FamilyUser, services: ServicesDep
) -> Response:
    """The setting's request in plain words, to give or decline."""
    return _request_page(request, user, services, child_id, request_id)


def _request_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    request_id: UUID,
    outcome: Outcome[Any] | None = None,
    typed: dict[str, Any] | None = None,
    declining: bool = False,
) -> Response:
    seen = api.family_consents(child_id, user.principal, services)
    asked = next((r for r in seen.open_requests if r.id == request_id), None)
    names = names_of(services, {asked.recipient_id, asked.setting_id}) if asked else {}
    return render(
        request,
        user,
        "web/family_consents/request.html",
        422 if outcome else 200,
        child=seen.child,
        base=_base(child_id),
        asked=asked,
        names=names,
        may_decide=seen.may_decide,
        categories=CATEGORY_NAMES,
        purposes=PURPOSE_NAMES,
        meanings=MEANINGS,
        form_key=new_form_key(),
        outcome=None if declining else outcome,
        declined=outcome if declining else None,
        typed=typed or {},
    )


@router.post("/family/children/{child_id}/consent-requests/{request_id}/decline")
def decline(
    request: Request,
    child_id: UUID,
    request_id: UUID,
    user: FamilyForm,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    typed = {"reason": str(form.get("reason") or "").strip() or None}
    outcome = attempt(
        user,
        form,
        f"{_base(child_id)}/consent-requests/{request_id}/decline",
        lambda: api.decline_request(
            child_id=child_id,
            request_id=request_id,
            body=ParentDecision.model_validate(typed),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        return see_other(f"{_base(child_id)}/consents?done=declined")
    return _request_page(
        request, user, services, child_id, request_id, outcome, typed, declining=True
    )


# -- one consent: its receipt, and withdrawing it -------------------------------------------------


@router.get("/family/children/{child_id}/consents/{consent_id}")
def receipt(
    request: Request,
    child_id: UUID,
    consent_id: UUID,
    user: FamilyUser,
    services: ServicesDep,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    """The receipt to keep: who decided, when, for whom, what, where it stands, its history,
    and how to withdraw it."""
    child, record = api.family_consent(child_id, consent_id, user.principal, services)
    today = services.app.today()
    shown = consent_public(record, today)
    parent_id = user.principal.parent_id
    return render(
        request,
        user,
        "web/family_consents/receipt.html",
        child=child,
        base=_base(child_id),
        c=shown,
        by_me=shown.given_by_parent_id == parent_id,
        recipient=org_name(services, shown.recipient_id),
        setting=org_name(services, shown.setting_id),
        recorded=when(shown.recorded_at),
        history=[
            {
                "at": when(h.at),
                "said": _sentence(h.detail or h.event),
                "who": _who(services, child, h.by, parent_id, shown.setting_id),
            }
            for h in shown.history
        ],
        may_decide=services.app.parent_may_decide(child, parent_id) if parent_id else False,
        categories=CATEGORY_NAMES,
        purposes=PURPOSE_NAMES,
        meanings=MEANINGS,
        notice=DONE.get(done or ""),
    )


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def _who(services: Services, child: Any, by: UUID | None, me: UUID | None, setting_id: UUID) -> str:
    """Who recorded a step of the consent's history, as the parent reads it."""
    if by is None:
        return "Baton"
    if by == me:
        return "you, signed in"
    if str(by) in child.parents:
        return f"{services.app.parent(by).name}, signed in"
    return f"staff at {org_name(services, setting_id)}"


@router.get("/family/children/{child_id}/consents/{consent_id}/receipt.json")
def receipt_json(
    child_id: UUID, consent_id: UUID, user: FamilyUser, services: ServicesDep
) -> Response:
    """The receipt as a FHIR R4 Consent resource, saved as a file."""
    resource = api.family_consent_fhir(child_id, consent_id, user.principal, services)
    return json_download(resource, f"consent-{consent_id}.json", "application/fhir+json")


@router.get("/family/children/{child_id}/consents/{consent_id}/withdrawal")
def withdrawal(
    request: Request, child_id: UUID, consent_id: UUID, user: FamilyUser, services: ServicesDep
) -> Response:
    """Are you sure? What withdrawing does, in plain words."""
    return _withdrawal_page(request, user, services, child_id, consent_id)


def _withdrawal_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    consent_id: UUID,
    outcome: Outcome[Any] | None = None,
    reason: str = "",
) -> Response:
    child, record = api.family_consent(child_id, consent_id, user.principal, services)
    shown = consent_public(record, services.app.today())
    parent_id = user.principal.parent_id
    return render(
        request,
        user,
        "web/family_consents/withdrawal.html",
        422 if outcome else 200,
        child=child,
        base=_base(child_id),
        c=shown,
        recipient=org_name(services, shown.recipient_id),
        may_decide=services.app.parent_may_decide(child, parent_id) if parent_id else False,
        categories=CATEGORY_NAMES,
        purposes=PURPOSE_NAMES,
        meanings=MEANINGS,
        form_key=new_form_key(),
        outcome=outcome,
        reason=reason,
    )


@router.post("/family/children/{child_id}/consents/{consent_id}/withdrawal")
def withdraw(
    request: Request,
    child_id: UUID,
    consent_id: UUID,
    user: FamilyForm,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    reason = str(form.get("reason") or "").strip()
    outcome = attempt(
        user,
        form,
        f"{_base(child_id)}/consents/{consent_id}/withdrawal",
        lambda: api.withdraw_consent(
            child_id=child_id,
            consent_id=consent_id,
            body=ParentDecision.model_validate({"reason": reason or None}),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        return see_other(f"{_base(child_id)}/consents/{consent_id}?done=withdrawn")
    return _withdrawal_page(request, user, services, child_id, consent_id, outcome, reason)
