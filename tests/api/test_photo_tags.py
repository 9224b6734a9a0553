"""Naming the other children a photo shows (on embedded SQLite and on PostgreSQL): the setting
that took it names children it enrols; the photo's listing says who they are, to that setting
only; and a photo of several children reaches a family only with every other family's yes."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.api.problems import assert_problem
from tests.api.test_photos import attached
from tests.journeys import Nursery, nursery
from tests.parents import invite


def tag(client: TestClient, by: f.Staff, child_id: str, photo_id: str, *others: str) -> Any:
    return client.post(
        f"/v1/children/{child_id}/photos/{photo_id}/tags",
        headers=by.headers,
        json={"also_shows": list(others)},
    )


def group_photo(client: TestClient) -> tuple[Nursery, str, str, str, str]:
    """A nursery, three of its children, and a photo on the first's observation."""
    at = nursery(client)
    amara = f.child(client, at.practitioner)
    ben = f.child(client, at.practitioner, given_name="Ben", family_name="Cole")
    zoe = f.child(client, at.practitioner, given_name="Zoe", family_name="Hart")
    entry = f.observation(client, at.practitioner, amara)["id"]
    return at, amara, ben, zoe, attached(client, at.practitioner, amara, entry)


def listed_tags(client: TestClient, by: f.Staff, child_id: str, photo_id: str) -> Any:
    entry = client.get(f"/v1/children/{child_id}/observations", headers=by.headers).json()
    entry_id = next(e["id"] for e in entry["items"] if photo_id in e["photos"])
    photos = client.get(f"/v1/children/{child_id}/entries/{entry_id}/photos", headers=by.headers)
    assert photos.status_code == 200, photos.text
    return next(p["also_shows"] for p in photos.json() if p["id"] == photo_id)


def test_the_setting_names_the_other_children_and_the_listing_shows_them(
    client: TestClient,
) -> None:
    at, amara, ben, zoe, photo = group_photo(client)
    assert listed_tags(client, at.practitioner, amara, photo) == []
    tagged = tag(client, at.practitioner, amara, photo, zoe, ben, ben, amara)
    assert tagged.status_code == 200, tagged.text
    body = tagged.json()
    assert body["id"] == photo and body["child_id"] == amara
    assert body["also_shows"] == sorted([ben, zoe])  # once each; the photo's own child left out
    assert body["shown_to_parents"] is False  # no family of Ben's or Zoe's has agreed
    assert sorted(listed_tags(client, at.manager, amara, photo)) == sorted([ben, zoe])
    cleared = tag(client, at.practitioner, amara, photo)
    assert cleared.status_code == 200 and cleared.json()["also_shows"] == []
    assert cleared.json()["shown_to_parents"] is True
    assert listed_tags(client, at.practitioner, amara, photo) == []


def test_a_child_the_setting_does_not_enrol_is_refused_and_nothing_changes(
    client: TestClient,
) -> None:
    at, amara, ben, _, photo = group_photo(client)
    elsewhere = nursery(client)
    stranger_child = f.child(client, elsewhere.practitioner, given_name="Kit")
    for other in (stranger_child, str(uuid4())):
        refused = tag(client, at.practitioner, amara, photo, ben, other)
        assert_problem(refused, 422, "also_shows")
    assert listed_tags(client, at.practitioner, amara, photo) == []
    bad = client.post(
        f"/v1/children/{amara}/photos/{photo}/tags",
        headers=at.practitioner.headers,
        json={"also_shows": ["Ben Cole"]},  # a name is not an id
    )
    assert_problem(bad, 422, "also_shows")


def test_only_the_setting_that_took_the_photo_names_who_it_shows(
    client: TestClient, services: Services
) -> None:
    at, amara, ben, _, photo = group_photo(client)
    assert tag(client, at.practitioner, amara, photo, ben).status_code == 200
    stranger = f.staff(client, f.organisation(client), "practitioner")
    assert_problem(tag(client, stranger, amara, photo, ben), 404)
    childminder = f.staff(client, f.organisation(client, "childminder"), "manager")
    services.app.enrol_child(
        UUID(amara), UUID(childminder.org_id), date.today(), UUID(childminder.id)
    )
    assert_problem(tag(client, childminder, amara, photo), 409)
    assert listed_tags(client, at.practitioner, amara, photo) == [ben]
    # With the parents' consent the other setting reads the entry and its photos, but is not
    # told who else is in them: children it may not know.
    f.consent(client, at.manager, amara, childminder.org_id, purpose="care")
    assert listed_tags(client, childminder, amara, photo) is None
    assert_problem(tag(client, at.practitioner, amara, str(uuid4()), ben), 404)


def test_a_group_photo_reaches_families_only_when_every_other_family_agreed(
    client: TestClient, services: Services
) -> None:
    at, amara, ben, zoe, photo = group_photo(client)
    bens_mother = invite(client, at.practitioner, ben)
    zoes_father = invite(client, at.practitioner, zoe, relationship="father")
    services.app.decide_group_photos(UUID(ben), UUID(bens_mother.id), True)
    assert tag(client, at.practitioner, amara, photo, ben).json()["shown_to_parents"] is True
    assert tag(client, at.practitioner, amara, photo, ben, zoe).json()["shown_to_parents"] is False
    services.app.decide_group_photos(UUID(zoe), UUID(zoes_father.id), True)
    assert tag(client, at.practitioner, amara, photo, ben, zoe).json()["shown_to_parents"] is True
