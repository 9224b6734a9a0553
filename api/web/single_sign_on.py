"""Single sign-on through the deployment's OpenID Connect provider (a local authority's Entra ID,
a trust's Google Workspace), configured by BATON_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _NAME.

The authorization code flow with PKCE (S256), ``state`` and ``nonce``, all three kept in a
sealed cookie for ten minutes. The ID token is verified against the provider's published keys
(JWKS) and its claims (issuer, audience, expiry, nonce) with authlib, the maintained OAuth and
OpenID Connect library for Python (its client makes the PKCE request and the code exchange; its
``CodeIDToken`` checks the claims; joserfc, which authlib itself uses, checks the signature).
The verified email (``email_verified`` true) names the member through the email index; an
address that names no active member is refused with a page, and the refusal is logged.
"""

from __future__ import annotations

from typing import Annotated, Any

import httpx
import httpx2
from authlib.common.errors import AuthlibBaseError
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from authlib.oidc.core import CodeIDToken
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from api.deps import ServicesDep
from api.errors import Problem
from api.services import Services
from api.settings import Settings
from api.web import accounts
from api.web.sealed import open_cookie, seal_cookie
from api.web.signin import signed_in_to, signed_out_form

router = APIRouter(include_in_schema=False)
TIMEOUT = 10.0
NOT_A_MEMBER = (
    "Your {name} sign-in worked, but that email address is not a member of staff in Baton. "
    "Ask a manager at your setting or school to add you with that address."
)


def _configured(settings: Settings) -> tuple[str, str, str]:
    if not (settings.oidc_issuer and settings.oidc_client_id):
        raise Problem(404, "single sign-on is not set up here", refusal=False)
    secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else ""
    return settings.oidc_issuer.rstrip("/"), settings.oidc_client_id, secret


def _get(url: str) -> dict[str, Any]:
    try:
        answer = httpx.get(url, timeout=TIMEOUT)
        answer.raise_for_status()
        found = answer.json()
    except (httpx.HTTPError, ValueError) as e:
        raise Problem(503, "the single sign-on service is not answering; try again shortly") from e
    if not isinstance(found, dict):
        raise Problem(503, "the single sign-on service answered with something unexpected")
    return found


def _metadata(issuer: str) -> dict[str, Any]:
    return _get(f"{issuer}/.well-known/openid-configuration")


def _client(request: Request, services: Services) -> OAuth2Client:
    _, client_id, secret = _configured(services.settings)
    base = services.settings.public_url or str(request.base_url)
    return OAuth2Client(
        client_id,
        secret,
        scope="openid email",
        redirect_uri=f"{base.rstrip('/')}/sign-in/oidc/callback",
        code_challenge_method="S256",
        timeout=TIMEOUT,
    )


@router.get("/sign-in/oidc")
def start(request: Request, services: ServicesDep) -> Response:
    """To the provider, remembering (sealed) what must come back."""
    issuer, _, _ = _configured(services.settings)
    metadata = _metadata(issuer)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    with _client(request, services) as client:
        url, _ = client.create_authorization_url(
            metadata["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
        )
    response = Response(status_code=303, headers={"Location": url})
    flow = {"state": state, "nonce": nonce, "verifier": verifier}
    seal_cookie(request, response, services, "oidc", flow, minutes=10)
    return response


def _verified_claims(
    request: Request, services: Services, code: str, flow: dict[str, Any]
) -> dict[str, Any]:
    issuer, client_id, _ = _configured(services.settings)
    metadata = _metadata(issuer)
    try:
        with _client(request, services) as client:
            token = client.fetch_token(
                metadata["token_endpoint"], code=code, code_verifier=flow["verifier"]
            )
        keys = KeySet.import_key_set(_get(metadata["jwks_uri"]))  # type: ignore[arg-type]
        algorithms = metadata.get("id_token_signing_alg_values_supported")
        decoded = jwt.decode(token["id_token"], keys, registry=JWSRegistry(algorithms=algorithms))
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {"iss": {"essential": True, "value": issuer}},
            {"nonce": flow["nonce"], "client_id": client_id},
        )
        claims.validate(leeway=60)
    except (
        AuthlibBaseError,
        JoseError,
        KeyError,
        TypeError,
        ValueError,
        httpx.HTTPError,
        httpx2.HTTPError,
    ) as e:
        raise Problem(403, "the single sign-on could not be verified; try again") from e
    return dict(claims)


@router.get("/sign-in/oidc/callback")
def callback(
    request: Request,
    services: ServicesDep,
    code: Annotated[str | None, Query(max_length=2048)] = None,
    state: Annotated[str | None, Query(max_length=256)] = None,
) -> Response:
    """Back from the provider: the verified email names an active member, who is signed in."""
    flow = open_cookie(request, services, "oidc")
    if flow is None or not code or state != flow.get("state"):
        raise Problem(403, "this sign-in took too long or did not start here; start again")
    claims = _verified_claims(request, services, code, flow)
    email = claims.get("email")
    name = services.settings.oidc_name
    found = (
        accounts.active_accounts(services, email)
        if isinstance(email, str) and claims.get("email_verified") is True
        else []
    )
    if not found:
        keys = accounts.failure_keys(request, accounts.email_key(services, str(email or "")))
        accounts.failed(request, services, keys)
        message = NOT_A_MEMBER.format(name=name)
        return signed_out_form(request, services, "web/signin.html", 403, message=message)
    return signed_in_to(request, services, found[0].org_id, found[0].staff_id, "/home")
