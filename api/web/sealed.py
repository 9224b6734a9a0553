"""Short-lived sealed cookies: what the server must remember between two steps of signing in
(the person who gave a right password and owes a two-step code; single sign-on's state, nonce
and PKCE verifier) without a session yet.

The value is AES-256-GCM under a key derived from the master key for the cookie's purpose, with
its expiry inside: the browser holds it but can neither read nor change it, and a value made for
one purpose is refused for another. Each is HttpOnly and SameSite=Lax (the way back from an
identity provider is a top-level GET, which Lax still sends it on).
"""

from __future__ import annotations

import base64
import json
import os
import time
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import Request, Response

from api.master_key import derive_key
from api.services import Services
from api.web.session import secure


def _aead(services: Services, purpose: str) -> AESGCM:
    return AESGCM(derive_key(services.master_key, f"web-cookie/{purpose}"))


def seal_cookie(
    request: Request,
    response: Response,
    services: Services,
    purpose: str,
    value: dict[str, Any],
    minutes: float,
) -> None:
    """Set cookie ``baton_<purpose>`` holding ``value`` for ``minutes``."""
    nonce = os.urandom(12)
    body = json.dumps({"v": value, "until": time.time() + minutes * 60}).encode()
    sealed = base64.urlsafe_b64encode(nonce + _aead(services, purpose).encrypt(nonce, body, None))
    response.set_cookie(
        f"baton_{purpose}",
        sealed.decode(),
        max_age=int(minutes * 60),
        httponly=True,
        samesite="lax",
        secure=secure(request, services),
        path="/",
    )


def open_cookie(request: Request, services: Services, purpose: str) -> dict[str, Any] | None:
    """The value of cookie ``baton_<purpose>``; None if absent, altered, or out of date."""
    raw = request.cookies.get(f"baton_{purpose}")
    if not raw:
        return None
    try:
        data = base64.urlsafe_b64decode(raw.encode())
        body = json.loads(_aead(services, purpose).decrypt(data[:12], data[12:], None))
    except (ValueError, InvalidTag):
        return None
    if not isinstance(body, dict) or float(body.get("until", 0)) < time.time():
        return None
    value = body.get("v")
    return value if isinstance(value, dict) else None


def drop_cookie(response: Response, purpose: str) -> None:
    response.delete_cookie(f"baton_{purpose}", path="/", httponly=True, samesite="lax")
