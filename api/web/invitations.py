"""An invitation link (``/invitations/{secret}``, from adding a member of staff, or a new sign-in
link a manager sends later): the member chooses a password, and is signed in (after the code
step while two-step sign-in is on).

The link is used once and lasts 7 days. A chosen password replaces any earlier one and ends
every session the member had, as changing it on the account page does. Using the link and
recording the password are one transaction: a failure leaves the link usable, and two tabs
cannot both set a password with it.
A link that is unknown, used, expired or for a deactivated member gets a page saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.deps import ServicesDep
from api.services import Services
from api.web.deps import PostedForm
from api.web.passwords import hash_password, record_password, weakness
from api.web.session import PARENT
from api.web.signin import (
    check_pre_session,
    password_passed,
    signed_in_to,
    signed_out_form,
    text,
)
from domain.errors import InvitationRefused
from domain.organisations.commands import Redeemed
from domain.organisations.organisation import Organisation, StaffRecord
from domain.parents.commands import PARENT_INVITATION_PREFIX
from domain.parents.parent import Parent

router = APIRouter(include_in_schema=False)
PAGE = "web/invitations/choose_password.html"


def _refused(request: Request, services: Services, why: InvitationRefused) -> Response:
    return signed_out_form(
        request, services, "web/invitations/refused.html", status=410, reason=str(why)
    )


def _good_password(
    request: Request, services: Services, form: FormData, about: dict[str, object]
) -> str | Response:
    """The argon2id hash of the password chosen, or the page again saying what to change."""
    password = text(form, "password", 2048)
    errors = weakness(password, text(form, "password_again", 2048))
    if errors:
        message = "Please check the fields marked below."
        context = {**about, "errors": errors}
        return signed_out_form(request, services, PAGE, 422, message=message, **context)
    return hash_password(password)


def _redeem(request: Request, services: Services, redeem: Callable[[], object]) -> object:
    """Use the link and record the password in one transaction; the refusal page if the link
    was used meanwhile (in another tab)."""
    try:
        return services.writes.run(redeem, encode=str)
    except InvitationRefused as why:
        return _refused(request, services, why)


@router.get("/invitations/{secret}")
def choose_password_page(secret: str, request: Request, services: ServicesDep) -> Response:
    if secret.startswith(PARENT_PREFIX):
        return _parent_page(secret, request, services)
    try:
        org, member = services.app.invitation_for(secret)
    except InvitationRefused as why:
        return _refused(request, services, why)
    return signed_out_form(request, services, PAGE, 200, **_about(org, member))


def _about(org: Organisation, member: StaffRecord) -> dict[str, object]:
    """Whom the page greets, and whether the password they choose replaces one."""
    return {"name": member["name"], "org_name": org.name, "replacing": "password_hash" in member}


@router.post("/invitations/{secret}")
def choose_password(
    secret: str, request: Request, services: ServicesDep, form: PostedForm
) -> Response:
    check_pre_session(request, form)
    if secret.startswith(PARENT_PREFIX):
        return _parent_chooses(secret, request, services, form)
    try:
        org, member = services.app.invitation_for(secret)
    except InvitationRefused as why:
        return _refused(request, services, why)
    password_hash = _good_password(request, services, form, _about(org, member))
    if isinstance(password_hash, Response):
        return password_hash

    def redeem() -> Redeemed:
        redeemed = services.app.redeem_invitation(secret)
        record_password(services, redeemed.org_id, redeemed.staff_id, password_hash)
        services.web_sessions.close_all(redeemed.staff_id)  # as a password change does
        return redeemed

    done = _redeem(request, services, redeem)
    if isinstance(done, Response):
        return done
    assert isinstance(done, Redeemed)
    totp = "totp_secret" in member  # a new link does not skip two-step sign-in
    return password_passed(request, services, done.org_id, done.staff_id, totp, "/home")


# -- a parent's or carer's link (``pv_...``, from ``POST /v1/children/{id}/parents``) ---------

PARENT_PREFIX = f"{PARENT_INVITATION_PREFIX}_"


def _parent_about(parent: Parent) -> dict[str, object]:
    return {"name": parent.name, "org_name": None, "replacing": parent.password_hash is not None}


def _parent_page(secret: str, request: Request, services: Services) -> Response:
    try:
        parent = services.app.parent_invitation_for(secret)
    except InvitationRefused as why:
        return _refused(request, services, why)
    return signed_out_form(request, services, PAGE, 200, **_parent_about(parent))


def _parent_chooses(secret: str, request: Request, services: Services, form: FormData) -> Response:
    try:
        parent = services.app.parent_invitation_for(secret)
    except InvitationRefused as why:
        return _refused(request, services, why)
    password_hash = _good_password(request, services, form, _parent_about(parent))
    if isinstance(password_hash, Response):
        return password_hash

    def redeem() -> UUID:
        parent_id = services.app.redeem_parent_invitation(secret, password_hash)
        assert services.sign_in_emails is not None
        services.sign_in_emails.add_parent(parent.email, parent_id)
        services.web_sessions.close_all(parent_id)  # as a password change does
        return parent_id

    parent_id = _redeem(request, services, redeem)
    if isinstance(parent_id, Response):
        return parent_id
    assert isinstance(parent_id, UUID)
    return signed_in_to(request, services, parent_id, parent_id, "/family", PARENT)
