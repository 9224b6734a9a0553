"""Photos on the journey (on embedded SQLite and on PostgreSQL): stripped of EXIF and GPS, typed
from their bytes, limited in size and pixels, sealed at rest, read only by who may read the
entry, carried in packets, and gone with the child."""

from __future__ import annotations

import base64
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from api.services import Services
from domain.errors import ChildErased
from tests import factories as f
from tests.api.forgetting_world import erase
from tests.api.problems import assert_problem
from tests.api.test_refusals_logged import last_id, written_since
from tests.images import GPS_IFD, bomb, jpeg_with_gps, opened, png

JPEG_MAGIC = b"\xff\xd8\xff"


def upload(
    client: TestClient,
    by: f.Staff,
    child_id: str,
    entry_id: str,
    data: bytes,
    filename: str = "IMG_0001.jpg",
    content_type: str = "image/jpeg",
    **form: str,
) -> Response:
    return client.post(
        f"/v1/children/{child_id}/entries/{entry_id}/photos",
        headers=by.headers,
        files={"photo": (filename, data, content_type)},
        data=form,
    )


def attached(client: TestClient, by: f.Staff, child_id: str, entry_id: str, **form: str) -> str:
    response = upload(client, by, child_id, entry_id, jpeg_with_gps(), **form)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def stored_rows(services: Services, child_id: str) -> list[tuple[Any, ...]]:
    with services.db.read() as cur:
        cur.execute(
            "SELECT image, thumbnail, description FROM photos WHERE child_id = %s", (child_id,)
        )
        return [tuple(bytes(v) if v is not None else None for v in row) for row in cur.fetchall()]


