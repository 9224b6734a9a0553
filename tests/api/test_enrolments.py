"""A child joins a second setting only with both settings' agreement, or the parent's consent
naming that setting; never on one manager's word.

Every test runs on embedded SQLite and on PostgreSQL.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.api.problems import assert_problem, events_stored


def call(
    client: TestClient, by: f.Staff, child_id: str, setting_id: str, path: str, **body: Any
) -> Any:
    return client.post(
        f"/v1/children/{child_id}/{path}",
        headers=by.headers,
        json={"setting_id": setting_id, "started_on": f.days_ago(10), **body},
    )


def two_settings(client: TestClient) -> tuple[f.Staff, f.Staff, str]:
    """A nursery's manager (the child enrolled there) and a childminder's manager."""
    nursery = f.staff(client, f.organisation(client), "manager")
    child_id = f.child(client, nursery)
    childminder = f.staff(client, f.organisation(client, "childminder"), "manager", "practitioner")
    return nursery, childminder, child_id


def settings_of(services: Services, child_id: str) -> set[str]:
    return {e["setting_id"] for e in services.app.child(UUID(child_id)).enrolments}


def test_one_manager_alone_cannot_enrol_the_child_elsewhere(
    client: TestClient, services: Services
) -> None:
    nursery, childminder, child_id = two_settings(client)
    deputy = f.staff(client, nursery.org_id, "manager")
    assert (
        call(client, nursery, child_id, childminder.org_id, "enrolment-proposals").json()["status"]
        == "proposed"
    )
    for same_side in (nursery, deputy):
        refused = call(client, same_side, child_id, childminder.org_id, "enrolments")
        body = assert_problem(refused, 403)
        assert "agreement" in str(body["detail"])
    assert settings_of(services, child_id) == {nursery.org_id}
    # proposing again from the same side does not agree either
    again = call(client, deputy, child_id, childminder.org_id, "enrolment-proposals")
    assert again.json()["status"] == "proposed"
    assert settings_of(services, child_id) == {nursery.org_id}


def test_the_joining_setting_proposes_and_the_childs_setting_agrees(
    client: TestClient, services: Services
) -> None:
    nursery, childminder, child_id = two_settings(client)
    proposed = call(client, childminder, child_id, childminder.org_id, "enrolment-proposals")
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["status"] == "proposed"
    assert_problem(client.get(f"/v1/children/{child_id}", headers=childminder.headers), 404)

    agreed = call(client, nursery, child_id, childminder.org_id, "enrolments")
    assert agreed.status_code == 201, agreed.text
    assert agreed.json()["basis"] == "both_settings"
    assert settings_of(services, child_id) == {nursery.org_id, childminder.org_id}
    assert client.get(f"/v1/children/{child_id}", headers=childminder.headers).status_code == 200


def test_agreeing_to_a_proposal_for_another_day_is_refused_naming_started_on(
    client: TestClient, services: Services
) -> None:
    nursery, childminder, child_id = two_settings(client)
    call(client, nursery, child_id, childminder.org_id, "enrolment-proposals")
    before = events_stored(services)
    other_day = call(
        client, childminder, child_id, childminder.org_id, "enrolments", started_on=f.days_ago(3)
    )
    assert_problem(other_day, 422, "started_on")
    assert events_stored(services) == before
    # proposing that other day instead is a counter-proposal the nursery may agree to
    counter = call(
        client,
        childminder,
        child_id,
        childminder.org_id,
        "enrolment-proposals",
        started_on=f.days_ago(3),
    )
    assert counter.json()["status"] == "proposed"
    agreed = call(
        client, nursery, child_id, childminder.org_id, "enrolments", started_on=f.days_ago(3)
    )
    assert agreed.status_code == 201, agreed.text


def test_a_parents_active_consent_naming_the_setting_is_enough_while_it_lasts(
    client: TestClient, services: Services
) -> None:
    nursery, childminder, child_id = two_settings(client)
    given = f.consent(client, nursery, child_id, childminder.org_id, purpose="care")
    withdrawn = client.post(
        f"/v1/children/{child_id}/consents/{given['id']}/withdrawal",
        headers=nursery.headers,
        json={"withdrawn_by": "Grace Okafor", "reason": "changed her mind"},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert_problem(call(client, nursery, child_id, childminder.org_id, "enrolments"), 403)

    f.consent(client, nursery, child_id, childminder.org_id, purpose="care")
    enrolled = call(client, nursery, child_id, childminder.org_id, "enrolments")
    assert enrolled.status_code == 201, enrolled.text
    assert enrolled.json()["basis"] == "parental_consent"
    assert settings_of(services, child_id) == {nursery.org_id, childminder.org_id}


def test_care_consent_names_a_setting_and_transition_consent_a_school(client: TestClient) -> None:
    nursery, childminder, child_id = two_settings(client)
    school = f.organisation(client, "school")
    for recipient, purpose in (
        (school, "care"),
        (childminder.org_id, "transition"),
        (nursery.org_id, "care"),
    ):
        response = client.post(
            f"/v1/children/{child_id}/consents",
            headers=nursery.headers,
            json=f.consent_body(recipient, purpose=purpose),
        )
        assert_problem(response, 422, "recipient_id")


def test_only_managers_propose_and_every_refusal_is_logged(
    client: TestClient, services: Services
) -> None:
    nursery, childminder, child_id = two_settings(client)
    practitioner = f.staff(client, nursery.org_id, "practitioner")
    before = events_stored(services)
    assert_problem(
        call(client, practitioner, child_id, childminder.org_id, "enrolment-proposals"), 403
    )
    assert_problem(
        client.post(
            f"/v1/children/{child_id}/enrolment-proposals",
            headers=f.OPERATOR,
            json={"setting_id": childminder.org_id, "started_on": f.days_ago(1)},
        ),
        403,
    )
    assert events_stored(services) == before
    refused = [
        (str(e.actor_id) if e.actor_id else None, e.resource)
        for e in services.access_log.for_child(UUID(child_id))
        if e.outcome.value == "denied"
    ]
    assert refused == [(practitioner.id, "enrolment-proposal"), (None, "enrolment-proposal")]
