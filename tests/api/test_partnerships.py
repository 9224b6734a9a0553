"""Partnerships: membership by acceptance, a dashboard of figures that never names a child and
hides small numbers, moderation samples without names, ids or dates of birth, and reviews."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests import partnership_world as w
from tests.web import last_log_id, log_rows_since


def test_a_manager_forms_a_partnership_and_only_the_invited_manager_accepts(
    client: TestClient,
) -> None:
    a, b = w.seeded_setting(client, 0), w.seeded_setting(client, 0)
    stranger = w.seeded_setting(client, 0)
    made = w.partnership(client, a.manager, [b.org_id])
    assert set(made) >= {"id", "name", "kind", "members"}
    states = {m["org_id"]: m["state"] for m in made["members"]}
    assert states == {a.org_id: "member", b.org_id: "invited"}
    pid = made["id"]
    accept_b = f"/v1/partnerships/{pid}/members/{b.org_id}/acceptance"

    # A practitioner cannot form one; nobody but B's manager accepts for B.
    formed = client.post(
        "/v1/partnerships",
        headers=a.practitioner.headers,
        json={"name": "x", "kind": "hub", "invite": []},
    )
    assert formed.status_code == 403
    assert client.post(accept_b, headers=a.manager.headers).status_code == 403
    assert client.post(accept_b, headers=b.practitioner.headers).status_code == 403
    assert client.post(accept_b, headers=stranger.manager.headers).status_code == 404

    joined = w.accept(client, b.manager, pid)
    assert {m["org_id"]: m["state"] for m in joined["members"]} == {
        a.org_id: "member",
        b.org_id: "member",
    }
    assert client.post(accept_b, headers=b.manager.headers).status_code == 409
    listed = client.get(
        "/v1/partnerships", headers=b.practitioner.headers, params={"after": joined["position"]}
    )
    assert {"id": pid, "relation": "member"}.items() <= next(
        i for i in listed.json()["items"] if i["id"] == pid
    ).items()


def test_an_unrelated_organisation_gets_404_on_everything(client: TestClient) -> None:
    a, stranger = w.seeded_setting(client, 1), w.seeded_setting(client, 1)
    pid = w.partnership(client, a.manager, [])["id"]
    sample_path = f"/v1/partnerships/{pid}/moderation/{a.children[0]['id']}/reviews"
    h = stranger.manager.headers
    assert client.get(f"/v1/partnerships/{pid}", headers=h).status_code == 404
    assert client.get(f"/v1/partnerships/{pid}/dashboard", headers=h).status_code == 404
    assert client.get(f"/v1/partnerships/{pid}/moderation", headers=h).status_code == 404
    shared = client.post(
        f"/v1/partnerships/{pid}/moderation",
        headers=h,
        json={"child_id": stranger.children[0]["id"], "assessment_id": stranger.org_id},
    )
    assert shared.status_code == 404
    assert client.post(sample_path, headers=h, json={"agree": True}).status_code == 404
    assert client.get(f"/v1/partnerships/{pid}", headers=f.OPERATOR).status_code == 404


def test_the_dashboard_names_no_child_and_hides_figures_about_fewer_than_five(
    client: TestClient,
) -> None:
    five, four = w.seeded_setting(client, 5), w.seeded_setting(client, 4)
    pid = w.partnership(client, five.manager, [four.org_id])["id"]
    joined = w.accept(client, four.manager, pid)
    after = max(five.position, four.position, joined["position"])
    response = client.get(
        f"/v1/partnerships/{pid}/dashboard",
        headers=four.practitioner.headers,
        params={"after": after},
    )
    assert response.status_code == 200, response.text
    assert w.leaks(response.text, five.children + four.children) == []
    body = response.json()
    by_member = {m["org_id"]: m["figures"] for m in body["members"]}
    assert by_member[five.org_id]["children_on_roll"] == 5
    assert by_member[four.org_id]["children_on_roll"] is None
    assert by_member[five.org_id]["observations"]["CL"] == 5
    assert by_member[four.org_id]["observations"]["CL"] is None
    assert by_member[five.org_id]["observations"]["PD"] is None  # about no child
    # A total leaves out a hidden member: 5, never 9 (9 - 5 would give the hidden 4 away).
    assert body["total"]["children_on_roll"] == 5
    assert body["total"]["observations"]["CL"] == 5
    assert body["small_number"] == 5
    assert len(body["by_month"]) == 12


def test_a_local_authority_reads_its_areas_dashboard_and_not_anothers(
    client: TestClient,
) -> None:
    la = f.organisation(client, "local_authority")
    la_officer = f.staff(client, la, "manager")
    other_la = f.organisation(client, "local_authority")
    other_officer = f.staff(client, other_la, "manager")
    a = w.seeded_setting(client, 5)
    pid = w.partnership(client, a.manager, [], local_authority_id=la)["id"]
    later = w.partnership(client, a.manager, [])["id"]
    dashboard = client.get(
        f"/v1/partnerships/{pid}/dashboard",
        headers=la_officer.headers,
        params={"after": a.position},
    )
    assert dashboard.status_code == 200, dashboard.text
    assert w.leaks(dashboard.text, a.children) == []
    assert (
        client.get(f"/v1/partnerships/{later}/dashboard", headers=la_officer.headers).status_code
        == 404
    )
    assert (
        client.get(f"/v1/partnerships/{pid}/dashboard", headers=other_officer.headers).status_code
        == 404
    )
    # Nothing of children: no moderation samples for the local authority.
    assert (
        client.get(f"/v1/partnerships/{pid}/moderation", headers=la_officer.headers).status_code
        == 404
    )
    # A member's manager sets the area later; the authority reads it from then on.
    moved = client.post(
        f"/v1/partnerships/{later}/local-authority",
        headers=a.manager.headers,
        json={"local_authority_id": other_la},
    )
    assert moved.status_code == 200, moved.text
    assert (
        client.get(f"/v1/partnerships/{later}/dashboard", headers=other_officer.headers).status_code
        == 200
    )
    assert (
        client.post(
            "/v1/partnerships",
            headers=la_officer.headers,
            json={"name": "x", "kind": "locality", "invite": []},
        ).status_code
        == 403
    )


def test_a_moderation_sample_holds_no_name_id_or_date_of_birth_and_takes_reviews(
    client: TestClient, services: Services
) -> None:
    a, b = w.seeded_setting(client, 1), w.seeded_setting(client, 0)
    child = a.children[0]
    pid = w.partnership(client, a.manager, [b.org_id])["id"]
    w.accept(client, b.manager, pid)
    summary = (
        f"{child['given']} is confident; {child['given'].upper()} {child['family']} counts to 20."
    )
    assessment = w.assessment(client, a.practitioner, child["id"], summary)
    since = last_log_id(services)
    body = {"child_id": child["id"], "assessment_id": assessment["id"]}
    refused = client.post(
        f"/v1/partnerships/{pid}/moderation", headers=a.practitioner.headers, json=body
    )
    assert refused.status_code == 403
    shared = client.post(f"/v1/partnerships/{pid}/moderation", headers=a.manager.headers, json=body)
    assert shared.status_code == 201, shared.text
    assert w.leaks(shared.text, a.children) == []
    sample = shared.json()
    assert sample["assessment"]["summary"] == "The child is confident; the child counts to 20."
    assert sample["assessment"]["age_band"].endswith("months")
    assert [e["text"] for e in sample["evidence"]] == [
        "The child told the child's friend a story about the cat."
    ]
    assert sample["names_replaced_with"] == "the child"
    logged = log_rows_since(services, since, "moderation-sample")
    assert any(str(row).count(child["id"]) for row in logged)

    listed = client.get(f"/v1/partnerships/{pid}/moderation", headers=b.practitioner.headers)
    assert listed.status_code == 200
    assert w.leaks(listed.text, a.children) == []
    assert [s["id"] for s in listed.json()["items"]] == [sample["id"]]

    reviews = f"/v1/partnerships/{pid}/moderation/{sample['id']}/reviews"
    own = client.post(reviews, headers=a.manager.headers, json={"agree": True})
    assert own.status_code == 409  # the sharing member does not review its own sample
    first = client.post(reviews, headers=b.manager.headers, json={"agree": False, "comment": "M?"})
    assert first.status_code == 201, first.text
    again = client.post(reviews, headers=b.practitioner.headers, json={"agree": True})
    assert again.status_code == 201
    assert [(r["org_id"], r["agree"]) for r in again.json()["reviews"]] == [(b.org_id, True)]


def test_erasing_the_child_removes_its_moderation_samples(client: TestClient) -> None:
    a, b = w.seeded_setting(client, 1), w.seeded_setting(client, 0)
    child = a.children[0]
    pid = w.partnership(client, a.manager, [b.org_id])["id"]
    w.accept(client, b.manager, pid)
    assessment = w.assessment(client, a.practitioner, child["id"], "Counts to 20.")
    shared = client.post(
        f"/v1/partnerships/{pid}/moderation",
        headers=a.manager.headers,
        json={"child_id": child["id"], "assessment_id": assessment["id"]},
    )
    assert shared.status_code == 201, shared.text
    erased = client.post(
        f"/v1/children/{child['id']}/erasure",
        headers=a.manager.headers,
        json={"reason": "the parents asked for the record to be erased"},
    )
    assert erased.status_code == 200, erased.text
    listed = client.get(f"/v1/partnerships/{pid}/moderation", headers=b.manager.headers)
    assert listed.json()["items"] == []
    review = client.post(
        f"/v1/partnerships/{pid}/moderation/{shared.json()['id']}/reviews",
        headers=b.manager.headers,
        json={"agree": True},
    )
    assert review.status_code == 404
