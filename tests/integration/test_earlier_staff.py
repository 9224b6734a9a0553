"""Staff added before web sign-in existed are found by their email after the next start."""

from __future__ import annotations

from uuid import UUID

from fastapi.testclient import TestClient

from api.main import create_app
from api.services import build_services
from api.settings import Settings
from projections.store.earlier_staff import EARLIER_STAFF
from tests import factories


def test_a_member_added_before_the_email_index_is_found_after_a_restart(
    settings: Settings,
) -> None:
    services = build_services(settings)
    try:
        with TestClient(create_app(services=services)) as client:
            org = factories.organisation(client)
            member = factories.staff(client, org, "practitioner")
        email = services.app.organisation(UUID(org)).staff_record(UUID(member.id))["email"]
        with services.db.transaction() as cur:  # as a store from before the index was
            cur.execute("DELETE FROM sign_in_emails")
            cur.execute("DELETE FROM child_keys_steps WHERE step = %s", (EARLIER_STAFF,))
        assert services.sign_in_emails is not None
        assert services.sign_in_emails.accounts(email) == []
    finally:
        services.close()

    restarted = build_services(settings)
    try:
        assert restarted.sign_in_emails is not None
        assert restarted.sign_in_emails.accounts(email) == [(UUID(org), UUID(member.id))]
    finally:
        restarted.close()
