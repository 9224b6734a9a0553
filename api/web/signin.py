"""The front door: ``/`` signs people in, ``/home`` opens their first page, sign-out ends it.

Signing in has no session yet to derive a CSRF token from, so the form carries a pre-session
token that must equal a cookie set with the form (double submit: another site can make a
browser send the cookie but can neither read nor set it), and a request whose Origin is
another site's is refused. With two-step sign-in on, a right password leads to the code step,
held in a sealed cookie for five minutes: not a session, it opens no page.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.errors import Problem
from api.services import Services
from api.web import accounts
from api.web.deps import AnyForm, PostedForm, SignedIn, current_user
from api.web.render import local_next, nav_items, render, see_other
from api.web.sealed import drop_cookie, open_cookie, seal_cookie
from api.web.session import PARENT, STAFF, end_session, secure, start_session
from api.web.totp import accept_code

router = APIRouter(include_in_schema=False)
PRE_SESSION = "baton_pre"
WRONG = "That email address and password do not match an account. Check them and try again."
PENDING_MINUTES = 5


def pre_session_token(request: Request) -> str:
    return request.cookies.get(PRE_SESSION) or secrets.token_urlsafe(24)


def signed_out_form(
    request: Request, services: Services, template: str, status: int = 200, **context: object
) -> Response:
    """A form for someone not signed in, with its pre-session CSRF token (and cookie)."""
    token = pre_session_token(request)
    settings = services.settings
    sso = settings.oidc_name if settings.oidc_issuer and settings.oidc_client_id else None
    response = render(request, None, template, status=status, csrf=token, sso=sso, **context)
    response.set_cookie(
        PRE_SESSION, token, httponly=True, samesite="lax", secure=secure(request, services)
    )
    return response


def check_pre_session(request: Request, form: PostedForm) -> None:
    """403 unless the form came from this server's own page (see the module's docstring)."""
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.url.netloc}"
    cookie, sent = request.cookies.get(PRE_SESSION), form.get("csrf")
    if (
        (origin not in (None, "null") and origin != own)
        or not cookie
        or not isinstance(sent, str)
        or not hmac.compare_digest(cookie, sent)
    ):
        raise Problem(
            403,
            "this form is out of date or came from another site; go back, reload and try again",
            slug="csrf-failed",
        )


def text(form: PostedForm, name: str, limit: int = 1024) -> str:
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


@router.get("/")
def sign_in_page(
    request: Request,
    services: ServicesDep,
    next_: Annotated[str | None, Query(alias="next")] = None,
) -> Response:
    """The sign-in page (already signed in: straight to where they were going)."""
    if current_user(request) is not None:
        return see_other(local_next(next_))
    return signed_out_form(request, services, "web/signin.html", next=local_next(next_))


@router.post("/sign-in")
def sign_in(request: Request, services: ServicesDep, form: PostedForm) -> Response:
    check_pre_session(request, form)
    email, password = text(form, "email", 320), text(form, "password")
    target = local_next(text(form, "next"))
    keys = accounts.failure_keys(request, accounts.email_key(services, email))

    def again(message: str, status: int) -> Response:
        return signed_out_form(
            request, services, "web/signin.html", status, next=target, email=email, message=message
        )

    wait = accounts.wait_seconds(services, keys)
    if wait:
        accounts.locked_out(request, keys)
        response = again(accounts.lockout_message(wait), 429)
        response.headers["Retry-After"] = str(wait)
        return response
    account = accounts.with_password(services, email, password) if email and password else None
    if account is None:
        accounts.failed(request, services, keys)
        return again(WRONG, 401)
    if account.kind == PARENT:  # parents have no two-step sign-in (yet)
        return signed_in_to(request, services, account.org_id, account.staff_id, target, PARENT)
    return password_passed(
        request, services, account.org_id, account.staff_id, "totp_secret" in account.member, target
    )


def password_passed(
    request: Request, services: Services, org_id: UUID, staff_id: UUID, totp: bool, target: str
) -> Response:
    """After a right (or newly chosen) password: the code step while two-step sign-in is on,
    otherwise signed in."""
    if totp:
        response = see_other("/sign-in/code")
        pending = {"org": org_id.hex, "staff": staff_id.hex, "next": target}
        seal_cookie(request, response, services, "pending", pending, PENDING_MINUTES)
        return response
    return signed_in_to(request, services, org_id, staff_id, target)


def signed_in_to(
    request: Request,
    services: Services,
    org_id: UUID,
    staff_id: UUID,
    target: str,
    kind: str = STAFF,
) -> Response:
    response = see_other(target)
    start_session(request, response, services, org_id, staff_id, kind)
    drop_cookie(response, "pending")
    return response


@router.get("/sign-in/code")
def code_page(request: Request, services: ServicesDep) -> Response:
    """The second step: the code from the person's authenticator app."""
    if open_cookie(request, services, "pending") is None:
        return see_other("/")
    return signed_out_form(request, services, "web/signin_code.html")


@router.post("/sign-in/code")
def sign_in_with_code(request: Request, services: ServicesDep, form: PostedForm) -> Response:
    check_pre_session(request, form)
    pending = open_cookie(request, services, "pending")
    if pending is None:
        return see_other("/")
    org_id, staff_id = UUID(hex=pending["org"]), UUID(hex=pending["staff"])
    keys = accounts.failure_keys(request, staff_id.hex)
    wait = accounts.wait_seconds(services, keys)
    if wait:
        accounts.locked_out(request, keys)
        message = accounts.lockout_message(wait)
        response = signed_out_form(request, services, "web/signin_code.html", 429, message=message)
        response.headers["Retry-After"] = str(wait)
        return response
    member = services.app.organisation(org_id).member(staff_id)
    code = text(form, "code", 16).replace(" ", "")
    secret = member.get("totp_secret") if member else None
    if member is None or not secret or not accept_code(services, staff_id, secret, code):
        accounts.failed(request, services, keys)
        message = "That code is not right. Enter the 6-digit code your app shows now."
        return signed_out_form(request, services, "web/signin_code.html", 401, message=message)
    return signed_in_to(request, services, org_id, staff_id, local_next(pending.get("next")))


@router.get("/home")
def home(user: SignedIn) -> Response:
    if user.is_parent:
        return see_other("/family")
    nav = nav_items(user)
    return see_other(nav[0].path if nav else "/account")


@router.post("/sign-out")
def sign_out(request: Request, user: AnyForm, services: ServicesDep) -> Response:
    response = see_other("/")
    end_session(request, response, services)
    return response
