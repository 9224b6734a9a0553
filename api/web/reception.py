"""The reception year on the school's pages: its reception class (the children it took on after
acknowledging their packets), the EYFS profile form, and the CTF downloads for its MIS.

Every page calls the API's own route functions: authorisation, the access log and the
one-transaction writes are the API's. The CTF downloads are attachments, never cached.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.deps import ServicesDep
from api.routes import children as child_routes
from api.routes import enrolments, reception
from api.schemas.journey import EnrolmentCreate
from api.schemas.reception import EyfsProfileCreate, EyfsProfilePublic
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.entries import form_key
from api.web.forms import Outcome, attempt, new_form_key
from api.web.render import render, see_other
from api.web.session import WebUser
from domain.errors import NotFound
from domain.journey.eyfs import AREA_TITLES, EARLY_LEARNING_GOALS, GLD_AREAS, Area
from domain.organisations.organisation import OrganisationKind, Role

router = APIRouter(include_in_schema=False)
# The 17 goals grouped by area, each area saying whether it counts towards a good level of
# development (the form's radio pairs).
GOALS_BY_AREA = [
    (
        AREA_TITLES[area],
        area in GLD_AREAS,
        [(code, title) for code, (a, title) in EARLY_LEARNING_GOALS.items() if a is area],
    )
    for area in Area
]


def _at_school(user: WebUser) -> bool:
    return user.principal.org_kind is OrganisationKind.SCHOOL


def reception_context(user: WebUser, services: Services) -> dict[str, Any]:
    """What the children page adds at a school: the children waiting to join the class (whose
    packets it acknowledged), a form to enrol each for its manager, and the class's CTF."""
    if not _at_school(user):
        return {"reception": False}
    school_id, _ = user.principal.staff_ref()
    waiting = reception.waiting_to_join(school_id, user.principal, services).items
    return {
        "reception": True,
        "waiting": waiting,
        "can_take_on": user.has(Role.MANAGER),
        "can_export": user.has(Role.TEACHER, Role.MANAGER),
        "today": services.app.today().isoformat(),
        "form_key": new_form_key(),
    }


@router.post("/reception/{child_id}/enrolment")
def take_on(
    request: Request, child_id: UUID, user: FormUser, services: ServicesDep, form: PostedForm
) -> Response:
    """The school's manager adds the child to the reception class (the API's enrolment)."""
    school_id, _ = user.principal.staff_ref()
    started = form.get("started_on")

    def call() -> Any:
        body = EnrolmentCreate.model_validate({"setting_id": school_id, "started_on": started})
        return enrolments.enrol_child(
            child_id=child_id, body=body, principal=user.principal, services=services
        )

    outcome = attempt(user, form, request.url.path, call)
    if not outcome.ok:
        return render(
            request, user, "web/reception/problem.html", status=422, message=outcome.message
        )
    position = outcome.result.position if outcome.result else None
    return see_other(f"/children?after={position}" if position else "/children")


def _current(user: WebUser, services: Services, child_id: UUID) -> EyfsProfilePublic | None:
    try:
        return reception.get_eyfs_profile(child_id, user.principal, services)
    except NotFound:
        return None


def _profile_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    values: dict[str, Any] | None = None,
    outcome: Outcome[Any] | None = None,
    form: FormData | None = None,
    saved: bool = False,
) -> Response:
    child = child_routes.get_child(child_id, user.principal, services)
    current = _current(user, services, child_id)
    if values is None:
        values = {
            "assessed_on": (current.assessed_on if current else services.app.today()).isoformat(),
            "goals": {c: g.value for c, g in current.goals.items()} if current else {},
            "comments": current.comments if current and current.comments else "",
        }
    return render(
        request,
        user,
        "web/reception/profile.html",
        status=422 if outcome else 200,
        child=child,
        current=current,
        values=values,
        areas=GOALS_BY_AREA,
        message=outcome.message if outcome else None,
        errors=outcome.errors if outcome else {},
        targets={f"goals.{code}": f"goal-{code}" for code in EARLY_LEARNING_GOALS},
        form_key=form_key(form),
        can_record=user.has(Role.TEACHER, Role.MANAGER),
        saved=saved,
    )


@router.get("/children/{child_id}/eyfs-profile")
def profile_form(
    request: Request,
    child_id: UUID,
    user: PageUser,
    services: ServicesDep,
    saved: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    """The child's EYFS profile: its good level of development, and the form for the 17 goals."""
    return _profile_page(request, user, services, child_id, saved=saved == "yes")


@router.post("/children/{child_id}/eyfs-profile")
def profile_posted(
    request: Request, child_id: UUID, user: FormUser, services: ServicesDep, form: PostedForm
) -> Response:
    values: dict[str, Any] = {
        "assessed_on": str(form.get("assessed_on") or ""),
        "goals": {
            code: str(form.get(f"goal_{code}"))
            for code in EARLY_LEARNING_GOALS
            if form.get(f"goal_{code}")
        },
        "comments": str(form.get("comments") or "").strip(),
    }

    def call() -> Any:
        body = EyfsProfileCreate.model_validate({**values, "comments": values["comments"] or None})
        return reception.record_eyfs_profile(
            child_id=child_id, body=body, principal=user.principal, services=services
        )

    outcome = attempt(user, form, request.url.path, call)
    if not outcome.ok:
        return _profile_page(request, user, services, child_id, values, outcome, form)
    return see_other(f"/children/{child_id}/eyfs-profile?saved=yes")


@router.get("/children/{child_id}/eyfs-profile.xml")
def profile_ctf(child_id: UUID, user: PageUser, services: ServicesDep) -> Response:
    """The child's profile as a CTF file, for the school's MIS."""
    return reception.child_profile_ctf(child_id, user.principal, services)


@router.get("/reception/eyfs-profiles.xml")
def class_ctf(
    user: PageUser,
    services: ServicesDep,
    academic_year: Annotated[int | None, Query(ge=2021, le=2100)] = None,
) -> Response:
    """Every profile of the year at the school, in one CTF file for its MIS."""
    school_id, _ = user.principal.staff_ref()
    return reception.school_profiles_ctf(school_id, user.principal, services, academic_year)
