"""A parent adds a moment from home (or their view) to their child's journal, with photos.

The photos go through the staff's pipeline (checked from their bytes, stripped of location and
camera details, sealed under the child's key) before anything is written; then the moment and
its photos are one transaction (``api/family.py``). A problem comes back into the form with
what was typed; the form's key makes a double tap record once.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from api import family
from api.access import open_family_child
from api.deps import ServicesDep
from api.schemas.family import MomentCreate, MomentRecorded
from api.services import Services
from api.web.deps import FamilyForm, FamilyUser, PostedForm
from api.web.entries import form_key, friendlier, text
from api.web.family_words import Words, first_name
from api.web.forms import Outcome, attempt
from api.web.photos import prepare_uploads
from api.web.render import render, see_other
from api.web.session import WebUser
from domain.access_log.entry import Action

router = APIRouter(include_in_schema=False)
FIELDS = ("text", "recorded_on")


def moment_form(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    values: dict[str, Any],
    form: FormData | None = None,
    outcome: Outcome[Any] | None = None,
) -> Response:
    child = open_family_child(services, user.principal, child_id, Action.READ, "moment")
    words = Words(services, family.parent_of(user.principal))
    return render(
        request,
        user,
        "web/family/moment.html",
        status=422 if outcome else 200,
        child=child,
        first_name=first_name(child),
        settings=[words.setting(s) for s in child.current_settings()],
        values=values,
        message=outcome.message if outcome else None,
        errors=friendlier(outcome, values) if outcome else {},
        form_key=form_key(form),
        limit_mb=services.settings.photo_max_bytes // 1_000_000,
    )


@router.get("/family/children/{child_id}/moments/new")
def new_moment(
    request: Request, child_id: UUID, user: FamilyUser, services: ServicesDep
) -> Response:
    """The form: what happened, the day (today unless changed), and photos if any."""
    values = {"text": "", "recorded_on": services.app.today().isoformat()}
    return moment_form(request, user, services, child_id, values)


@router.post("/family/children/{child_id}/moments/new")
def moment_posted(
    request: Request, child_id: UUID, user: FamilyForm, form: PostedForm, services: ServicesDep
) -> Response:
    values = {f: text(form, f).strip() for f in FIELDS}

    def call() -> MomentRecorded:
        body = MomentCreate.model_validate(values)
        uploads = [u for u in form.getlist("photos") if not isinstance(u, str)]
        photos = prepare_uploads(services, uploads)
        return family.record_moment(
            services, user.principal, child_id, body.text, body.recorded_on, photos
        )

    outcome = attempt(user, form, request.url.path, call)
    if not outcome.ok:
        return moment_form(request, user, services, child_id, values, form, outcome)
    journal = f"/family/children/{child_id}"
    if outcome.result is None:  # the same form again (a double tap): the moment is there
        return see_other(journal)
    return see_other(f"{journal}?saved=moment#entry-{outcome.result.id}")
