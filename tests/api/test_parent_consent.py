"""Consent in the parent's own hands (issue 12), on SQLite and on PostgreSQL: a parent signed in
gives consent on the web and the setting can then seal a packet to that school; withdrawing it
revokes the unopened packet; a setting asks and the parent answers; the record names the parent
as the one who acted; a consent as FHIR; and consents recorded before parents signed in."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from consent.consents import ChildConsents, consents_id
from domain.base import new
from domain.errors import NotFound
from tests import factories as f
from tests.api.problems import assert_problem
from tests.consenting import (
    family,
    given_id,
    parent_gives,
    parent_withdraws,
    posted,
    staff_consents,
)

JUSTIFICATION = "Concerns shared with children's social care; the school's DSL must know."


def seal(client: TestClient, by: f.Staff, child_id: str, school_id: str, **extra: Any) -> Any:
    return client.post(
        "/v1/handovers",
        headers=by.headers,
        json={"child_id": child_id, "school_id": school_id, **extra},
    )


def packet_status(client: TestClient, by: f.Staff, packet_id: str) -> str:
    answer = client.get(f"/v1/handovers/{packet_id}", headers=by.headers)
    assert answer.status_code == 200, answer.text
    status: str = answer.json()["status"]
    return status


def test_a_parent_gives_consent_on_the_web_and_the_setting_can_then_seal_a_packet(
    client: TestClient,
) -> None:
    fam = family(client)
    assert_problem(seal(client, fam.at.practitioner, fam.child_id, fam.school_id), 403)

    consent_id = given_id(parent_gives(client, fam.child_id, fam.school_id))

    packet = seal(client, fam.at.practitioner, fam.child_id, fam.school_id)
    assert packet.status_code == 201, packet.text
    assert sorted(packet.json()["categories"]) == ["journey", "voices"]
    [given] = staff_consents(client, fam.at.manager, fam.child_id)
    assert given["id"] == consent_id and given["status"] == "active"
    assert given["given_by"] == "Maya Okafor" and given["relationship"] == "mother"
    assert given["recorded_by_parent"] is True
    assert given["given_by_parent_id"] == fam.parent.id
    assert given["recorded_by"] == fam.parent.id
    assert given["setting_id"] == fam.at.org_id  # the setting that invited her keeps it
    assert given["purpose"] == "transition"
    assert "on the web" in str(given["evidence"]) and "signed in" in str(given["evidence"])
    assert given["history"] == [
        {
            "event": "given",
            "at": given["recorded_at"],
            "by": fam.parent.id,
            "detail": "given by Maya Okafor (mother) on the web",
        }
    ]


def test_the_parents_withdrawal_revokes_the_unopened_packet_and_refuses_a_new_one(
    client: TestClient,
) -> None:
    fam = family(client)
    consent_id = given_id(parent_gives(client, fam.child_id, fam.school_id))
    packet = seal(client, fam.at.practitioner, fam.child_id, fam.school_id).json()
    assert packet_status(client, fam.teacher, packet["id"]) == "delivered"

    answer = parent_withdraws(client, fam.child_id, consent_id, reason="We chose another school")
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith(f"/consents/{consent_id}?done=withdrawn")

    assert packet_status(client, fam.at.practitioner, packet["id"]) == "revoked"
    gone = client.get(f"/v1/handovers/{packet['id']}/contents", headers=fam.teacher.headers)
    assert gone.status_code == 410
    refused = assert_problem(seal(client, fam.at.practitioner, fam.child_id, fam.school_id), 403)
    assert "withdrawn" in str(refused["detail"])
    [withdrawn] = staff_consents(client, fam.at.manager, fam.child_id)
    assert withdrawn["status"] == "withdrawn"
    assert withdrawn["withdrawn_by"] == "Maya Okafor"
    assert withdrawn["withdrawn_by_parent_id"] == fam.parent.id
    assert withdrawn["withdrawal_reason"] == "We chose another school"
    assert [h["event"] for h in withdrawn["history"]] == ["given", "withdrawn"]  # type: ignore[union-attr]
    assert withdrawn["history"][1]["by"] == fam.parent.id  # type: ignore[index]


def test_a_parent_withdraws_a_consent_staff_recorded_on_paper(client: TestClient) -> None:
    fam = family(client)
    paper = f.consent(client, fam.at.practitioner, fam.child_id, fam.school_id)
    packet = seal(client, fam.at.practitioner, fam.child_id, fam.school_id).json()
    assert parent_withdraws(client, fam.child_id, paper["id"]).status_code == 303
    assert packet_status(client, fam.at.practitioner, packet["id"]) == "revoked"
    [withdrawn] = staff_consents(client, fam.at.manager, fam.child_id)
    assert withdrawn["given_by"] == "Grace Okafor" and withdrawn["recorded_by_parent"] is False
    assert withdrawn["withdrawn_by_parent_id"] == fam.parent.id


def test_a_setting_asks_and_the_parent_answers_giving_one_and_declining_another(
    client: TestClient,
) -> None:
    fam = family(client)
    base = f"/v1/children/{fam.child_id}/consent-requests"
    ask = {"recipient_id": fam.school_id, "purpose": "transition", "categories": ["journey"]}
    made = client.post(base, headers=fam.at.practitioner.headers, json=ask)
    assert made.status_code == 201, made.text
    asked = made.json()
    assert asked["status"] == "open" and asked["consent_id"] is None
    assert asked["setting_id"] == fam.at.org_id
    assert asked["requested_by"] == fam.at.practitioner.id
    again = client.post(base, headers=fam.at.practitioner.headers, json=ask)
    assert assert_problem(again, 409)["type"] == "/problems/request-not-open"

    page = client.get(fam.consents_path)
    assert page.status_code == 200 and "The setting asks" in page.text
    answer = posted(
        client,
        f"/family/children/{fam.child_id}/consent-requests/{asked['id']}",
        fam.consents_path,
        {
            "request_id": asked["id"],
            "recipient": fam.school_id,
            "purpose": "transition",
            "categories": ["journey"],
        },
    )
    consent_id = given_id(answer)
    listed = client.get(base, headers=fam.at.manager.headers).json()["items"]
    assert [(r["id"], r["status"], r["consent_id"], r["closed_by"]) for r in listed] == [
        (asked["id"], "given", consent_id, fam.parent.id)
    ]
    [given] = staff_consents(client, fam.at.manager, fam.child_id)
    assert given["request_id"] == asked["id"] and given["categories"] == ["journey"]
    assert "The setting asks" not in client.get(fam.consents_path).text

    other_school = f.listed_organisation(client, "school")
    second = client.post(
        base, headers=fam.at.practitioner.headers, json={**ask, "recipient_id": other_school}
    ).json()
    declined = posted(
        client,
        f"/family/children/{fam.child_id}/consent-requests/{second['id']}",
        f"/family/children/{fam.child_id}/consent-requests/{second['id']}/decline",
        {"reason": "Not that school"},
    )
    assert declined.status_code == 303, declined.text
    listed = client.get(base, headers=fam.at.manager.headers).json()["items"]
    assert [(r["status"], r["reason"], r["closed_by"]) for r in listed] == [
        ("given", None, fam.parent.id),
        ("declined", "Not that school", fam.parent.id),
    ]
    assert_problem(seal(client, fam.at.practitioner, fam.child_id, other_school), 403)


def test_staff_cancel_an_open_request_and_another_setting_cannot(client: TestClient) -> None:
    fam = family(client)
    base = f"/v1/children/{fam.child_id}/consent-requests"
    ask = {"recipient_id": fam.school_id, "purpose": "transition", "categories": ["voices"]}
    asked = client.post(base, headers=fam.at.practitioner.headers, json=ask).json()
    stranger = f.staff(client, f.organisation(client), "manager")
    assert_problem(
        client.post(f"{base}/{asked['id']}/cancellation", headers=stranger.headers, json={}), 404
    )
    assert client.get(base, headers=stranger.headers).status_code == 404
    cancelled = client.post(
        f"{base}/{asked['id']}/cancellation",
        headers=fam.at.manager.headers,
        json={"reason": "Asked by mistake"},
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["closed_by"] == fam.at.manager.id
    assert "The setting asks" not in client.get(fam.consents_path).text
    twice = client.post(
        f"{base}/{asked['id']}/cancellation", headers=fam.at.manager.headers, json={}
    )
    assert_problem(twice, 409)
    bad = client.post(
        base, headers=fam.at.practitioner.headers, json={**ask, "purpose": "safeguarding"}
    )
    assert assert_problem(bad, 422)["errors"][0]["field"] == "purpose"  # type: ignore[index]


def test_a_parent_whose_access_was_ended_can_neither_give_nor_withdraw(
    client: TestClient, services: Services
) -> None:
    fam = family(client)
    consent_id = given_id(parent_gives(client, fam.child_id, fam.school_id))
    sibling = f.child(client, fam.at.practitioner, given_name="Ada")
    added = client.post(
        f"/v1/children/{sibling}/parents",
        headers=fam.at.practitioner.headers,
        json={"name": "Maya Okafor", "email": fam.parent.email, "relationship": "mother"},
    )
    assert added.status_code == 201 and added.json()["id"] == fam.parent.id
    ended = client.post(
        f"/v1/children/{fam.child_id}/parents/{fam.parent.id}/access-end",
        headers=fam.at.manager.headers,
        json={"reason": "court order"},
    )
    assert ended.status_code == 200, ended.text

    # Still signed in (she follows Ada): her forms for the first child answer "not found".
    sibling_page = f"/family/children/{sibling}/consents"
    assert client.get(fam.consents_path).status_code == 404
    gives = posted(
        client,
        sibling_page,
        fam.consents_path,
        {"recipient": fam.school_id, "categories": ["journey"]},
    )
    assert gives.status_code == 404
    withdraws = posted(
        client, sibling_page, f"{fam.consents_path}/{consent_id}/withdrawal", {"reason": ""}
    )
    assert withdraws.status_code == 404
    [kept] = staff_consents(client, fam.at.manager, fam.child_id)
    assert kept["status"] == "active"  # her earlier decision stands until staff record otherwise
    denied = [
        e
        for e in services.access_log.for_child(UUID(fam.child_id))
        if e.outcome.value == "denied" and str(e.actor_id) == fam.parent.id
    ]
    assert {(e.action.value, e.resource, e.purpose) for e in denied} >= {
        ("create", "consent", "family"),
        ("update", "consent", "family"),
    }
    # The domain refuses too, behind the pages' guard: her decision is no longer hers to make.
    for decide in (
        lambda: services.app.parent_gives_consent(
            UUID(fam.child_id),
            UUID(fam.parent.id),
            recipient_id=UUID(fam.school_id),
            purpose="transition",
            categories=["journey"],
        ),
        lambda: services.app.parent_withdraws_consent(
            UUID(fam.child_id), UUID(consent_id), UUID(fam.parent.id), None
        ),
    ):
        with pytest.raises(NotFound):
            decide()


def test_a_carer_without_parental_responsibility_cannot_consent_on_the_web(
    client: TestClient,
) -> None:
    fam = family(client, relationship="other_carer")
    page = client.get(fam.consents_path)
    assert "does not carry parental responsibility" in page.text
    assert "Give consent to a school" not in page.text
    refused = parent_gives(client, fam.child_id, fam.school_id)
    assert refused.status_code == 422
    assert "only someone with parental responsibility" in refused.text
    assert staff_consents(client, fam.at.manager, fam.child_id) == []


def test_a_consent_as_fhir_field_by_field_for_staff_and_as_the_parents_receipt(
    client: TestClient,
) -> None:
    fam = family(client)
    consent_id = given_id(
        parent_gives(client, fam.child_id, fam.school_id, valid_until=f.days_ahead(200))
    )
    path = f"/v1/children/{fam.child_id}/consents/{consent_id}/fhir"
    answer = client.get(path, headers=fam.at.practitioner.headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/fhir+json")
    fhir = answer.json()
    school = client.get(f"/v1/organisations/{fam.school_id}", headers=f.OPERATOR).json()
    nursery = client.get(f"/v1/organisations/{fam.at.org_id}", headers=f.OPERATOR).json()
    [given] = staff_consents(client, fam.at.manager, fam.child_id)

    assert fhir["resourceType"] == "Consent"
    assert fhir["id"] == consent_id
    assert fhir["status"] == "active"
    assert fhir["scope"]["coding"][0]["code"] == "patient-privacy"
    assert fhir["category"][0]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "59284-0",
        "display": "Patient Consent",
    }
    assert fhir["patient"] == {"reference": f"Patient/{fam.child_id}"}  # by id only
    assert "Amara" not in answer.text and "Okafor" not in fhir["text"]["div"].replace(
        "Maya Okafor", ""
    )
    assert fhir["dateTime"] == given["recorded_at"].replace("Z", "+00:00")  # type: ignore[union-attr]
    [grantor] = fhir["contained"]
    assert grantor["resourceType"] == "RelatedPerson" and grantor["id"] == "grantor"
    assert grantor["patient"] == {"reference": f"Patient/{fam.child_id}"}
    assert grantor["name"] == [{"text": "Maya Okafor"}]
    assert grantor["relationship"] == [
        {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                    "code": "MTH",
                    "display": "mother",
                }
            ],
            "text": "mother",
        }
    ]
    assert grantor["identifier"] == [{"system": "urn:baton:parent-account", "value": fam.parent.id}]
    assert fhir["performer"] == [{"reference": "#grantor", "display": "Maya Okafor (mother)"}]
    assert fhir["verification"] == [
        {
            "verified": True,
            "verifiedWith": {"reference": "#grantor"},
            "verificationDate": fhir["dateTime"],
        }
    ]
    assert fhir["organization"] == [
        {"reference": f"Organization/{fam.at.org_id}", "display": nursery["name"]}
    ]
    assert "on the web" in fhir["sourceAttachment"]["title"]
    assert fhir["policy"][0]["uri"].startswith("https://www.legislation.gov.uk/")
    provision = fhir["provision"]
    assert provision["type"] == "permit"
    assert provision["period"] == {"start": date.today().isoformat(), "end": f.days_ahead(200)}
    [actor] = provision["actor"]
    assert actor["role"]["coding"][0]["code"] == "IRCP"
    assert actor["reference"] == {
        "reference": f"Organization/{fam.school_id}",
        "display": school["name"],
    }
    assert [p["code"] for p in provision["purpose"]] == ["COC", "transition"]
    assert [(c["system"], c["code"]) for c in provision["class"]] == [
        ("urn:baton:consent-category", "journey"),
        ("urn:baton:consent-category", "voices"),
    ]

    receipt = client.get(f"/family/children/{fam.child_id}/consents/{consent_id}/receipt.json")
    assert receipt.status_code == 200
    assert receipt.headers["content-disposition"].startswith("attachment;")
    assert receipt.json() == fhir  # one mapping, for staff and parent alike

    assert parent_withdraws(client, fam.child_id, consent_id).status_code == 303
    after = client.get(path, headers=fam.at.practitioner.headers).json()
    assert after["status"] == "inactive"
    stranger = f.staff(client, f.organisation(client), "practitioner")
    assert client.get(path, headers=stranger.headers).status_code == 404
    missing = client.get(
        f"/v1/children/{fam.child_id}/consents/{uuid4()}/fhir", headers=fam.at.manager.headers
    )
    assert missing.status_code == 404


def test_a_paper_consent_as_fhir_names_its_evidence_and_is_not_verified_online(
    client: TestClient,
) -> None:
    fam = family(client)
    paper = f.consent(
        client, fam.at.practitioner, fam.child_id, fam.school_id, relationship="special_guardian"
    )
    fhir = client.get(
        f"/v1/children/{fam.child_id}/consents/{paper['id']}/fhir", headers=fam.at.manager.headers
    ).json()
    assert "verification" not in fhir
    assert fhir["sourceAttachment"]["title"] == "paper consent form, signed at the setting"
    [grantor] = fhir["contained"]
    assert grantor["relationship"] == [{"text": "special guardian"}]
    assert "identifier" not in grantor
    assert fhir["performer"][0]["display"] == "Grace Okafor (special guardian)"


def test_consents_given_before_parents_signed_in_still_read_and_withdraw(
    client: TestClient, services: Services
) -> None:
    """A ConsentGiven event stored without the fields added for parents (``parent_id``,
    ``request_id``) reads back as a consent recorded by staff, and can be withdrawn."""
    fam = family(client)
    child_id = UUID(fam.child_id)
    consents = new(ChildConsents, consents_id(child_id), created="Opened", child_id=child_id)
    consents.give(
        consent_id=uuid4(),
        given_by="Grace Okafor",
        relationship="mother",
        parental_responsibility=True,
        recipient_id=UUID(fam.school_id),
        purpose="transition",
        categories=["journey"],
        valid_from=date.today(),
        valid_until=None,
        evidence="paper form 12",
        setting_id=UUID(fam.at.org_id),
        recorded_by=UUID(fam.at.practitioner.id),
        recorded_at=services.app.clock(),
    )
    for event in consents._pending_events:  # as an event stored before parents signed in
        event.__dict__.pop("parent_id", None)
        event.__dict__.pop("request_id", None)
    services.app.save(consents)
    stored = [
        services.app.mapper.to_domain_event(s)
        for s in services.app.recorder.select_events(consents_id(child_id))
    ]
    assert [type(e).__name__ for e in stored] == ["Opened", "ConsentGiven"]
    assert "parent_id" not in stored[1].__dict__ and "request_id" not in stored[1].__dict__

    [old] = staff_consents(client, fam.at.manager, fam.child_id)
    assert old["given_by"] == "Grace Okafor" and old["status"] == "active"
    assert old["recorded_by_parent"] is False and old["given_by_parent_id"] is None
    assert old["request_id"] is None
    assert seal(client, fam.at.practitioner, fam.child_id, fam.school_id).status_code == 201
    assert parent_withdraws(client, fam.child_id, str(old["id"])).status_code == 303
    [withdrawn] = staff_consents(client, fam.at.manager, fam.child_id)
    assert withdrawn["status"] == "withdrawn"


def test_a_parent_cannot_block_a_safeguarding_transfer(client: TestClient) -> None:
    fam = family(client)
    consent_id = given_id(parent_gives(client, fam.child_id, fam.school_id))
    assert parent_withdraws(client, fam.child_id, consent_id).status_code == 303
    assert_problem(seal(client, fam.at.practitioner, fam.child_id, fam.school_id), 403)
    never_asked = f.listed_organisation(client, "school")  # no consent for it was ever given

    sender = f.staff(client, fam.at.org_id, "dsl")
    for school_id in (fam.school_id, never_asked):
        f.staff(client, school_id, "dsl")
        sent = seal(
            client,
            sender,
            fam.child_id,
            school_id,
            kind="safeguarding",
            justification=JUSTIFICATION,
        )
        assert sent.status_code == 201, sent.text
        assert sent.json()["kind"] == "safeguarding" and sent.json()["status"] == "delivered"
