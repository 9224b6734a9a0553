"""Sharing with parents, and who else is in a photo, on the staff's pages: a parent's moment
from home stands out on the timeline as theirs; staff share their setting's entries with a
button, or as they record them; and the setting names the other children a photo shows by
ticking them (names posted, never in a URL)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories
from tests.api.test_photos import attached
from tests.factories import days_ago
from tests.journeys import nursery
from tests.parents import invite
from tests.people import csrf_of
from tests.web import web_session


def entry_html(page: str, entry_id: str) -> str:
    """The timeline's item for one entry."""
    start = page.index(f'id="entry-{entry_id}"')
    return page[start : page.index("</li>", start)]


def shared(client: TestClient, by: factories.Staff, child_id: str, path: str) -> dict[str, Any]:
    answer = client.get(f"/v1/children/{child_id}/{path}", headers=by.headers)
    assert answer.status_code == 200, answer.text
    return {e["id"]: e["shared_with_parents"] for e in answer.json()["items"]}


def test_a_moment_from_home_is_marked_as_the_parents_and_left_to_them(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    parent = invite(client, at.practitioner, child_id, name="Sam Cole", relationship="father")
    moment = services.app.record_home_moment(
        UUID(child_id), UUID(parent.id), text="We baked bread.", recorded_on=date.today()
    )
    web_session(client, services, at.org_id, at.practitioner.id)

    page = client.get(f"/children/{child_id}").text

    item = entry_html(page, str(moment.id))
    assert "From home — Sam Cole (Father)" in item and "We baked bread." in item
    assert "Correct" not in item and "Withdraw" not in item and "Share with parents" not in item
    assert "a colleague" not in item


def test_a_practitioner_shares_an_entry_from_the_timeline_once(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    observation = factories.observation(client, at.practitioner, child_id)["id"]
    kept = factories.voice(client, at.practitioner, child_id)["id"]
    web_session(client, services, at.org_id, at.practitioner.id)
    page = client.get(f"/children/{child_id}").text
    item = entry_html(page, observation)
    assert "Share with parents" in item and "Shared with parents" not in item
    action = f"/children/{child_id}/observations/{observation}/sharing"
    assert f'action="{action}"' in item
    key = re.search(r'name="form_key" value="([^"]+)"', item)
    assert key
    fields = {"csrf": csrf_of(page), "form_key": key.group(1)}

    answer = client.post(action, data=fields, follow_redirects=False)

    assert answer.status_code == 303
    assert answer.headers["location"].endswith(f"saved=shared#entry-{observation}")
    after = client.get(answer.headers["location"]).text
    assert "parents and carers see it on their pages" in after
    item = entry_html(after, observation)
    assert "Shared with parents" in item and "Share with parents" not in item
    assert "Share with parents" in entry_html(after, kept)
    assert shared(client, at.practitioner, child_id, "observations") == {observation: True}
    assert client.post(action, data=fields, follow_redirects=False).status_code == 303  # replay
    again = client.post(action, data={**fields, "form_key": "another"})
    assert again.status_code == 409 and "already shared" in again.text


def test_another_setting_cannot_share_what_it_did_not_record(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    observation = factories.observation(client, at.practitioner, child_id)["id"]
    elsewhere = nursery(client)
    csrf = web_session(client, services, elsewhere.org_id, elsewhere.practitioner.id)
    action = f"/children/{child_id}/observations/{observation}/sharing"
    refused = client.post(action, data={"csrf": csrf, "form_key": "x"})
    assert refused.status_code == 404
    assert shared(client, at.practitioner, child_id, "observations") == {observation: False}


def test_the_forms_share_an_entry_as_it_is_recorded_when_ticked(
    client: TestClient, services: Services
) -> None:
    at = nursery(client)
    child_id = factories.child(client, at.practitioner)
    csrf = web_session(client, services, at.org_id, at.practitioner.id)
    for form in ("observations", "voices", "assessments"):
        html = client.get(f"/children/{child_id}/{form}/new").text
        assert 'name="shared_with_parents" type="checkbox" value="yes"' in html
        assert "Share with the child's parents" in html
    base = {"csrf": csrf, "recorded_on": days_ago(1), "kind": "child"}
    client.post(
        f"/children/{child_id}/voices/new",
        data={**base, "form_key": "v1", "text": "Shared.", "shared_with_parents": "yes"},
    )
    client.post(f"/children/{child_id}/voices/new", data={**base, "form_key": "v2", "text": "Not."})
    client.post(
        f"/children/{child_id}/observations/new",
        data={
            "csrf": csrf,
            "form_key": "o1",
            "area": "CL",
            "text": "Told a story.",
            "observed_on": days_ago(1),
            "shared_with_parents": "yes",
        },
    )
    voices = client.get(f"/v1/children/{child_id}/voices", headers=at.practitioner.headers)
    by_text = {v["text"]: v["shared_with_parents"] for v in voices.json()["items"]}
    assert by_text == {"Shared.": True, "Not.": False}
    assert list(shared(client, at.practitioner, child_id, "observations").values()) == [True]
    refused = client.post(
        f"/children/{child_id}/voices/new",
        data={**base, "form_key": "v3", "text": "", "shared_with_parents": "yes"},
    )
    assert refused.status_code == 422  # and the box stays ticked, as the practitioner left it
    assert 'name="shared_with_parents" type="checkbox" value="yes" checked' in refused.text


def test_the_setting_ticks_who_else_is_in_a_photo(client: TestClient, services: Services) -> None:
    at = nursery(client)
    amara = factories.child(client, at.practitioner)
    ben = factories.child(client, at.practitioner, given_name="Ben", family_name="Cole")
    factories.child(client, at.practitioner, given_name="Zoe", family_name="Hart")
    entry = factories.observation(client, at.practitioner, amara)["id"]
    photo = attached(client, at.practitioner, amara, entry)
    csrf = web_session(client, services, at.org_id, at.practitioner.id)
    photos = client.get(f"/children/{amara}/entries/{entry}/photos").text
    tags = f"/children/{amara}/photos/{photo}/tags"
    assert f'href="{tags}">Who else is in photo 1?' in photos and "Only Amara Okafor" in photos
    form = client.get(tags).text
    assert "Ben Cole" in form and "Zoe Hart" in form
    assert f'value="{amara}"' not in form  # the photo's own child is not offered

    answer = client.post(
        tags, data={"csrf": csrf, "form_key": "t1", "also_shows": [ben]}, follow_redirects=False
    )

    assert answer.status_code == 303
    assert answer.headers["location"] == f"/children/{amara}/entries/{entry}/photos?tagged=1"
    after = client.get(answer.headers["location"]).text
    assert "Amara Okafor and 1 other child" in after
    assert re.search(rf'value="{ben}" checked', client.get(tags).text)
    listed = client.get(
        f"/v1/children/{amara}/entries/{entry}/photos", headers=at.practitioner.headers
    )
    assert listed.json()[0]["also_shows"] == [ben]
    stranger = factories.child(client, nursery(client).practitioner, given_name="Kit")
    refused = client.post(tags, data={"csrf": csrf, "form_key": "t2", "also_shows": [stranger]})
    assert refused.status_code == 422 and "name children this setting enrols" in refused.text
    elsewhere = nursery(client)
    web_session(client, services, elsewhere.org_id, elsewhere.practitioner.id)
    assert client.get(tags).status_code == 404
