"""Recording a child's journey: an observation, the child's or parent's voice, an assessment.

Each form posts to its own page, which calls the API's route function (authorisation, the
access log and the one-transaction write are the API's), then sends the browser to the child's
page at the write's position, so the new entry is on the timeline. A problem re-renders the
form with everything typed and each field's error beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.deps import ServicesDep
from api.routes import children as child_routes
from api.routes import journey
from api.schemas.journey import AssessmentCreate, ObservationCreate, VoiceCreate
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import Outcome, attempt, new_form_key
from api.web.photos import attach_uploads, prepare_uploads
from api.web.render import render, see_other
from api.web.session import WebUser
from api.web.timeline import CHARACTERISTICS, JUDGEMENTS, KINDS
from domain.errors import InvalidField
from domain.journey.eyfs import AREA_TITLES, EARLY_LEARNING_GOALS, Area, VoiceKind

router = APIRouter(include_in_schema=False)
GOALS_BY_AREA = [
    (
        area.value,
        AREA_TITLES[area],
        [(c, t) for c, (a, t) in EARLY_LEARNING_GOALS.items() if a is area],
    )
    for area in Area
]
# What to say when a field is left empty (pydantic's own words are for programmers).
WHEN_EMPTY = {
    "area": "Choose the area of learning",
    "text": "Write what happened",
    "summary": "Write the summary",
    "observed_on": "Enter the date, for example 3 12 2026",
    "recorded_on": "Enter the date, for example 3 12 2026",
    "assessed_on": "Enter the date, for example 3 12 2026",
    "kind": "Choose which assessment this is",
}


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def ticked(form: FormData, name: str) -> bool:
    """A checkbox (``value="yes"``): sent only when ticked."""
    return form.get(name) == "yes"


def texts(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)]


def form_key(form: FormData | None) -> str:
    """The form's key again after a problem (so the corrected post still records once)."""
    key = form.get("form_key") if form else None
    return key if isinstance(key, str) and 0 < len(key) <= 64 else new_form_key()


def friendlier(outcome: Outcome[Any], values: dict[str, Any]) -> dict[str, str]:
    return {
        name: WHEN_EMPTY[name] if name in WHEN_EMPTY and not values.get(name) else message
        for name, message in outcome.errors.items()
    }


# What each form offers to choose from, beside what was typed.
AREAS = [(a.value, AREA_TITLES[a]) for a in Area]
FORM_CHOICES: dict[str, dict[str, Any]] = {
    "observation": {"areas": AREAS, "goals": GOALS_BY_AREA, "characteristics": CHARACTERISTICS},
    "voice": {"kinds": KINDS},
    "assessment": {"areas": AREAS, "judgements": JUDGEMENTS, "kinds": KINDS},
}


def form_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    template: str,
    values: dict[str, Any],
    *,
    form: FormData | None = None,
    outcome: Outcome[Any] | None = None,
    **context: Any,
) -> Response:
    """A form for the child (read as the API reads it: a refusal is the error page)."""
    child = child_routes.get_child(child_id, user.principal, services)
    return render(
        request,
        user,
        f"web/entries/{template}.html",
        status=422 if outcome else 200,
        child=child,
        values=values,
        message=outcome.message if outcome else None,
        errors=friendlier(outcome, values) if outcome else {},
        form_key=form_key(form),
        **FORM_CHOICES.get(template, {}),
        **context,
    )


def saved(child_id: UUID, outcome: Outcome[Any], what: str, entry_id: Any = None) -> Response:
    """To the child's page, once the view holds the write (a repeated post: as it stands)."""
    result = outcome.result
    if result is None:
        return see_other(f"/children/{child_id}")
    anchor = f"#entry-{entry_id or result.id}"
    return see_other(f"/children/{child_id}?after={result.position}&saved={what}{anchor}")


def record(
    request: Request,
    user: WebUser,
    services: Services,
    form: FormData,
    call: Callable[[], Any],
    page: Callable[[Outcome[Any]], Response],
    child_id: UUID,
    what: str,
) -> Response:
    """Post ``form``: ``call`` the API, then to the child's page, or ``page`` with the problem.

    Photos posted with an observation or "All about me" are checked and stripped before the
    entry is recorded (a refused photo records nothing), then attached to it."""

    def with_photos() -> Any:
        uploads = form.getlist("photos") if what in ("observation", "voice") else []
        prepared = prepare_uploads(services, [u for u in uploads if not isinstance(u, str)])
        result = call()
        if prepared:
            attach_uploads(services, user.principal, child_id, result.id, prepared)
        return result

    outcome = attempt(user, form, request.url.path, with_photos)
    if not outcome.ok:
        return page(outcome)
    return saved(child_id, outcome, what)


