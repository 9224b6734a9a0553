"""What the manager's page tests share (tests/web/test_manager_*.py): a setting with a manager
signed in, forms, and the refusals the access log holds."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from projections.store import audit_log
from tests import factories as f
from tests.api.test_audit_api import settle
from tests.web import web_session


@dataclass
class Setting:
    org_id: str
    manager: f.Staff
    csrf: str


def signed_in_manager(client: TestClient, services: Services) -> Setting:
    org_id = f.organisation(client)
    manager = f.staff(client, org_id, "manager")
    return Setting(org_id, manager, web_session(client, services, org_id, manager.id))


def sign_in(client: TestClient, services: Services, member: f.Staff) -> str:
    return web_session(client, services, member.org_id, member.id)


def form(csrf: str, **fields: object) -> dict[str, object]:
    return {"csrf": csrf, "form_key": f"key-{next(f._numbers)}", **fields}


def refused(services: Services, actor: f.Staff) -> list[str]:
    """The resources of every refusal the access log holds for ``actor``, oldest first."""
    settle(services)
    found = audit_log.entries(services.db, actor_id=UUID(actor.id), denied_only=True, limit=500)
    return [e.resource for e in found]


def text(page: str) -> str:
    """The page's words, without tags (to assert on what a person reads)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
