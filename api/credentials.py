"""The operator's token: BATON_ADMIN_TOKEN, or one generated and printed by ``baton serve``."""

from __future__ import annotations

import secrets

from api.settings import Settings
from domain.organisations.credentials import hash_secret


def operator_token_hash(settings: Settings) -> str:
    """The hash of the admin token, or "" when none is set (then no request is the operator)."""
    token = settings.admin_token.get_secret_value() if settings.admin_token else ""
    return hash_secret(token) if token else ""


def new_admin_token() -> str:
    return "adm_" + secrets.token_urlsafe(32)
