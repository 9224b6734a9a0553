"""The family pages: a parent sees their own child's journal as the setting shared it, adds
moments from home that reach the staff, sees a photo of several children only once every
family agreed, downloads their own record, and never sees another child's anything."""

from __future__ import annotations

import json
import re
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.browser.test_pages_policy import assert_meets_the_policy
from tests.family import (
    as_parent,
    family_log,
    form_of,
    moment,
    observed,
    photo_on,
    signed_in_family,
    tagged,
)
from tests.images import jpeg_with_gps, opened
from tests.journeys import nursery
from tests.parents import InvitedParent, invite, joined, signed_out
from tests.web import last_log_id, log_rows_since, web_session


def test_a_parent_sees_what_was_shared_and_their_own_moments_and_nothing_else(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    amara = f.child(client, at.practitioner)
    ben = f.child(client, at.practitioner, given_name="Ben", family_name="Cole")
    observed(client, services, at, amara, "Amara built a tower of ten bricks.", elgs=["COM_E02"])
    f.observation(client, at.practitioner, amara, text="Amara was upset at lunch today.")
    dragon = observed(client, services, at, amara, "Amara painted a green dragon.")
    base = f"/v1/children/{amara}/observations/{dragon}"
    client.post(f"{base}/withdrawal", headers=at.practitioner.headers, json={"reason": "wrong"})
    song = observed(client, services, at, amara, "Amara sang a sogn.")
    client.post(
        f"/v1/children/{amara}/observations/{song}/corrections",
        headers=at.practitioner.headers,
        json={"text": "Amara sang a song in Yoruba."},
    )
    observed(client, services, at, ben, "Ben ran the whole length of the garden.")
    mother = invite(client, at.practitioner, amara)
    father = invite(client, at.practitioner, amara, name="Tunde Okafor", relationship="father")
    joined(client, mother)

    children = client.get("/family")
    assert children.status_code == 200
    assert "Amara Okafor" in children.text and "Ben" not in children.text
    organisation = services.app.organisation(UUID(at.org_id))
    assert organisation.name in children.text
    assert moment(client, amara, "We baked bread; Amara counted the spoons.").status_code == 303

    page = client.get(f"/family/children/{amara}").text
    for seen in (
        "Amara built a tower of ten bricks.",
        "Communication and language",
        "Speaking",
        "Amara sang a song in Yoruba.",
        "We baked bread; Amara counted the spoons.",
        "From home",
        "by you",
    ):
        assert seen in page, seen
    for unseen in ("upset at lunch", "green dragon", "sogn", "Ben ran", "COM_E02", "Staff "):
        assert unseen not in page, unseen
    assert page.index("We baked bread") < page.index("ten bricks")  # newest first

    signed_out(client)
    joined(client, father)  # the other parent sees the moment, as written by Amara's mother
    assert "by Amara&#39;s mother" in client.get(f"/family/children/{amara}").text


def test_a_moment_from_home_with_a_photo_reaches_the_staff_journey_once(
    client: TestClient, services: Services
) -> None:
    at, amara, parent = signed_in_family(client)
    path = f"/family/children/{amara}/moments/new"
    hidden = form_of(client, path)
    text = "Amara planted sunflower seeds in the garden."
    first = moment(client, amara, text, photos=[jpeg_with_gps()], hidden=hidden)
    again = moment(client, amara, text, photos=[jpeg_with_gps()], hidden=hidden)  # double tap
    assert first.status_code == again.status_code == 303
    journal = client.get(first.headers["location"])
    assert "Your moment is in the journal" in journal.text and text in journal.text
    assert journal.text.count(text) == 1

    voices = client.get(f"/v1/children/{amara}/voices", headers=at.practitioner.headers).json()
    [voice] = voices["items"]
    assert voice["kind"] == "parent" and voice["recorded_by_parent"] is True
    assert voice["recorded_by"] == parent.id and voice["text"] == text
    [photo] = voice["photos"]
    assert f"/family/children/{amara}/photos/{photo}/thumbnail" in journal.text
    thumbnail = client.get(f"/family/children/{amara}/photos/{photo}/thumbnail")
    assert thumbnail.status_code == 200 and thumbnail.headers["content-type"] == "image/jpeg"
    assert thumbnail.headers["cache-control"] == "no-store"
    image = client.get(f"/family/children/{amara}/photos/{photo}")
    assert opened(image.content).getexif() == {}  # no location, no camera
    staff_sees = client.get(f"/v1/children/{amara}/photos/{photo}", headers=at.manager.headers)
    assert staff_sees.status_code == 200


def test_a_moment_with_a_problem_comes_back_with_what_was_typed(
    client: TestClient, services: Services
) -> None:
    at, amara, _ = signed_in_family(client)
    empty = moment(client, amara, "   ", recorded_on=f.days_ago(1))
    assert empty.status_code == 422 and "Write what happened" in empty.text
    assert f'value="{f.days_ago(1)}"' in empty.text
    future = moment(client, amara, "Amara rode her bike.", recorded_on=f.days_ahead(3))
    assert future.status_code == 422 and "Amara rode her bike." in future.text
    not_a_photo = moment(client, amara, "Amara drew a cat.", photos=[b"not a photo at all"])
    assert not_a_photo.status_code == 422 and "not a JPEG, PNG or WebP" in not_a_photo.text
    assert "Amara drew a cat." in not_a_photo.text
    voices = client.get(f"/v1/children/{amara}/voices", headers=at.practitioner.headers)
    assert voices.json()["items"] == []  # nothing was recorded


def test_a_photo_of_several_children_is_shown_once_every_family_agreed(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    amara = f.child(client, at.practitioner)
    ben = f.child(client, at.practitioner, given_name="Ben", family_name="Cole")
    entry = observed(client, services, at, amara, "Amara and Ben shared the big blocks.")
    photo = photo_on(client, at.practitioner, amara, entry)
    tagged(services, at, amara, photo, ben)
    unshared = str(f.observation(client, at.practitioner, amara)["id"])
    hidden_photo = photo_on(client, at.practitioner, amara, unshared)
    amaras = invite(client, at.practitioner, amara)
    bens_mother = invite(client, at.practitioner, ben)
    bens_father = invite(client, at.practitioner, ben, name="Sam Cole", relationship="father")
    for parent in (amaras, bens_mother, bens_father):
        as_parent(client, parent, first_time=True)
    thumbnail = f"/family/children/{amara}/photos/{photo}/thumbnail"

    def amaras_parent_sees() -> bool:
        as_parent(client, amaras)
        shown = thumbnail in client.get(f"/family/children/{amara}").text
        assert client.get(thumbnail).status_code == (200 if shown else 404)
        return shown

    def agrees(parent: InvitedParent) -> None:
        as_parent(client, parent)
        path = f"/family/children/{ben}"
        answer = client.post(
            f"{path}/group-photos", data={**form_of(client, path), "agreed": "yes"}
        )
        assert answer.status_code == 200 and "Your answer is saved" in answer.text
        assert "Your answer now: <strong>Yes</strong>" in answer.text

    assert not amaras_parent_sees()
    agrees(bens_mother)
    assert not amaras_parent_sees()  # Ben's father has not answered
    agrees(bens_father)
    assert amaras_parent_sees()
    hidden = client.get(f"/family/children/{amara}/photos/{hidden_photo}")
    assert hidden.status_code == 404  # on an entry not shared with parents


def test_a_parents_record_holds_their_data_and_the_shared_record_only(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    amara = f.child(client, at.practitioner, preferred_name="Ami")
    observed(client, services, at, amara, "Amara counted to twenty.")
    f.observation(client, at.practitioner, amara, text="A note kept among staff.")
    school = f.organisation(client, "school", name="Hill Primary")
    f.consent(client, at.manager, amara, school)
    parent = invite(client, at.practitioner, amara, name="Maya Okafor")
    joined(client, parent)
    moment(client, amara, "Ami fed the ducks.")
    page = client.get(f"/family/children/{amara}/record")
    assert page.status_code == 200 and "Download the record" in page.text
    before = last_log_id(services)

    download = client.get(f"/family/children/{amara}/record.json")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment;")
    record = download.json()
    assert record["you"] == {
        "id": parent.id,
        "name": "Maya Okafor",
        "email": parent.email,
        "relationship": "mother",
        "group_photos": None,
    }
    assert record["child"]["preferred_name"] == "Ami"
    assert [s["name"] for s in record["child"]["settings"]] == [
        services.app.organisation(UUID(at.org_id)).name
    ]
    assert [(e["what"], e["text"]) for e in record["entries"]] == [
        ("Observation", "Amara counted to twenty."),
        ("From home", "Ami fed the ducks."),
    ]
    [consent] = record["consents"]
    assert consent["recipient"] == "Hill Primary" and consent["status"] == "active"
    assert (
        "A note kept among staff" not in download.text and at.practitioner.id not in download.text
    )
    [row] = family_log(services, before)
    assert row == (parent.id, amara, "record", "allowed", "subject-access")
    assert json.loads(download.text) == record


def test_every_family_page_of_a_child_not_theirs_is_not_found_and_logged(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    amara = f.child(client, at.practitioner)
    ada = f.child(client, at.practitioner, given_name="Ada")
    ben = f.child(client, at.practitioner, given_name="Ben", family_name="Cole")
    bens_photo = photo_on(client, at.practitioner, ben, observed(client, services, at, ben, "B"))
    parent = invite(client, at.practitioner, amara)
    sister = invite(client, at.practitioner, ada, email=parent.email)  # the same account
    joined(client, sister)  # (the newer link)
    hidden = form_of(client, f"/family/children/{amara}/moments/new")

    def refused(child_id: str, photo: str) -> None:
        before = last_log_id(services)
        base = f"/family/children/{child_id}"
        gets = ("", "/moments/new", "/record", "/record.json", f"/photos/{photo}")
        for path in (*gets, f"/photos/{photo}/thumbnail"):
            assert client.get(base + path).status_code == 404, path
        for path, data in (("/moments/new", {"text": "x"}), ("/group-photos", {"agreed": "no"})):
            posted = client.post(base + path, data={**hidden, "recorded_on": f.days_ago(0), **data})
            assert posted.status_code == 404, path
        rows = family_log(services, before)
        assert len(rows) == 8 and {r[3] for r in rows} == {"denied"}
        assert {(r[0], r[1]) for r in rows} == {(parent.id, child_id)}

    refused(ben, bens_photo)
    refused(str(uuid4()), str(uuid4()))
    ended = client.post(
        f"/v1/children/{amara}/parents/{parent.id}/access-end",
        headers=at.manager.headers,
        json={"reason": "court order"},
    )
    assert ended.status_code == 200
    refused(amara, str(uuid4()))
    listed = client.get("/family").text
    assert f"/family/children/{ada}" in listed and f"/family/children/{amara}" not in listed


def test_a_parent_with_no_child_to_see_is_told_so_kindly(
    client: TestClient, services: Services
) -> None:
    at, amara, parent = signed_in_family(client)
    services.app.end_parent_access(
        UUID(amara),
        UUID(parent.id),
        setting_id=UUID(at.org_id),
        ended_by=UUID(at.manager.id),
        reason=None,
    )
    page = client.get("/family")
    assert page.status_code == 200
    assert "There is no child to show you here" in page.text and amara not in page.text


def test_staff_are_refused_the_family_pages_and_parents_see_only_their_header(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    amara = f.child(client, at.practitioner)
    csrf = web_session(client, services, at.org_id, at.manager.id)
    before = last_log_id(services)
    for path in ("/family", f"/family/children/{amara}", f"/family/children/{amara}/record"):
        answer = client.get(path)
        assert answer.status_code == 403 and "for parents and carers" in answer.text
    posted = client.post(
        f"/family/children/{amara}/group-photos", data={"csrf": csrf, "agreed": "yes"}
    )
    assert posted.status_code == 403
    assert len(log_rows_since(services, before, "%/family%")) == 4
    staff_header = client.get("/children").text
    assert 'href="/account"' in staff_header and 'href="/family"' not in staff_header

    client.cookies.clear()
    joined(client, invite(client, at.practitioner, amara))
    page = client.get(f"/family/children/{amara}").text
    assert '<a href="/family" aria-current="page">My children</a>' in page
    assert "Sign out" in page
    for staff_link in ('href="/children"', 'href="/account"', 'href="/staff"'):
        assert staff_link not in page


def test_every_family_page_runs_under_the_strict_policy(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    amara = f.child(client, at.practitioner)
    observed(client, services, at, amara, "Amara hopped on one foot.")
    joined(client, invite(client, at.practitioner, amara))
    moment(client, amara, "Amara made a den.", photos=[jpeg_with_gps()])
    for path in ("/family", "/family/children/{c}", "/family/children/{c}/moments/new"):
        assert assert_meets_the_policy(client, path.format(c=amara)), path
    assert assert_meets_the_policy(client, f"/family/children/{amara}/record")
    journal = f"/family/children/{amara}"
    unanswered = client.post(f"{journal}/group-photos", data=form_of(client, journal))
    assert unanswered.status_code == 422 and "choose yes or no" in unanswered.text
    assert "Not answered yet" in unanswered.text


def test_a_long_journal_pages_back_to_its_first_entry(
    client: TestClient, services: Services
) -> None:
    at, amara, _ = signed_in_family(client)
    for n in range(26):
        observed(client, services, at, amara, f"Entry number {n}.", observed_on=f.days_ago(30 - n))
    first = client.get(f"/family/children/{amara}").text
    assert "Entry number 25." in first and "Entry number 0." not in first
    earlier = re.search(r'href="(/family/children/[^"]+\?cursor=[^"]+)"', first)
    assert earlier is not None
    rest = client.get(earlier.group(1).replace("&amp;", "&")).text
    assert "Entry number 0." in rest and "Entry number 1." not in rest
