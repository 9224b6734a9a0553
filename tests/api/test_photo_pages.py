"""The photo pages (on embedded SQLite and on PostgreSQL): thumbnails and photos served to a
signed-in person as to a token, an entry's photos page, and adding a photo from a form."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx2 import Response

from api.services import Services
from tests import factories as f
from tests.api.test_photos import attached, stored_rows
from tests.api.test_refusals_logged import last_id, written_since
from tests.images import jpeg_with_gps, opened
from tests.web import web_session


def photos_page(child: str, entry: str) -> str:
    return f"/children/{child}/entries/{entry}/photos"


def post_photo(
    client: TestClient, csrf: str, child: str, entry: str, data: bytes, key: str, **form: str
) -> Response:
    return client.post(
        photos_page(child, entry),
        data={"csrf": csrf, "form_key": key, **form},
        files={"photos": ("IMG_0002.jpg", data, "image/jpeg")},
        follow_redirects=False,
    )


def test_a_signed_in_practitioner_sees_the_photo_by_its_page_address(
    client: TestClient, services: Services
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    photo = attached(client, practitioner, child, entry)
    signed_out = client.get(f"/children/{child}/photos/{photo}", follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/?next=")

    web_session(client, services, practitioner.org_id, practitioner.id)
    url = f"/children/{child}/photos/{photo}"
    for path in (url, f"{url}/thumbnail"):
        response = client.get(path)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "image/jpeg"
        assert response.headers["cache-control"] == "no-store"
        assert not opened(response.content).getexif()


def test_adding_a_photo_from_the_entrys_page_shows_it_with_its_description(
    client: TestClient, services: Services
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    csrf = web_session(client, services, practitioner.org_id, practitioner.id)
    page = client.get(photos_page(child, entry))
    assert page.status_code == 200 and "No photos yet." in page.text
    assert 'enctype="multipart/form-data"' in page.text

    sent = post_photo(client, csrf, child, entry, jpeg_with_gps(), "k1", description="Painting")
    assert sent.status_code == 303, sent.text
    again = post_photo(client, csrf, child, entry, jpeg_with_gps(), "k1", description="Painting")
    assert again.status_code == 303 and "added" not in again.headers["location"]
    assert len(stored_rows(services, child)) == 1  # a double tap adds the photo once

    shown = client.get(sent.headers["location"])
    assert "The photo was added." in shown.text
    assert 'alt="Painting"' in shown.text and '<ul class="photos">' in shown.text


def test_a_file_that_is_not_a_photo_is_explained_beside_the_field(
    client: TestClient, services: Services
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.voice(client, practitioner, child)["id"]
    csrf = web_session(client, services, practitioner.org_id, practitioner.id)
    refused = post_photo(client, csrf, child, entry, b"%PDF-1.7 not a photo", "k2")
    assert refused.status_code == 422
    text = refused.text
    assert 'id="photos-error"' in text and "not a JPEG, PNG or WebP" in text
    assert 'aria-describedby="photos-hint photos-error"' in text
    assert stored_rows(services, child) == []


def test_another_settings_practitioner_gets_the_not_found_page_and_is_logged(
    client: TestClient, services: Services
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    photo = attached(client, practitioner, child, entry)
    stranger = f.staff(client, f.organisation(client), "practitioner")
    csrf = web_session(client, services, stranger.org_id, stranger.id)
    for path in (photos_page(child, entry), f"/children/{child}/photos/{photo}/thumbnail"):
        before = last_id(services)
        response = client.get(path)
        assert response.status_code == 404 and "text/html" in response.headers["content-type"]
        [(logged, _)] = written_since(services, before)
        assert logged.outcome.value == "denied" and str(logged.actor_id) == stranger.id
    refused = post_photo(client, csrf, child, entry, jpeg_with_gps(), "k3")
    assert refused.status_code == 404
    assert len(stored_rows(services, child)) == 1  # the setting's own photo only


def test_a_teacher_has_no_form_to_add_photos_to_a_settings_entry(
    client: TestClient, services: Services
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    manager = f.staff(client, practitioner.org_id, "manager")
    attached(client, practitioner, child, entry)
    web_session(client, services, manager.org_id, manager.id)
    page = client.get(photos_page(child, entry))
    assert page.status_code == 200 and '<ul class="photos">' in page.text
    assert "Photo from the observation of" in page.text  # the alt when nobody described it