def check_goals(area: str, codes: list[str]) -> None:
    """The goals ticked are goals of the area chosen (the form lists every area's goals)."""
    if area not in Area.__members__:
        return
    stray = [c for c in codes if c in EARLY_LEARNING_GOALS and EARLY_LEARNING_GOALS[c][0] != area]
    if stray:
        named = ", ".join(EARLY_LEARNING_GOALS[c][1] for c in stray)
        raise InvalidField(
            "elgs",
            f"{named} {'is a goal' if len(stray) == 1 else 'are goals'} of another area: tick "
            f"goals of {AREA_TITLES[Area(area)]} only, or choose another area",
        )


@router.get("/children/{child_id}/observations/new")
def observation_form(
    request: Request, child_id: UUID, user: PageUser, services: ServicesDep
) -> Response:
    values = {"observed_on": services.app.today().isoformat(), "elgs": [], "characteristics": []}
    return form_page(request, user, services, child_id, "observation", values)


@router.post("/children/{child_id}/observations/new")
def observation_posted(
    request: Request, child_id: UUID, user: FormUser, services: ServicesDep, form: PostedForm
) -> Response:
    values: dict[str, Any] = {
        "area": text(form, "area"),
        "elgs": texts(form, "elgs"),
        "characteristics": texts(form, "characteristics"),
        "text": text(form, "text"),
        "observed_on": text(form, "observed_on"),
        "shared_with_parents": ticked(form, "shared_with_parents"),
    }

    def call() -> Any:
        check_goals(values["area"], values["elgs"])
        body = ObservationCreate.model_validate(values)
        return journey.record_observation(
            child_id=child_id, body=body, principal=user.principal, services=services
        )

    return record(
        request,
        user,
        services,
        form,
        call,
        lambda o: form_page(
            request, user, services, child_id, "observation", values, form=form, outcome=o
        ),
        child_id,
        "observation",
    )


@router.get("/children/{child_id}/voices/new")
def voice_form(
    request: Request,
    child_id: UUID,
    user: PageUser,
    services: ServicesDep,
    kind: Annotated[VoiceKind, Query()] = VoiceKind.CHILD,
) -> Response:
    values = {"kind": kind.value, "recorded_on": services.app.today().isoformat()}
    return form_page(request, user, services, child_id, "voice", values)


@router.post("/children/{child_id}/voices/new")
def voice_posted(
    request: Request, child_id: UUID, user: FormUser, services: ServicesDep, form: PostedForm
) -> Response:
    values: dict[str, Any] = {f: text(form, f) for f in ("kind", "text", "recorded_on")}
    values["shared_with_parents"] = ticked(form, "shared_with_parents")

    def call() -> Any:
        body = VoiceCreate.model_validate(values)
        return journey.record_voice(
            child_id=child_id, body=body, principal=user.principal, services=services
        )

    return record(
        request,
        user,
        services,
        form,
        call,
        lambda o: form_page(
            request, user, services, child_id, "voice", values, form=form, outcome=o
        ),
        child_id,
        "voice",
    )


@router.get("/children/{child_id}/assessments/new")
def assessment_form(
    request: Request, child_id: UUID, user: PageUser, services: ServicesDep
) -> Response:
    values = {"assessed_on": services.app.today().isoformat(), "areas": {}}
    return form_page(request, user, services, child_id, "assessment", values)


@router.post("/children/{child_id}/assessments/new")
def assessment_posted(
    request: Request, child_id: UUID, user: FormUser, services: ServicesDep, form: PostedForm
) -> Response:
    values: dict[str, Any] = {f: text(form, f) for f in ("kind", "assessed_on", "summary")}
    values["areas"] = {a.value: text(form, f"area_{a.value}") for a in Area}
    values["shared_with_parents"] = ticked(form, "shared_with_parents")

    def call() -> Any:
        judged = {a: j for a, j in values["areas"].items() if j}
        body = AssessmentCreate.model_validate({**values, "areas": judged})
        return journey.record_assessment(
            child_id=child_id, body=body, principal=user.principal, services=services
        )

    return record(
        request,
        user,
        services,
        form,
        call,
        lambda o: form_page(
            request, user, services, child_id, "assessment", values, form=form, outcome=o
        ),
        child_id,
        "assessment",
    )
