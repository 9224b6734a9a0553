"""Input the store accepts must never stop the views that every setting reads.

PostgreSQL refuses the NUL character in text, so a name holding one, once accepted, would fail
every projection at that event, for every setting, for good. These tests therefore run on a
database of their own: a poisoned log must not halt the views of the other tests in the session.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.settings import Settings
from tests import factories as f
from tests import pg
from tests.conftest import ADMIN_TOKEN


@pytest.fixture
def settings(store: str, tmp_path: Path, master_key_file: Path) -> Iterator[Settings]:
    """Like the shared fixture's, but PostgreSQL gets a fresh database for this test alone."""
    common: dict[str, Any] = dict(
        data_dir=tmp_path / "var",
        master_key_file=master_key_file,
        admin_token=SecretStr(ADMIN_TOKEN),
        run_projections=True,
        read_wait_seconds=2.0,
    )
    if store == "sqlite":
        yield Settings(**common)
        return
    with pg.server_url() as server, pg.fresh_database(server) as url:
        yield Settings(database_url=SecretStr(url), **common)


def test_a_name_with_a_nul_character_does_not_halt_the_settings_views(client: TestClient) -> None:
    practitioner = f.staff(client, f.organisation(client), "practitioner")
    poisoned = client.post(
        "/v1/children",
        headers=practitioner.headers,
        json=f.child_body(practitioner.org_id, given_name="Am\x00ara"),
    )
    assert poisoned.status_code < 500, poisoned.text
    after = client.post(
        "/v1/children",
        headers=practitioner.headers,
        json=f.child_body(practitioner.org_id, given_name="Bea", family_name="Hughes"),
    )
    assert after.status_code == 201, after.text
    view = client.get(
        f"/v1/settings/{practitioner.org_id}/children",
        headers=practitioner.headers,
        params={"after": after.json()["position"]},
    )
    assert view.status_code == 200, view.text
    assert "Bea Hughes" in [child["name"] for child in view.json()["items"]]


def test_control_characters_in_names_and_text_are_refused_naming_the_field(
    client: TestClient,
) -> None:
    practitioner = f.staff(client, f.organisation(client), "practitioner")
    for field, value in (
        ("given_name", "Am\x00ara"),
        ("family_name", "Oka\nfor"),
        ("preferred_name", "\x07Ami"),
    ):
        answer = client.post(
            "/v1/children",
            headers=practitioner.headers,
            json=f.child_body(practitioner.org_id, **{field: value}),
        )
        assert answer.status_code == 422, answer.text
        assert [e["field"] for e in answer.json()["errors"]] == [field]


def test_a_nul_that_reached_the_log_another_way_still_leaves_the_views_running(
    client: TestClient, services: Any
) -> None:
    from datetime import timedelta
    from uuid import UUID

    practitioner = f.staff(client, f.organisation(client), "practitioner")
    today = services.app.today()
    services.app.register_child(
        given_name="Old\x00Import",
        family_name="Record",
        preferred_name=None,
        date_of_birth=today - timedelta(days=1000),
        home_languages=[],
        send_status="none",
        setting_id=UUID(practitioner.org_id),
        started_on=today - timedelta(days=100),
        registered_by=UUID(practitioner.id),
    )
    after = client.post(
        "/v1/children",
        headers=practitioner.headers,
        json=f.child_body(practitioner.org_id, given_name="Bea", family_name="Hughes"),
    )
    assert after.status_code == 201, after.text
    view = client.get(
        f"/v1/settings/{practitioner.org_id}/children",
        headers=practitioner.headers,
        params={"after": after.json()["position"]},
    )
    assert view.status_code == 200, view.text
    assert sorted(c["name"] for c in view.json()["items"]) == ["Bea Hughes", "OldImport Record"]
