"""Posting a form: the same call an API route makes, with its problems shown in the form.

``attempt`` runs the call. A refusal (401, 403, or a 404 that hides what exists) and a fault of
the store go on to the error page (and the access log) as for the API; a problem the person can
fix (bad input, a broken rule) comes back for the form to show beside what they typed, so nothing
they wrote is lost. Each form carries a key of its own (``form_key``): posting it twice, as a
double tap does, records once (the API's Idempotency-Key).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import ValidationError
from starlette.datastructures import FormData

from api.errors import DOMAIN_ANSWERS, Problem, domain_problem
from api.web.session import WebUser
from api.writes import StoredAnswer, current_claim
from projections.store.idempotency import Claim

T = TypeVar("T")
FIXABLE = (400, 409, 410, 413, 415, 422)  # shown in the form; any other status is a page


@dataclass
class Outcome(Generic[T]):
    """What posting a form came to: the call's result, or what to tell the person."""

    result: T | None = None
    replayed: bool = False  # the same form was posted before: its first answer stands
    message: str | None = None
    errors: dict[str, str] = field(default_factory=dict)  # field name -> what is wrong

    @property
    def ok(self) -> bool:
        return self.message is None


def new_form_key() -> str:
    """A key for one rendering of a form (``<input type=hidden name=form_key>``)."""
    return secrets.token_urlsafe(16)


def _claim(user: WebUser, form: FormData, action: str) -> Claim | None:
    key = form.get("form_key")
    if not isinstance(key, str) or not key or len(key) > 64:
        return None
    scope = hashlib.sha256(("web:" + user.secret).encode()).hexdigest()
    fields = sorted(
        (k, v if isinstance(v, str) else getattr(v, "filename", "") or "")
        for k, v in form.multi_items()
        if k not in ("csrf", "form_key")
    )
    digest = hashlib.sha256(repr((action, fields)).encode()).hexdigest()
    return Claim(scope, key, digest)


def from_validation(error: ValidationError) -> Outcome[object]:
    errors: dict[str, str] = {}
    for err in error.errors():
        name = ".".join(str(p) for p in err.get("loc", ())) or "form"
        errors.setdefault(name.split(".")[0], str(err.get("msg", "is invalid")))
    return Outcome(message="Please check the fields marked below.", errors=errors)


def attempt(user: WebUser, form: FormData, action: str, call: Callable[[], T]) -> Outcome[T]:
    """Run ``call`` (one write, usually an API route function) for the form ``form`` posted to
    ``action`` (the page's path), with the form's key as its idempotency key."""
    token = current_claim.set(_claim(user, form, action))
    try:
        return Outcome(result=call())
    except StoredAnswer:
        return Outcome(replayed=True)
    except ValidationError as e:
        return from_validation(e)  # type: ignore[return-value]
    except Problem as p:
        if p.status not in FIXABLE:
            raise
        return Outcome(message=p.detail, errors={e["field"]: e["message"] for e in p.errors or []})
    except tuple(DOMAIN_ANSWERS) as e:  # domain, consent and store errors alike
        problem = domain_problem(e)
        if problem.status not in FIXABLE:
            raise
        errors = {x["field"]: x["message"] for x in problem.errors or []}
        return Outcome(message=problem.detail, errors=errors)
    finally:
        current_claim.reset(token)
