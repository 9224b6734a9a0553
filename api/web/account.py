"""``/account``: every signed-in person's own page: change their password, and turn two-step
sign-in (a TOTP authenticator app) on or off.

Changing the password needs the current one and ends the person's other sessions. Setting up
two-step sign-in shows a new secret (as text and a QR code, an SVG made by segno, which draws
with attributes only, so the page's policy against inline styles holds) that is kept in a sealed
cookie until the person confirms it with a code; only then is it recorded, in an event (events
are encrypted at rest).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import pyotp
import segno
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from api.deps import ServicesDep
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.passwords import password_matches, set_password, weakness
from api.web.render import render, see_other
from api.web.sealed import drop_cookie, open_cookie, seal_cookie
from api.web.session import WebUser, start_session
from api.web.signin import text
from api.web.totp import accept_code

router = APIRouter(include_in_schema=False)
ISSUER = "Baton"
DONE = {
    "password": "Your password is changed. You were signed out everywhere else.",
    "totp-on": "Two-step sign-in is on. Sign-in will ask for a code from your app.",
    "totp-off": "Two-step sign-in is off.",
}


def _member(services: Services, user: WebUser) -> dict[str, object]:
    org_id, staff_id = _ids(user)
    return dict(services.app.organisation(org_id).staff_record(staff_id))


def _page(
    request: Request, services: Services, user: WebUser, status: int = 200, **context: object
) -> Response:
    member = _member(services, user)
    return render(
        request,
        user,
        "web/account/account.html",
        status=status,
        email=member["email"],
        roles=sorted(user.principal.role_names),
        has_password="password_hash" in member,
        totp_on="totp_secret" in member,
        **context,
    )


@router.get("/account")
def account_page(
    request: Request,
    user: PageUser,
    services: ServicesDep,
    done: Annotated[str | None, Query()] = None,
) -> Response:
    return _page(request, services, user, notice=DONE.get(done or ""))


def _ids(user: WebUser) -> tuple[UUID, UUID]:
    org_id, staff_id = user.principal.org_id, user.principal.staff_id
    assert org_id is not None and staff_id is not None
    return org_id, staff_id


@router.post("/account/password")
def change_password(
    request: Request, user: FormUser, services: ServicesDep, form: PostedForm
) -> Response:
    """A new password (the current one first); every other session of theirs ends."""
    member = _member(services, user)
    errors = weakness(text(form, "password", 2048), text(form, "password_again", 2048))
    stored = member.get("password_hash")
    if stored is not None and not password_matches(str(stored), text(form, "current_password")):
        errors = {"current_password": "That is not your current password.", **errors}
    if errors:
        message = "Your password is not changed. Please check the fields marked below."
        return _page(request, services, user, 422, message=message, errors=errors)
    org_id, staff_id = _ids(user)
    set_password(services, org_id, staff_id, text(form, "password", 2048))
    services.web_sessions.close_all(staff_id)  # every session, then this one anew
    response = see_other("/account?done=password")
    start_session(request, response, services, org_id, staff_id)
    return response


def qr_code(uri: str) -> Markup:
    """The provisioning URI as an inline SVG QR code (attributes only: no style)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5,
        title="QR code for your authenticator app",
        svgclass="qr",
        light="#fff",
        omitsize=True,  # a viewBox: the stylesheet sizes it
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704 - segno's own SVG


@router.get("/account/two-step")
def two_step_setup(request: Request, user: PageUser, services: ServicesDep) -> Response:
    """A new secret for the person's authenticator app, kept sealed until they confirm it."""
    pending = open_cookie(request, services, "totp")
    secret = str(pending["secret"]) if pending else pyotp.random_base32()
    return _setup_page(request, services, user, secret)


def _setup_page(
    request: Request,
    services: Services,
    user: WebUser,
    secret: str,
    status: int = 200,
    message: str | None = None,
) -> Response:
    label = _member(services, user)["email"]
    uri = pyotp.TOTP(secret).provisioning_uri(name=str(label), issuer_name=ISSUER)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    response = render(
        request,
        user,
        "web/account/two_step.html",
        status=status,
        secret=grouped,
        qr=qr_code(uri),
        message=message,
    )
    seal_cookie(request, response, services, "totp", {"secret": secret}, minutes=15)
    return response


@router.post("/account/two-step")
def two_step_confirm(
    request: Request, user: FormUser, services: ServicesDep, form: PostedForm
) -> Response:
    """Two-step sign-in is on once a code from the app matches the secret shown."""
    pending = open_cookie(request, services, "totp")
    if pending is None:
        return see_other("/account/two-step")
    secret = str(pending["secret"])
    code = text(form, "code", 16).replace(" ", "")
    org_id, staff_id = _ids(user)
    if not accept_code(services, staff_id, secret, code):
        message = "That code is not right. Enter the 6-digit code your app shows now."
        return _setup_page(request, services, user, secret, 422, message)
    services.writes.run(lambda: services.app.set_totp(org_id, staff_id, secret), encode=str)
    response = see_other("/account?done=totp-on")
    drop_cookie(response, "totp")
    return response


@router.post("/account/two-step/off")
def two_step_off(
    request: Request, user: FormUser, services: ServicesDep, form: PostedForm
) -> Response:
    """Turn two-step sign-in off (the password first, so a session left open cannot)."""
    stored = _member(services, user).get("password_hash")
    if stored is not None and not password_matches(str(stored), text(form, "current_password")):
        errors = {"off_password": "That is not your current password."}
        message = "Two-step sign-in is still on."
        return _page(request, services, user, 422, message=message, errors=errors)
    org_id, staff_id = _ids(user)
    services.writes.run(lambda: services.app.set_totp(org_id, staff_id, None), encode=str)
    return see_other("/account?done=totp-off")
