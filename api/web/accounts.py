"""Whose account a sign-in is for, and what a failed one costs: a count, then a lockout.

Failed passwords and two-step codes are counted in this process's ``FailureLimiter`` (the one the
API uses for tokens), keyed by the source address and by the account tried (an HMAC of the
email, or the member's id at the code step). In memory rather than in the store: a failure then
writes nothing an attacker could use to fill the database or slow everyone's sign-in, and a
restart forgets the counts, which costs an attacker who can restart Baton nothing they lack. Each
failure is in the access log as a denied log-on, naming a hash prefix of the account, never the
email address.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from uuid import UUID

from fastapi import Request

from api.errors import Problem
from api.refusals import current_trail, record_refusal
from api.services import Services
from api.web.passwords import password_matches
from api.web.session import PARENT, STAFF
from domain.organisations.organisation import StaffRecord
from domain.parents.parent import ParentAccountState

LOCKED = "Too many attempts to sign in. Wait {minutes} before trying again."


@dataclass(frozen=True)
class Account:
    org_id: UUID
    staff_id: UUID
    member: StaffRecord | ParentAccountState
    kind: str = STAFF  # or PARENT: both ids are the parent's account's


def active_accounts(services: Services, email: str) -> list[Account]:
    """Every active membership the address signs in to (staff of several organisations have
    one each), then the parent's account it signs in to, if any."""
    assert services.sign_in_emails is not None
    found = []
    for org_id, staff_id in services.sign_in_emails.accounts(email):
        member = services.app.organisation(org_id).member(staff_id)
        if member is not None:
            found.append(Account(org_id, staff_id, member))
    parent_id = services.sign_in_emails.parent(email)
    if parent_id is not None:
        record = services.app.parent(parent_id).sign_in_record()
        found.append(Account(parent_id, parent_id, record, PARENT))
    return found


def with_password(services: Services, email: str, password: str) -> Account | None:
    """The account whose password this is (of the address's accounts, the first in the order of
    the index that matches); None otherwise, after the same work."""
    accounts = [a for a in active_accounts(services, email) if "password_hash" in a.member]
    for account in accounts:
        if password_matches(account.member.get("password_hash"), password):
            return account
    if not accounts:
        password_matches(None, password)  # as slow as a wrong password
    return None


def failure_keys(request: Request, account: str) -> list[str]:
    return [f"web-source:{request.client.host if request.client else '-'}", f"web:{account}"]


def email_key(services: Services, email: str) -> str:
    assert services.sign_in_emails is not None
    return services.sign_in_emails.digest(email)[:32]


def wait_seconds(services: Services, keys: list[str]) -> int:
    return services.sign_in_failures.retry_after(keys, time.monotonic())


def locked_out(request: Request, keys: list[str]) -> None:
    """Log the refused attempt (429) while locked out."""
    _log(request, keys, Problem(429, "too many failed sign-ins", slug="too-many-attempts"))


def failed(request: Request, services: Services, keys: list[str]) -> None:
    """Count a wrong password or code, and log it as a denied log-on (401)."""
    services.sign_in_failures.failed(keys, time.monotonic())
    _log(request, keys, Problem(401, "wrong email, password or code", slug="unauthenticated"))


def _log(request: Request, keys: list[str], problem: Problem) -> None:
    trail = current_trail.get()
    if trail is not None:  # the entry names the account tried by a hash prefix only
        trail.token_hash_prefix = keys[-1].split(":", 1)[1][:12]
    record_refusal(request, problem)


def lockout_message(wait: int) -> str:
    minutes = max(1, -(-wait // 60))
    return LOCKED.format(minutes=f"{minutes} minute{'s' if minutes != 1 else ''}")
