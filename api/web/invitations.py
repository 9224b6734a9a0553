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

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.services import Services
from api.web.deps import PostedForm
from api.web.passwords import hash_password, record_password, weakness
from api.web.signin import check_pre_session, password_passed, signed_out_form, text
from domain.errors import InvitationRefused
from domain.organisations.commands import Redeemed
from domain.organisations.organisation import Organisation, StaffRecord

router = APIRouter(include_in_schema=False)
PAGE = "web/invitations/choose_password.html"


def _refused(request: Request, services: Services, why: InvitationRefused) -> Response:
    return signed_out_form(
        request, services, "web/invitations/refused.html", status=410, reason=str(why)
    )


@router.get("/invitations/{secret}")
def choose_password_page(secret: str, request: Request, services: ServicesDep) -> Response:
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
    try:
        org, member = services.app.invitation_for(secret)
    except InvitationRefused as why:
        return _refused(request, services, why)
    password = text(form, "password", 2048)
    errors = weakness(password, text(form, "password_again", 2048))
    if errors:
        message = "Please check the fields marked below."
        context = {**_about(org, member), "errors": errors}
        return signed_out_form(request, services, PAGE, 422, message=message, **context)
    password_hash = hash_password(password)

    def redeem() -> Redeemed:
        redeemed = services.app.redeem_invitation(secret)
        record_password(services, redeemed.org_id, redeemed.staff_id, password_hash)
        services.web_sessions.close_all(redeemed.staff_id)  # as a password change does
        return redeemed

    try:
        done = services.writes.run(redeem, encode=str)
    except InvitationRefused as why:  # used meanwhile, in another tab
        return _refused(request, services, why)
    assert isinstance(done, Redeemed)
    totp = "totp_secret" in member  # a new link does not skip two-step sign-in
    return password_passed(request, services, done.org_id, done.staff_id, totp, "/home")
