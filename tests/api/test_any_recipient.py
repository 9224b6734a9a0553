"""Any recipient, not only schools (issue 13), through HTTP on both stores: a health visiting
team receives the progress check at two for the integrated review, and nothing it was not given
consent for; a family hub receives what the team around the child was given; each kind of
recipient has an inbox; a purpose that does not suit the recipient is refused, naming the field;
withdrawing consent revokes; the school's path is as it was."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from projections.runner import head, wait_for_position
from projections.views.notifications import Notifications
from tests import factories as f
from tests.api.problems import assert_problem
from tests.recipients import CHECK, MOMENT, PRIME, SUMMARY, Child, child_with_record, recipient

NEW_KINDS = ("family_hub", "health_visiting", "speech_and_language", "local_authority")


def consent(c: Child, client: TestClient, to: str, purpose: str, categories: list[str]) -> str:
    given = f.consent(
        client, c.practitioner, c.child_id, to, purpose=purpose, categories=categories
    )
    return str(given["id"])


def send(client: TestClient, by: f.Staff, child_id: str, to: str, **extra: Any) -> Any:
    return client.post(
        "/v1/handovers",
        headers=by.headers,
        json={"child_id": child_id, "recipient_id": to, **extra},
    )


def sent(client: TestClient, by: f.Staff, child_id: str, to: str, **extra: Any) -> dict[str, Any]:
    response = send(client, by, child_id, to, **extra)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def opened(client: TestClient, by: f.Staff, packet_id: str) -> dict[str, Any]:
    response = client.get(f"/v1/handovers/{packet_id}/contents", headers=by.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def inbox(client: TestClient, by: f.Staff, org_id: str, after: int) -> list[dict[str, Any]]:
    response = client.get(
        f"/v1/organisations/{org_id}/inbox", headers=by.headers, params={"after": after}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


# -- the integrated review at two --------------------------------------------------------------


def test_a_health_visiting_team_receives_the_progress_check_at_two_and_nothing_else(
    client: TestClient,
) -> None:
    c = child_with_record(client)
    team, health_visitor = recipient(client, "health_visiting")
    consent(c, client, team, "integrated_review", ["progress_check"])

    packet = sent(client, c.practitioner, c.child_id, team)

    assert packet["kind"] == "integrated_review"
    assert packet["recipient_id"] == team and packet["school_id"] is None
    assert packet["categories"] == ["progress_check"]
    assert packet["status"] == "delivered"
    [listed] = inbox(client, health_visitor, team, packet["position"])
    assert listed["id"] == packet["id"] and listed["kind"] == "integrated_review"
    assert listed["child_name"] == "Amara Okafor" and listed["recipient_id"] == team

    body = opened(client, health_visitor, packet["id"])
    [check] = body["assessments"]
    assert check["kind"] == "progress_check_at_two" and check["summary"] == CHECK
    assert check["areas"] == PRIME
    # Nothing the parent did not consent to: no observations, voices, summary or SEND.
    assert body["observations"] == [] and body["voices"] == []
    assert SUMMARY not in str(body) and MOMENT not in str(body)
    assert "send_status" not in body["child"]
    assert body["kind"] == "integrated_review"

    acknowledged = client.post(
        f"/v1/handovers/{packet['id']}/acknowledgement", headers=health_visitor.headers
    )
    assert acknowledged.status_code == 200, acknowledged.text
    seen = client.get(f"/v1/handovers/{packet['id']}", headers=c.practitioner.headers)
    assert seen.json()["status"] == "acknowledged"
    assert seen.json()["acknowledged_by"] == health_visitor.id


def test_observations_reach_the_health_visitor_only_when_the_parent_consented_to_them(
    client: TestClient,
) -> None:
    c = child_with_record(client)
    team, health_visitor = recipient(client, "health_visiting")
    consent(c, client, team, "integrated_review", ["progress_check", "journey"])

    packet = sent(client, c.practitioner, c.child_id, team)

    assert packet["categories"] == ["journey", "progress_check"]
    body = opened(client, health_visitor, packet["id"])
    assert [o["text"] for o in body["observations"]] == [MOMENT]
    assert [a["kind"] for a in body["assessments"]] == ["progress_check_at_two"]


def test_consent_for_the_team_around_the_child_does_not_cover_the_integrated_review(
    client: TestClient,
) -> None:
    c = child_with_record(client)
    team, _ = recipient(client, "health_visiting")
    consent(c, client, team, "team_around_the_child", ["voices"])

    refused = send(client, c.practitioner, c.child_id, team)  # the review, by default
    assert "no active consent covers" in str(assert_problem(refused, 403)["detail"])

    packet = sent(client, c.practitioner, c.child_id, team, kind="team_around_the_child")
    assert packet["kind"] == "team_around_the_child" and packet["categories"] == ["voices"]


# -- a family hub: the team around the child --------------------------------------------------


def test_a_family_hubs_practitioner_opens_and_acknowledges_what_the_team_was_given(
    client: TestClient,
) -> None:
    c = child_with_record(client)
    hub, practitioner = recipient(client, "family_hub")
    manager = f.staff(client, hub, "manager")
    consent(c, client, hub, "team_around_the_child", ["journey", "voices"])

    packet = sent(client, c.practitioner, c.child_id, hub)

    assert packet["kind"] == "team_around_the_child"
    assert packet["categories"] == ["journey", "voices"]
    body = opened(client, practitioner, packet["id"])
    assert [o["text"] for o in body["observations"]] == [MOMENT]
    assert body["assessments"] == []  # neither the check at two nor the summary was consented
    assert opened(client, manager, packet["id"])["packet_id"] == packet["id"]
    done = client.post(
        f"/v1/handovers/{packet['id']}/acknowledgement", headers=practitioner.headers
    )
    assert done.status_code == 200, done.text
    assert done.json()["acknowledged_by"] == practitioner.id

    # Another family hub's staff learn nothing of it.
    _, outsider = recipient(client, "family_hub")
    assert_problem(client.get(f"/v1/handovers/{packet['id']}", headers=outsider.headers), 404)
    assert_problem(client.get(f"/v1/organisations/{hub}/inbox", headers=outsider.headers), 403)


# -- what does not fit is refused, naming the field ----------------------------------------------


@pytest.mark.parametrize(
    ("kind", "purpose"),
    [
        ("health_visiting", "transition"),
        ("family_hub", "integrated_review"),
        ("school", "integrated_review"),
        ("school", "team_around_the_child"),
        ("nursery", "team_around_the_child"),
        ("family_hub", "care"),
    ],
)
def test_a_consent_whose_purpose_does_not_suit_the_recipient_is_refused_naming_it(
    client: TestClient, kind: str, purpose: str
) -> None:
    practitioner, child_id = f.setting_with_child(client)
    to = f.organisation(client, kind)
    for path in ("consents", "consent-requests"):
        body = f.consent_body(to, purpose=purpose, categories=["progress_check"])
        if path == "consent-requests":
            body = {k: body[k] for k in ("recipient_id", "purpose", "categories")}
        response = client.post(
            f"/v1/children/{child_id}/{path}", headers=practitioner.headers, json=body
        )
        assert_problem(response, 422, "recipient_id")
    listed = client.get(f"/v1/children/{child_id}/consents", headers=practitioner.headers)
    assert listed.json()["items"] == []


def test_a_packet_that_does_not_suit_its_recipient_is_refused_naming_the_field(
    client: TestClient, services: Services
) -> None:
    c = child_with_record(client)
    hub = f.organisation(client, "family_hub")
    nursery = f.organisation(client, "nursery")
    consent(c, client, hub, "team_around_the_child", ["journey"])

    def refused(body: dict[str, Any], field: str) -> None:
        response = client.post(
            "/v1/handovers", headers=c.practitioner.headers, json={"child_id": c.child_id} | body
        )
        assert_problem(response, 422, field)

    refused({"recipient_id": hub, "kind": "integrated_review"}, "kind")
    refused({"recipient_id": hub, "kind": "transition"}, "kind")
    refused({"recipient_id": nursery}, "recipient_id")
    refused({"school_id": hub}, "school_id")  # school_id names a school
    refused({}, "recipient_id")
    refused({"recipient_id": hub, "school_id": nursery}, "recipient_id")
    assert services.app.child(UUID(c.child_id)).handovers == []


def test_teacher_is_a_role_at_a_school_only_and_practitioner_anywhere_but_a_school(
    client: TestClient,
) -> None:
    for kind in NEW_KINDS:
        org = f.organisation(client, kind)
        added = client.post(
            f"/v1/organisations/{org}/staff",
            headers=f.OPERATOR,
            json={"name": "Jo Teach", "email": f"teach-{org}@example.org", "roles": ["teacher"]},
        )
        assert_problem(added, 422, "roles")
        for roles in (["manager"], ["practitioner"], ["dsl"], ["practitioner", "dsl"]):
            f.staff(client, org, *roles)
    school = f.organisation(client, "school")
    added = client.post(
        f"/v1/organisations/{school}/staff",
        headers=f.OPERATOR,
        json={"name": "Jo Prac", "email": f"prac-{school}@example.org", "roles": ["practitioner"]},
    )
    assert_problem(added, 422, "roles")


# -- every kind of recipient has an inbox ----------------------------------------------------------


@pytest.mark.parametrize("kind", [*NEW_KINDS, "school"])
def test_every_kind_of_recipient_lists_what_it_received_in_its_inbox(
    client: TestClient, kind: str
) -> None:
    c = child_with_record(client)
    role = "teacher" if kind == "school" else "practitioner"
    org, member = recipient(client, kind, role)
    purpose = {"school": "transition", "health_visiting": "integrated_review"}.get(
        kind, "team_around_the_child"
    )
    consent(c, client, org, purpose, ["journey"])

    packet = sent(client, c.practitioner, c.child_id, org)

    assert packet["kind"] == purpose
    [item] = inbox(client, member, org, packet["position"])
    assert (item["id"], item["recipient_id"], item["school_id"]) == (packet["id"], org, org)
    assert item["status"] == "delivered" and item["from_id"] == c.practitioner.org_id


def test_a_setting_receives_nothing_and_the_directory_names_every_kind(client: TestClient) -> None:
    nursery = f.organisation(client, "nursery")
    manager = f.staff(client, nursery, "manager")
    empty = client.get(f"/v1/organisations/{nursery}/inbox", headers=manager.headers)
    assert empty.status_code == 200 and empty.json()["items"] == []  # it enrols, not receives

    made = {kind: f.listed_organisation(client, kind) for kind in NEW_KINDS}
    listed = client.get(
        "/v1/organisations", headers=manager.headers, params={"kind": ",".join(NEW_KINDS)}
    )
    assert listed.status_code == 200, listed.text
    kinds = {o["id"]: o["kind"] for o in listed.json()["items"]}
    assert all(kinds[org] == kind for kind, org in made.items())


# -- safeguarding: DSL to DSL, to a family hub's too --------------------------------------------


def test_a_safeguarding_file_goes_to_a_family_hubs_dsl_only(client: TestClient) -> None:
    c = child_with_record(client)
    hub, practitioner = recipient(client, "family_hub")
    hub_dsl = f.staff(client, hub, "dsl")
    why = "Early help: the family asked the hub for support; the DSL must know before the visit."

    packet = sent(client, c.dsl, c.child_id, hub, kind="safeguarding", justification=why)

    assert packet["kind"] == "safeguarding" and packet["acknowledge_by"] is not None
    assert opened(client, hub_dsl, packet["id"])["justification"] == why
    refused = client.get(f"/v1/handovers/{packet['id']}/contents", headers=practitioner.headers)
    assert_problem(refused, 403)
    assert inbox(client, practitioner, hub, packet["position"]) == []
    nursery = f.organisation(client, "nursery")
    to_setting = send(client, c.dsl, c.child_id, nursery, kind="safeguarding", justification=why)
    assert_problem(to_setting, 422, "recipient_id")


# -- withdrawal, and the parents told of the first opening --------------------------------------


def test_withdrawing_the_integrated_review_consent_revokes_the_unopened_packet(
    client: TestClient,
) -> None:
    c = child_with_record(client)
    team, health_visitor = recipient(client, "health_visiting")
    consent_id = consent(c, client, team, "integrated_review", ["progress_check"])
    packet = sent(client, c.practitioner, c.child_id, team)

    withdrawn = client.post(
        f"/v1/children/{c.child_id}/consents/{consent_id}/withdrawal",
        headers=c.practitioner.headers,
        json={"withdrawn_by": "Grace Okafor", "reason": "changed her mind"},
    )
    assert withdrawn.status_code == 200, withdrawn.text

    gone = client.get(f"/v1/handovers/{packet['id']}/contents", headers=health_visitor.headers)
    assert_problem(gone, 410)
    status = client.get(f"/v1/handovers/{packet['id']}", headers=c.practitioner.headers)
    assert status.json()["status"] == "revoked"
    assert_problem(send(client, c.practitioner, c.child_id, team), 403)


def test_the_health_visitors_first_opening_tells_the_parents_once(
    client: TestClient, services: Services
) -> None:
    c = child_with_record(client)
    team, health_visitor = recipient(client, "health_visiting")
    consent(c, client, team, "integrated_review", ["progress_check"])
    packet = sent(client, c.practitioner, c.child_id, team)
    for _ in range(2):
        opened(client, health_visitor, packet["id"])

    assert wait_for_position(services.db, [Notifications.name], head(services.app), 15)
    with services.db.read() as cur:
        cur.execute("SELECT kind FROM mail_outbox WHERE child_id = %s", (c.child_id,))
        assert [r[0] for r in cur.fetchall()] == ["opened"]


# -- the school's path, as it was ----------------------------------------------------------------


def test_the_school_path_answers_as_before_whichever_field_names_the_school(
    client: TestClient,
) -> None:
    c = child_with_record(client)
    school, teacher = recipient(client, "school", "teacher")
    consent(c, client, school, "transition", ["journey", "assessments"])

    by_school = client.post(
        "/v1/handovers",
        headers=c.practitioner.headers,
        json={"child_id": c.child_id, "school_id": school},
    )
    assert by_school.status_code == 201, by_school.text
    packet = by_school.json()
    expected = {"id", "child_id", "from_id", "school_id", "kind", "status"}
    assert expected | {"categories", "content_sha256", "recipient_id"} <= packet.keys()
    assert (packet["school_id"], packet["recipient_id"]) == (school, school)
    assert (packet["kind"], packet["status"]) == ("transition", "delivered")
    assert packet["categories"] == ["journey", "assessments"]
    body = opened(client, teacher, packet["id"])
    assert {a["kind"] for a in body["assessments"]} == {
        "progress_check_at_two",
        "transition_summary",
    }

    again = sent(client, c.practitioner, c.child_id, school)  # by recipient_id: the same shape
    assert (again["school_id"], again["kind"]) == (school, "transition")
    listed = client.get(
        f"/v1/schools/{school}/handovers",
        headers=teacher.headers,
        params={"after": again["position"]},
    )
    assert [(i["id"], i["status"]) for i in listed.json()["items"]] == [
        (again["id"], "delivered"),
        (packet["id"], "superseded"),  # the newer packet replaced it
    ]
