"""A school's own key must be one that keeps packets secret: low-order and other unusable X25519
keys are refused when registered, and one stored before that rule never reaches sealing.

Every test runs on embedded SQLite and on PostgreSQL (the ``client`` fixture).
"""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from domain.sealing.envelope import PUBLIC_PREFIX, b64
from tests import factories as f
from tests.api.problems import assert_problem, events_stored

LOW_ORDER: list[dict[str, str]] = json.loads(
    (Path(__file__).resolve().parents[1] / "vectors" / "x25519" / "low-order.json").read_text()
)["points"]


def test_every_low_order_school_key_is_422_and_nothing_is_recorded(
    client: TestClient, services: Services, subtests: pytest.Subtests
) -> None:
    school_id = f.organisation(client, "school")
    dsl = f.staff(client, school_id, "dsl")
    keys_url = f"/v1/organisations/{school_id}/keys"
    before = events_stored(services)
    for point in LOW_ORDER:
        with subtests.test(point["name"]):
            text = PUBLIC_PREFIX + b64(bytes.fromhex(point["hex"]))
            response = client.post(keys_url, headers=dsl.headers, json={"public_key": text})
            assert_problem(response, 422, "public_key")
    assert events_stored(services) == before
    listed = client.get(keys_url, headers=dsl.headers).json()["items"]
    assert all(k["held_by"] == "service" for k in listed)


def test_a_low_order_key_stored_before_the_rule_refuses_sealing_instead_of_a_500(
    client: TestClient, services: Services
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    school_id = f.organisation(client, "school")
    f.consent(client, practitioner, child_id, school_id, categories=["journey"])
    # As an earlier release recorded it, before keys were checked.
    services.app._add_key(UUID(school_id), "x25519", b64(bytes(32)), None)
    response = client.post(
        "/v1/handovers",
        headers=practitioner.headers,
        json={"child_id": child_id, "school_id": school_id},
    )
    body = assert_problem(response, 409)
    assert "cannot be sealed to" in str(body["detail"])
    assert services.app.child(UUID(child_id)).handovers == []

    rotated = client.post(f"/v1/organisations/{school_id}/keys/rotation", headers=f.OPERATOR)
    assert rotated.status_code == 201, rotated.text
    assert f.handover(client, practitioner, child_id, school_id)["status"] == "delivered"
