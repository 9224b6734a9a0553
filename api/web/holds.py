"""Placing and releasing a hold on a child's record, from the child's access history.

Both are the API's own routes (``POST /v1/children/{id}/holds`` and ``.../release``): only a DSL
of an organisation with a part in the child's record may, and each is in the access log.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.routes import forgetting
from api.schemas.forgetting import HoldCreate
from api.web.access_history import HoldForm, history_page
from api.web.deps import FormUser, PostedForm
from api.web.forms import attempt
from api.web.render import see_other

router = APIRouter(include_in_schema=False)


@router.post("/children/{child_id}/holds")
def place_hold(
    request: Request, child_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    reason = str(form.get("reason") or "")
    outcome = attempt(
        user,
        form,
        request.url.path,
        lambda: forgetting.place_hold(
            child_id=child_id,
            body=HoldCreate(reason=reason),
            principal=user.principal,
            services=services,
        ),
    )
    if outcome.ok:
        return see_other(f"/children/{child_id}/access?done=hold-placed#holds")
    shown = HoldForm(reason=reason, message=outcome.message, errors=outcome.errors)
    return history_page(request, user, services, child_id, hold_form=shown, status=422)


@router.post("/children/{child_id}/holds/{hold_id}/release")
def release_hold(
    request: Request,
    child_id: UUID,
    hold_id: UUID,
    user: FormUser,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    outcome = attempt(
        user,
        form,
        request.url.path,
        lambda: forgetting.release_hold(
            child_id=child_id, hold_id=hold_id, principal=user.principal, services=services
        ),
    )
    if outcome.ok:
        return see_other(f"/children/{child_id}/access?done=hold-released#holds")
    shown = HoldForm(message=outcome.message)
    return history_page(request, user, services, child_id, hold_form=shown, status=409)