def test_a_phone_photo_comes_back_turned_resized_and_without_exif_or_gps(
    client: TestClient,
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    original = jpeg_with_gps(2400, 1800, rotated=True)
    assert opened(original).getexif().get_ifd(GPS_IFD)  # the test photo does carry a position

    response = upload(client, practitioner, child, entry, original, description="Stacking")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["entry_id"] == entry and body["content_type"] == "image/jpeg"
    assert (body["width"], body["height"]) == (1200, 1600)  # turned upright, then resized
    assert body["description"] == "Stacking"

    image = client.get(f"/v1/children/{child}/photos/{body['id']}", headers=practitioner.headers)
    assert image.status_code == 200, image.text
    assert image.headers["content-type"] == "image/jpeg"
    assert image.headers["cache-control"] == "no-store"
    assert image.headers["x-content-type-options"] == "nosniff"
    for leak in (b"Exif", b"GPS", b"PhoneCam", b"Nursery Lane"):
        assert leak not in image.content, leak
    assert not opened(image.content).getexif()
    thumbnail = client.get(
        f"/v1/children/{child}/photos/{body['id']}/thumbnail", headers=practitioner.headers
    )
    assert thumbnail.status_code == 200 and max(opened(thumbnail.content).size) == 320
    assert b"Exif" not in thumbnail.content

    listed = f.observations_listed(client, practitioner, child)
    assert listed[0]["photos"] == [body["id"]]


def test_the_type_is_read_from_the_bytes_not_the_name(client: TestClient) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.voice(client, practitioner, child)["id"]  # "All about me" takes photos too

    disguised_png = upload(client, practitioner, child, entry, png(), "cat.jpg", "image/jpeg")
    assert disguised_png.status_code == 201, disguised_png.text
    assert disguised_png.json()["content_type"] == "image/jpeg"  # re-encoded from its pixels

    text = b"not a photo at all, just words\n" * 10
    assert_problem(upload(client, practitioner, child, entry, text, "photo.jpg"), 415)
    assert_problem(upload(client, practitioner, child, entry, b"", "photo.jpg"), 422)
    truncated = jpeg_with_gps()[:300]
    assert_problem(upload(client, practitioner, child, entry, truncated), 422)


def test_a_photo_over_the_size_limit_and_a_decompression_bomb_are_refused(
    client: TestClient, services: Services
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    assert_problem(upload(client, practitioner, child, entry, bomb(10_000), "bomb.png"), 413)
    services.settings.photo_max_bytes = 10_000
    large = jpeg_with_gps(1600, 1200)
    assert len(large) > 10_000
    refused = assert_problem(upload(client, practitioner, child, entry, large), 413)
    assert "MB" in str(refused["detail"])
    assert stored_rows(services, child) == []


def test_what_is_stored_is_sealed_under_the_childs_key(
    client: TestClient, services: Services
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    attached(client, practitioner, child, entry, description="Amara on the big slide")
    [(image, thumbnail, description)] = stored_rows(services, child)
    for sealed in (image, thumbnail):
        assert not sealed.startswith(JPEG_MAGIC) and JPEG_MAGIC not in sealed[:64]
        assert b"JFIF" not in sealed
    assert b"Amara" not in description


def test_only_the_setting_that_recorded_an_entry_adds_photos_while_it_stands(
    client: TestClient,
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    colleague = f.staff(client, practitioner.org_id, "practitioner")
    assert upload(client, colleague, child, entry, png()).status_code == 201
    stranger = f.staff(client, f.organisation(client), "practitioner")
    assert_problem(upload(client, stranger, child, entry, png()), 404)
    client.post(
        f"/v1/children/{child}/observations/{entry}/withdrawal",
        headers=practitioner.headers,
        json={},
    )
    assert_problem(upload(client, practitioner, child, entry, png()), 409)


def test_another_settings_practitioner_gets_404_and_the_refusal_is_logged(
    client: TestClient, services: Services
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    photo = attached(client, practitioner, child, entry)
    stranger = f.staff(client, f.organisation(client), "practitioner")
    for path in (f"photos/{photo}", f"photos/{photo}/thumbnail", f"entries/{entry}/photos"):
        before = last_id(services)
        assert_problem(client.get(f"/v1/children/{child}/{path}", headers=stranger.headers), 404)
        [(entry_logged, _)] = written_since(services, before)
        assert entry_logged.outcome.value == "denied" and entry_logged.resource == "photo"
        assert str(entry_logged.actor_id) == stranger.id
    before = last_id(services)
    client.get(f"/v1/children/{child}/photos/{photo}", headers=practitioner.headers)
    [(allowed, _)] = written_since(services, before)
    assert allowed.outcome.value == "allowed" and allowed.action.value == "read"


def test_after_erasure_the_photo_answers_410_its_rows_are_gone_and_nothing_decrypts(
    client: TestClient, services: Services
) -> None:
    practitioner, child = f.setting_with_child(client)
    manager = f.staff(client, practitioner.org_id, "manager")
    entry = f.observation(client, practitioner, child)["id"]
    photo = attached(client, practitioner, child, entry)
    kept = services.photos.find(UUID(child), UUID(photo))
    assert kept is not None

    assert erase(client, manager, child).status_code == 200
    assert_problem(
        client.get(f"/v1/children/{child}/photos/{photo}", headers=practitioner.headers), 410
    )
    assert stored_rows(services, child) == []
    with pytest.raises(ChildErased):
        services.photos.open(kept, "image")


def test_a_packet_carries_the_photos_and_the_school_reads_them(
    client: TestClient, services: Services
) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    photo = attached(client, practitioner, child, entry, description="Building a tower")
    school, teacher = f.school_with_teacher(client)
    f.consent(client, practitioner, child, school)
    packet = f.handover(client, practitioner, child, school)

    contents = client.get(f"/v1/handovers/{packet['id']}/contents", headers=teacher.headers)
    assert contents.status_code == 200, contents.text
    body = contents.json()
    [carried] = body["observations"][0]["photos"]
    assert carried["id"] == photo and carried["description"] == "Building a tower"
    picture = base64.b64decode(carried["data"])
    assert picture.startswith(JPEG_MAGIC) and not opened(picture).getexif()
    assert body["photos_left_out"] == 0

    summary = client.get(f"/v1/handovers/{packet['id']}/summary", headers=teacher.headers)
    assert summary.status_code == 200, summary.text
    assert 'alt="Building a tower"' in summary.text and "data:image/jpeg;base64," in summary.text
    assert "img-src data:" in summary.headers["content-security-policy"]
    # the school reads the packet, never the setting's own copy of the photo
    assert_problem(client.get(f"/v1/children/{child}/photos/{photo}", headers=teacher.headers), 404)


def test_a_packet_keeps_within_its_photo_budget(client: TestClient, services: Services) -> None:
    practitioner, child = f.setting_with_child(client)
    entry = f.observation(client, practitioner, child)["id"]
    first, second = (attached(client, practitioner, child, entry) for _ in range(2))
    thumbnail = services.photos.open(services.photos.find(UUID(child), UUID(first)), "thumbnail")  # type: ignore[arg-type]
    assert thumbnail is not None
    services.settings.packet_photos_max_bytes = len(thumbnail) + 10
    school, teacher = f.school_with_teacher(client)
    f.consent(client, practitioner, child, school)
    packet = f.handover(client, practitioner, child, school)
    body = client.get(f"/v1/handovers/{packet['id']}/contents", headers=teacher.headers).json()
    [carried] = body["observations"][0]["photos"]
    assert carried["id"] == first and carried["size"] == "thumbnail"
    assert body["photos_left_out"] == 1 and second != first
