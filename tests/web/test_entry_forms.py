"""Recording on a child's journey from the forms: each lands on the timeline; bad input comes back
with what was typed and errors by the fields; refusals are pages, in the access log."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from domain.access_log.entry import Outcome
from tests import factories, journeys
from tests.factories import days_ago
from tests.web import web_session

EMPTY_PHOTO = {"photos": ("", b"", "application/octet-stream")}  # a file input left empty


def signed_in_key_person(
    client: TestClient, services: Services
) -> tuple[journeys.Nursery, str, str]:
    at = journeys.nursery(client)
    child_id = journeys.key_child(client, at)
    csrf = web_session(client, services, at.org_id, at.practitioner.id)
    return at, child_id, csrf


def posted(
    client: TestClient, path: str, fields: dict[str, Any], files: dict[str, Any] | None = None
) -> Any:
    return client.post(path, data=fields, files=files, follow_redirects=False)


def observation_fields(csrf: str, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "csrf": csrf,
        "form_key": "k-" + str(len(overrides)) + csrf[:8],
        "area": "CL",
        "elgs": ["COM_E01", "COM_E02"],
        "characteristics": ["active_learning"],
        "text": "Told the group about her weekend, taking turns to speak.",
        "observed_on": days_ago(1),
    }
    fields.update(overrides)
    return fields


def test_the_observation_form_is_for_photos_and_lists_every_goal_by_area(
    client: TestClient, services: Services
) -> None:
    _, child_id, _ = signed_in_key_person(client, services)

    html = client.get(f"/children/{child_id}/observations/new").text

    assert 'enctype="multipart/form-data"' in html
    assert (
        '<input id="photos" name="photos" type="file" accept="image/*" '
        'capture="environment" multiple' in html
    )
    assert html.count('name="elgs"') == 17 and html.count('class="area-goals"') == 7
    assert f'value="{days_ago(0)}"' in html  # observed today, unless changed


def test_an_observation_with_an_empty_photo_input_lands_on_the_timeline(
    client: TestClient, services: Services
) -> None:
    _, child_id, csrf = signed_in_key_person(client, services)

    answer = posted(
        client, f"/children/{child_id}/observations/new", observation_fields(csrf), EMPTY_PHOTO
    )

    assert answer.status_code == 303
    target = answer.headers["location"]
    assert target.startswith(f"/children/{child_id}?after=") and "#entry-" in target
    page = client.get(target.split("#")[0]).text
    assert "The observation is saved." in page
    assert "Told the group about her weekend" in page and "Speaking" in page
    assert "Active learning" in page


def a_jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_taken_with_the_observation_shows_on_the_timeline(
    client: TestClient, services: Services
) -> None:
    _, child_id, csrf = signed_in_key_person(client, services)
    photo = {"photos": ("IMG_0001.jpg", a_jpeg(), "image/jpeg")}

    answer = posted(
        client, f"/children/{child_id}/observations/new", observation_fields(csrf), photo
    )

    assert answer.status_code == 303
    page = client.get(answer.headers["location"].split("#")[0]).text
    thumbnail = re.search(rf'src="(/children/{child_id}/photos/[0-9a-f-]+/thumbnail)"', page)
    assert thumbnail is not None and 'alt="Photo from this observation of' in page
    image = client.get(thumbnail.group(1))
    assert image.status_code == 200 and image.content[:3] == b"\xff\xd8\xff"


def test_a_file_that_is_not_a_photo_records_nothing_and_keeps_what_was_typed(
    client: TestClient, services: Services
) -> None:
    _, child_id, csrf = signed_in_key_person(client, services)
    not_a_photo = {"photos": ("holiday.jpg", b"this is a letter, not a photo", "image/jpeg")}

    answer = posted(
        client, f"/children/{child_id}/observations/new", observation_fields(csrf), not_a_photo
    )

    assert answer.status_code in (413, 415, 422)
    assert "Told the group about her weekend" in answer.text  # what was typed is kept
    assert "Told the group about her weekend" not in client.get(f"/children/{child_id}").text


def test_a_double_tap_records_the_observation_once(client: TestClient, services: Services) -> None:
    at, child_id, csrf = signed_in_key_person(client, services)
    fields = observation_fields(csrf)

    first = posted(client, f"/children/{child_id}/observations/new", fields, EMPTY_PHOTO)
    again = posted(client, f"/children/{child_id}/observations/new", fields, EMPTY_PHOTO)

    assert first.status_code == again.status_code == 303
    assert len(factories.observations_listed(client, at.practitioner, child_id)) == 1


def test_goals_of_another_area_come_back_with_a_clear_error_and_nothing_lost(
    client: TestClient, services: Services
) -> None:
    at, child_id, csrf = signed_in_key_person(client, services)
    fields = observation_fields(csrf, elgs=["COM_E02", "MAT_E11"], text="Counted <five> ducks")

    answer = posted(client, f"/children/{child_id}/observations/new", fields, EMPTY_PHOTO)

    assert answer.status_code == 422
    html = answer.text
    assert "Number is a goal of another area" in html
    assert 'id="elgs-error"' in html and 'aria-describedby="elgs-hint elgs-error"' in html
    assert 'href="#elgs-group"' in html  # the summary links to the group
    assert "Counted &lt;five&gt; ducks</textarea>" in html  # what was typed, escaped
    assert 'value="MAT_E11" checked' in html and 'value="CL" selected' in html
    assert factories.observations_listed(client, at.practitioner, child_id) == []


def test_an_empty_text_and_a_future_date_are_shown_by_their_fields(
    client: TestClient, services: Services
) -> None:
    _, child_id, csrf = signed_in_key_person(client, services)

    empty = posted(
        client,
        f"/children/{child_id}/observations/new",
        observation_fields(csrf, text=""),
        EMPTY_PHOTO,
    )
    future = posted(
        client,
        f"/children/{child_id}/observations/new",
        observation_fields(csrf, observed_on=factories.days_ahead(3)),
        EMPTY_PHOTO,
    )

    assert empty.status_code == 422 and "Write what happened" in empty.text
    assert 'aria-describedby="text-hint text-error"' in empty.text
    assert future.status_code == 422 and "is in the future" in future.text
    assert 'aria-describedby="observed_on-hint observed_on-error"' in future.text


def test_the_childs_and_the_parents_voice_are_recorded(
    client: TestClient, services: Services
) -> None:
    _, child_id, csrf = signed_in_key_person(client, services)
    all_about_me = client.get(f"/children/{child_id}/voices/new?kind=child").text
    assert 'enctype="multipart/form-data"' in all_about_me and 'name="photos"' in all_about_me

    for kind, words in (("child", "I like dinosaurs."), ("parent", "Loves bath time.")):
        fields = {
            "csrf": csrf,
            "form_key": f"v-{kind}",
            "kind": kind,
            "text": words,
            "recorded_on": days_ago(0),
        }
        answer = posted(
            client,
            f"/children/{child_id}/voices/new",
            fields,
            EMPTY_PHOTO if kind == "child" else None,
        )
        assert answer.status_code == 303, answer.text

    html = client.get(f"/children/{child_id}").text
    assert "I like dinosaurs." in html and "Loves bath time." in html
    assert "All about me (the child" in html and "Parent&#39;s voice" in html


def test_a_transition_summary_takes_judgements_area_by_area(
    client: TestClient, services: Services
) -> None:
    _, child_id, csrf = signed_in_key_person(client, services)
    fields = {
        "csrf": csrf,
        "form_key": "a-1",
        "kind": "transition_summary",
        "assessed_on": days_ago(0),
        "summary": "Ready for reception.",
        "area_CL": "on_track",
        "area_PSED": "exceeding",
        "area_PD": "on_track",
        "area_L": "",
    }

    answer = posted(client, f"/children/{child_id}/assessments/new", fields)

    assert answer.status_code == 303
    html = client.get(answer.headers["location"].split("#")[0]).text
    assert "Transition summary" in html and "Ready for reception." in html and "Exceeding" in html


def test_a_progress_check_without_the_prime_areas_keeps_what_was_chosen(
    client: TestClient, services: Services
) -> None:
    _, child_id, csrf = signed_in_key_person(client, services)
    fields = {
        "csrf": csrf,
        "form_key": "a-2",
        "kind": "transition_summary",
        "assessed_on": days_ago(0),
        "summary": "Partial.",
        "area_CL": "on_track",
    }

    answer = posted(client, f"/children/{child_id}/assessments/new", fields)

    assert answer.status_code == 422
    assert "covers at least the prime areas" in answer.text
    assert 'id="area_CL-on_track" name="area_CL" value="on_track" checked' in answer.text
    assert 'aria-describedby="areas-hint areas-error"' in answer.text


def test_correcting_and_withdrawing_keep_the_history(
    client: TestClient, services: Services
) -> None:
    at, child_id, csrf = signed_in_key_person(client, services)
    made = journeys.journey(client, at.practitioner, child_id)
    observation = f"/children/{child_id}/observations/{made['observation']['id']}"
    assert "Amara told Jo a long story" in client.get(f"{observation}/correction").text

    corrected = posted(
        client,
        f"{observation}/correction",
        {"csrf": csrf, "form_key": "c-1", "text": "Told Jo a story.", "reason": "shorter"},
    )
    withdrawn = posted(
        client,
        f"{observation}/withdrawal",
        {"csrf": csrf, "form_key": "w-1", "reason": "wrong child"},
    )

    assert corrected.status_code == withdrawn.status_code == 303
    html = client.get(withdrawn.headers["location"].split("#")[0]).text
    assert "The entry is withdrawn" in html and "wrong child" in html
    assert "Told Jo a story." in html and "Amara told Jo a long story" in html  # both texts kept
    assert client.get(f"{observation}/withdrawal").status_code == 409  # nothing left to amend


def test_another_settings_practitioner_gets_the_not_found_page_and_it_is_logged(
    client: TestClient, services: Services
) -> None:
    at = journeys.nursery(client)
    child_id = journeys.key_child(client, at)
    elsewhere = journeys.nursery(client)
    csrf = web_session(client, services, elsewhere.org_id, elsewhere.practitioner.id)

    form = client.get(f"/children/{child_id}/observations/new")
    answer = posted(
        client, f"/children/{child_id}/observations/new", observation_fields(csrf), EMPTY_PHOTO
    )

    assert form.status_code == answer.status_code == 404
    assert "Amara" not in form.text + answer.text
    refusals = [
        (e.resource, e.action.value)
        for e in services.access_log.for_child(UUID(child_id))
        if e.outcome is Outcome.DENIED and str(e.actor_id) == elsewhere.practitioner.id
    ]
    assert refusals == [("child", "read"), ("observation", "create")]
    assert factories.observations_listed(client, at.practitioner, child_id) == []


def test_a_teacher_cannot_record(client: TestClient, services: Services) -> None:
    at = journeys.nursery(client)
    child_id = journeys.key_child(client, at)
    school_id, teacher = factories.school_with_teacher(client)
    csrf = web_session(client, services, school_id, teacher.id)

    answer = posted(
        client,
        f"/children/{child_id}/voices/new",
        {"csrf": csrf, "kind": "child", "text": "x", "recorded_on": days_ago(0)},
    )

    assert answer.status_code == 404


def test_the_former_settings_practitioner_cannot_record_after_the_child_left(
    client: TestClient, services: Services
) -> None:
    at, child_id, csrf = signed_in_key_person(client, services)
    journeys.leaves(client, at, child_id)

    answer = posted(
        client, f"/children/{child_id}/observations/new", observation_fields(csrf), EMPTY_PHOTO
    )

    assert answer.status_code == 403
    assert "read-only" in answer.text
    manager_view = client.get(f"/v1/children/{child_id}/observations", headers=at.manager.headers)
    assert manager_view.json()["items"] == []
