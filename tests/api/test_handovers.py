"""Handover packets (issue 5) through HTTP, on embedded SQLite and on PostgreSQL: sealing what
the parent consented to, the school opening and acknowledging it, revocation, safeguarding
packets DSL to DSL with their deadline, the school's own key, and the printable summary."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi.testclient import TestClient

from api.services import Services
from domain.sealing.envelope import EnvelopeError, open_envelope, public_key_text
from tests import factories as f
from tests.api.problems import assert_problem

FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    """A nursery practitioner with a child, and a school with a reception teacher."""

    practitioner: f.Staff
    child_id: str
    school_id: str
    teacher: f.Staff


def world(client: TestClient, *, consent: list[str] | None = None) -> World:
    practitioner, child_id = f.setting_with_child(client)
    school_id, teacher = f.school_with_teacher(client)
    if consent is not None:
        f.consent(client, practitioner, child_id, school_id, categories=consent)
    return World(practitioner, child_id, school_id, teacher)


def status_seen_by(client: TestClient, by: f.Staff, packet_id: str) -> str:
    response = client.get(f"/v1/handovers/{packet_id}", headers=by.headers)
    assert response.status_code == 200, response.text
    status: str = response.json()["status"]
    return status


def contents(client: TestClient, by: f.Staff, packet_id: str) -> Any:
    return client.get(f"/v1/handovers/{packet_id}/contents", headers=by.headers)


def denied_for(services: Services, child_id: str, actor: f.Staff) -> list[tuple[str, str]]:
    return [
        (e.resource, e.purpose)
        for e in services.access_log.for_child(UUID(child_id))
        if e.outcome.value == "denied" and str(e.actor_id) == actor.id
    ]


# -- sealing -----------------------------------------------------------------------------------


def test_packet_without_consent_is_refused_saying_no_consent_covers_the_school(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    response = client.post(
        "/v1/handovers",
        headers=w.practitioner.headers,
        json={"child_id": w.child_id, "school_id": w.school_id},
    )
    body = assert_problem(response, 403)
    assert "no active consent covers" in str(body["detail"])
    assert services.app.child(UUID(w.child_id)).handovers == []
    assert denied_for(services, w.child_id, w.practitioner) == [("handover-share", "transition")]


def test_consented_packet_is_delivered_holding_exactly_the_consented_categories(
    client: TestClient,
) -> None:
    w = world(client, consent=["journey", "voices"])
    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)
    assert packet["kind"] == "transition"
    assert packet["status"] == "delivered"
    assert sorted(packet["categories"]) == ["journey", "voices"]
    assert packet["child_id"] == w.child_id
    assert packet["from_id"] == w.practitioner.org_id
    assert packet["school_id"] == w.school_id
    assert packet["server_can_open"] is True
    assert len(packet["content_sha256"]) == 64


def test_opened_packet_holds_the_journey_and_voices_but_no_assessments_or_send_status(
    client: TestClient,
) -> None:
    practitioner = f.staff(client, f.organisation(client), "practitioner")
    child_id = f.child(client, practitioner, send_status="sen_support")
    school_id, teacher = f.school_with_teacher(client)
    f.consent(client, practitioner, child_id, school_id, categories=["journey", "voices"])
    kept = f.observation(client, practitioner, child_id, area="PSED", text="Shared the paints.")
    f.voice(client, practitioner, child_id, text="I like painting with Nana.")
    f.voice(client, practitioner, child_id, kind="parent", text="She loves stories at bedtime.")
    assessed = client.post(
        f"/v1/children/{child_id}/assessments",
        headers=practitioner.headers,
        json={
            "kind": "transition_summary",
            "assessed_on": f.days_ago(1),
            "summary": "Ready for reception; the key person's summary.",
            "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"},
        },
    )
    assert assessed.status_code == 201, assessed.text
    packet = f.handover(client, practitioner, child_id, school_id)

    response = contents(client, teacher, packet["id"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert [o["id"] for o in body["observations"]] == [kept["id"]]
    assert body["observations"][0]["text"] == "Shared the paints."
    assert sorted(v["text"] for v in body["voices"]) == [
        "I like painting with Nana.",
        "She loves stories at bedtime.",
    ]
    assert body["assessments"] == []
    assert "send_status" not in body["child"]
    assert "key person's summary" not in json.dumps(body)
    assert body["from"]["id"] == practitioner.org_id
    assert body["child"]["id"] == child_id


def test_withdrawn_observations_never_reach_the_school(client: TestClient) -> None:
    w = world(client, consent=["journey"])
    kept = f.observation(client, w.practitioner, w.child_id, text="Counted the ducks to seven.")
    gone = f.observation(client, w.practitioner, w.child_id, text="Recorded for the wrong child.")
    withdrawn = client.post(
        f"/v1/children/{w.child_id}/observations/{gone['id']}/withdrawal",
        headers=w.practitioner.headers,
        json={"reason": "wrong child"},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)

    body = contents(client, w.teacher, packet["id"]).json()
    assert [o["id"] for o in body["observations"]] == [kept["id"]]
    assert "wrong child" not in json.dumps(body)


# -- the school's side -------------------------------------------------------------------------


def test_school_inbox_lists_the_packet_with_the_childs_name(client: TestClient) -> None:
    w = world(client, consent=["journey"])
    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)
    response = client.get(
        f"/v1/schools/{w.school_id}/handovers",
        headers=w.teacher.headers,
        params={"after": packet["position"]},
    )
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["id"] for i in items] == [packet["id"]]
    assert items[0]["child_name"] == "Amara Okafor"
    assert items[0]["kind"] == "transition"
    assert items[0]["status"] == "delivered"
    assert items[0]["from_id"] == w.practitioner.org_id


def test_opening_is_recorded_and_the_sender_sees_the_packet_opened(
    client: TestClient, services: Services
) -> None:
    w = world(client, consent=["journey"])
    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)
    assert status_seen_by(client, w.practitioner, packet["id"]) == "delivered"

    assert contents(client, w.teacher, packet["id"]).status_code == 200

    assert status_seen_by(client, w.practitioner, packet["id"]) == "opened"
    accesses = services.app.handover(UUID(packet["id"])).accesses
    assert [(a["by"], a["how"]) for a in accesses] == [(w.teacher.id, "opened")]
    inbox = client.get(
        f"/v1/schools/{w.school_id}/handovers",
        headers=w.teacher.headers,
        params={"after": services.app.recorder.max_notification_id()},
    )
    (item,) = inbox.json()["items"]
    assert item["status"] == "opened"
    assert item["opened_at"] is not None


def test_acknowledgement_names_who_and_when_and_cannot_be_given_twice(
    client: TestClient,
) -> None:
    w = world(client, consent=["journey"])
    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)
    url = f"/v1/handovers/{packet['id']}/acknowledgement"

    response = client.post(url, headers=w.teacher.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "acknowledged"
    assert body["acknowledged_by"] == w.teacher.id
    assert datetime.fromisoformat(body["acknowledged_at"]).tzinfo is not None

    seen = client.get(f"/v1/handovers/{packet['id']}", headers=w.practitioner.headers).json()
    assert seen["status"] == "acknowledged"
    assert seen["acknowledged_by"] == w.teacher.id
    inbox = client.get(
        f"/v1/schools/{w.school_id}/handovers",
        headers=w.teacher.headers,
        params={"after": body["position"]},
    )
    assert [i["status"] for i in inbox.json()["items"]] == ["acknowledged"]

    assert_problem(client.post(url, headers=w.teacher.headers), 409)


# -- revocation and replacement ----------------------------------------------------------------


def _withdraw_consent(client: TestClient, w: World) -> None:
    consents = client.get(f"/v1/children/{w.child_id}/consents", headers=w.practitioner.headers)
    (consent,) = consents.json()["items"]
    response = client.post(
        f"/v1/children/{w.child_id}/consents/{consent['id']}/withdrawal",
        headers=w.practitioner.headers,
        json={"withdrawn_by": "Grace Okafor", "reason": "changed her mind"},
    )
    assert response.status_code == 200, response.text


def test_withdrawing_consent_revokes_a_packet_the_school_has_not_opened(
    client: TestClient,
) -> None:
    w = world(client, consent=["journey"])
    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)
    _withdraw_consent(client, w)
    assert status_seen_by(client, w.practitioner, packet["id"]) == "revoked"
    assert_problem(contents(client, w.teacher, packet["id"]), 410)


def test_withdrawing_consent_leaves_an_opened_packet_with_the_school(client: TestClient) -> None:
    w = world(client, consent=["journey"])
    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)
    assert contents(client, w.teacher, packet["id"]).status_code == 200
    _withdraw_consent(client, w)
    assert status_seen_by(client, w.practitioner, packet["id"]) == "opened"
    assert contents(client, w.teacher, packet["id"]).status_code == 200


def test_withdrawing_the_latest_consent_revokes_an_unopened_packet_sealed_under_an_earlier_one(
    client: TestClient,
) -> None:
    """The parent's latest decision for the school is what counts: once it is withdrawn,
    nothing the school has not opened may still be read, whichever consent it was sealed under."""
    w = world(client, consent=["journey"])
    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)
    latest = f.consent(
        client, w.practitioner, w.child_id, w.school_id, categories=["journey", "voices"]
    )
    response = client.post(
        f"/v1/children/{w.child_id}/consents/{latest['id']}/withdrawal",
        headers=w.practitioner.headers,
        json={"withdrawn_by": "Grace Okafor", "reason": "no sharing with this school"},
    )
    assert response.status_code == 200, response.text
    assert status_seen_by(client, w.practitioner, packet["id"]) == "revoked"
    assert_problem(contents(client, w.teacher, packet["id"]), 410)


def test_sender_can_revoke_an_unopened_packet_but_not_an_opened_one(client: TestClient) -> None:
    w = world(client, consent=["journey"])
    unopened = f.handover(client, w.practitioner, w.child_id, w.school_id)
    revoked = client.post(
        f"/v1/handovers/{unopened['id']}/revocation",
        headers=w.practitioner.headers,
        json={"reason": "sent too early"},
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "revoked"
    assert_problem(contents(client, w.teacher, unopened["id"]), 410)

    opened = f.handover(client, w.practitioner, w.child_id, w.school_id)
    assert contents(client, w.teacher, opened["id"]).status_code == 200
    refused = client.post(
        f"/v1/handovers/{opened['id']}/revocation", headers=w.practitioner.headers, json={}
    )
    assert_problem(refused, 409)
    assert status_seen_by(client, w.practitioner, opened["id"]) == "opened"


def test_newer_packet_supersedes_the_older_one(client: TestClient) -> None:
    w = world(client, consent=["journey"])
    older = f.handover(client, w.practitioner, w.child_id, w.school_id)
    newer = f.handover(client, w.practitioner, w.child_id, w.school_id)
    assert_problem(contents(client, w.teacher, older["id"]), 410)
    assert status_seen_by(client, w.practitioner, older["id"]) == "superseded"
    assert contents(client, w.teacher, newer["id"]).status_code == 200


# -- who may read ------------------------------------------------------------------------------


def test_teacher_of_another_school_gets_404_and_every_attempt_is_logged_denied(
    client: TestClient, services: Services
) -> None:
    w = world(client, consent=["journey"])
    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)
    _, outsider = f.school_with_teacher(client)
    base = f"/v1/handovers/{packet['id']}"

    assert_problem(client.get(f"{base}/contents", headers=outsider.headers), 404)
    assert_problem(client.get(f"{base}/envelope", headers=outsider.headers), 404)
    assert_problem(client.post(f"{base}/acknowledgement", headers=outsider.headers), 404)

    assert denied_for(services, w.child_id, outsider) == [
        ("handover-contents", "transition"),
        ("handover-envelope", "transition"),
        ("handover-acknowledgement", "transition"),
    ]
    assert status_seen_by(client, w.practitioner, packet["id"]) == "delivered"


JUSTIFICATION = "Concerns shared with children's social care; the school's DSL must know."


def test_safeguarding_packet_goes_dsl_to_dsl_and_a_teacher_is_refused_and_logged(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    sender = f.staff(client, w.practitioner.org_id, "dsl")
    school_dsl = f.staff(client, w.school_id, "dsl")
    packet = f.handover(
        client,
        sender,
        w.child_id,
        w.school_id,
        kind="safeguarding",
        justification=JUSTIFICATION,
        information="Please call me before the first day.",
    )
    assert packet["kind"] == "safeguarding"
    assert packet["categories"] == []

    assert_problem(contents(client, w.teacher, packet["id"]), 403)
    assert denied_for(services, w.child_id, w.teacher) == [("handover-contents", "safeguarding")]
    inbox = client.get(
        f"/v1/schools/{w.school_id}/handovers",
        headers=w.teacher.headers,
        params={"after": packet["position"]},
    )
    assert inbox.json()["items"] == []

    opened = contents(client, school_dsl, packet["id"])
    assert opened.status_code == 200, opened.text
    assert opened.json()["justification"] == JUSTIFICATION
    assert opened.json()["information"] == "Please call me before the first day."


def test_safeguarding_packet_needs_a_dsl_and_a_written_justification(
    client: TestClient, services: Services
) -> None:
    w = world(client)
    practitioner = f.staff(client, w.practitioner.org_id, "practitioner")
    dsl = f.staff(client, w.practitioner.org_id, "dsl")
    refused: list[tuple[f.Staff, dict[str, str], int, str | None]] = [
        (practitioner, {"justification": JUSTIFICATION}, 403, None),
        (dsl, {}, 422, "justification"),
        (dsl, {"justification": "   too short   "}, 422, "justification"),
    ]
    for sender, extra, status, field in refused:
        response = client.post(
            "/v1/handovers",
            headers=sender.headers,
            json={
                "child_id": w.child_id,
                "school_id": w.school_id,
                "kind": "safeguarding",
                **extra,
            },
        )
        assert_problem(response, status, field)
    assert services.app.child(UUID(w.child_id)).handovers == []
    assert ("handover", "safeguarding") in denied_for(services, w.child_id, practitioner)


def test_safeguarding_packet_is_due_five_school_days_after_delivery_skipping_the_weekend(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(client)
    sender = f.staff(client, w.practitioner.org_id, "dsl")
    school_dsl = f.staff(client, w.school_id, "dsl")
    monkeypatch.setattr(services.app, "clock", lambda: FRIDAY)
    packet = f.handover(
        client, sender, w.child_id, w.school_id, kind="safeguarding", justification=JUSTIFICATION
    )
    assert packet["acknowledge_by"] == "2026-11-27"
    inbox = client.get(
        f"/v1/schools/{w.school_id}/handovers",
        headers=school_dsl.headers,
        params={"after": packet["position"]},
    )
    assert [(i["id"], i["acknowledge_by"]) for i in inbox.json()["items"]] == [
        (packet["id"], "2026-11-27")
    ]


def test_overdue_safeguarding_packets_are_listed_for_the_sending_settings_dsl_once_past_due(
    client: TestClient, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(client, consent=["journey"])
    sender = f.staff(client, w.practitioner.org_id, "dsl")
    transition = f.handover(client, w.practitioner, w.child_id, w.school_id)
    now = {"at": FRIDAY}
    monkeypatch.setattr(services.app, "clock", lambda: now["at"])
    packet = f.handover(
        client, sender, w.child_id, w.school_id, kind="safeguarding", justification=JUSTIFICATION
    )
    written = max(transition["position"], packet["position"])
    url = f"/v1/settings/{w.practitioner.org_id}/handovers"

    def overdue(by: f.Staff, after: int) -> list[str]:
        response = client.get(url, headers=by.headers, params={"overdue": True, "after": after})
        assert response.status_code == 200, response.text
        return [i["id"] for i in response.json()["items"]]

    now["at"] = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # the due day itself
    assert overdue(sender, written) == []
    now["at"] = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # the Monday after
    assert overdue(sender, written) == [packet["id"]]
    assert overdue(w.practitioner, written) == []

    school_dsl = f.staff(client, w.school_id, "dsl")
    acknowledged = client.post(
        f"/v1/handovers/{packet['id']}/acknowledgement", headers=school_dsl.headers
    )
    assert acknowledged.status_code == 200, acknowledged.text
    assert overdue(sender, acknowledged.json()["position"]) == []


# -- the school's own key ----------------------------------------------------------------------


def test_school_holding_its_own_key_opens_the_envelope_itself_and_the_service_cannot(
    client: TestClient,
) -> None:
    w = world(client, consent=["journey", "voices"])
    f.observation(client, w.practitioner, w.child_id, text="Sang the whole song.")
    private = X25519PrivateKey.generate()
    keys_url = f"/v1/organisations/{w.school_id}/keys"
    key_body = {"public_key": public_key_text(private.public_key())}

    assert_problem(client.post(keys_url, headers=w.teacher.headers, json=key_body), 403)
    school_dsl = f.staff(client, w.school_id, "dsl")
    registered = client.post(keys_url, headers=school_dsl.headers, json=key_body)
    assert registered.status_code == 201, registered.text
    assert registered.json()["held_by"] == "organisation"

    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)
    assert packet["server_can_open"] is False
    assert_problem(contents(client, w.teacher, packet["id"]), 409)

    response = client.get(f"/v1/handovers/{packet['id']}/envelope", headers=w.teacher.headers)
    assert response.status_code == 200, response.text
    envelope = response.json()
    opened = open_envelope(
        envelope,
        private,
        expected={"packet_id": packet["id"], "recipient_id": w.school_id},
    )
    assert opened.body["packet_id"] == packet["id"]
    assert opened.body["child"]["id"] == w.child_id
    assert [o["text"] for o in opened.body["observations"]] == ["Sang the whole song."]
    with pytest.raises(EnvelopeError):
        open_envelope(envelope, X25519PrivateKey.generate())


def test_key_rotation_seals_new_packets_to_the_new_key_and_older_packets_stay_openable(
    client: TestClient,
) -> None:
    w = world(client, consent=["journey"])
    older = f.handover(client, w.practitioner, w.child_id, w.school_id)
    manager = f.staff(client, w.school_id, "manager")
    rotated = client.post(f"/v1/organisations/{w.school_id}/keys/rotation", headers=manager.headers)
    assert rotated.status_code == 201, rotated.text
    new_key = rotated.json()["key_id"]

    second_child = f.child(client, w.practitioner, given_name="Ben")
    f.consent(client, w.practitioner, second_child, w.school_id, categories=["journey"])
    newer = f.handover(client, w.practitioner, second_child, w.school_id)

    assert contents(client, w.teacher, older["id"]).status_code == 200
    assert contents(client, w.teacher, newer["id"]).status_code == 200

    def sealed_to(packet_id: str) -> list[str]:
        response = client.get(f"/v1/handovers/{packet_id}/envelope", headers=w.teacher.headers)
        assert response.status_code == 200, response.text
        return [r["key_id"] for r in response.json()["recipients"]]

    assert sealed_to(newer["id"]) == [new_key]
    assert new_key not in sealed_to(older["id"])


# -- the printable summary ---------------------------------------------------------------------


def test_printable_summary_escapes_the_childs_words_and_leads_with_psed(
    client: TestClient,
) -> None:
    w = world(client, consent=["journey", "voices"])
    for area, text in (
        ("M", "Shared out the apples fairly."),
        ("CL", "Told the group about the seaside."),
        ("PD", "Hopped on one foot."),
        ("PSED", "Waited for a turn on the bikes."),
    ):
        f.observation(client, w.practitioner, w.child_id, area=area, text=text)
    f.voice(client, w.practitioner, w.child_id, text="<script>alert('hi')</script> I like <b>")
    packet = f.handover(client, w.practitioner, w.child_id, w.school_id)

    response = client.get(f"/v1/handovers/{packet['id']}/summary", headers=w.teacher.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "I like &lt;b&gt;" in page

    psed = page.index("Personal, social and emotional development")
    for title in (
        "Communication and language",
        "Physical development",
        "Literacy",
        "Mathematics",
        "Understanding the world",
        "Expressive arts and design",
    ):
        assert psed < page.index(title), title
    assert page.index("Waited for a turn") < page.index("Told the group")
    assert page.index("Told the group") < page.index("Hopped on one foot")
    assert page.index("Hopped on one foot") < page.index("Shared out the apples")
