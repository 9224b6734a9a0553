"""The reception year on the school's pages: the class, the children waiting to join it, the
EYFS profile form (17 radio pairs) showing the good level of development, and the CTF
downloads."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.services import Services
from domain.journey.eyfs import EARLY_LEARNING_GOALS
from tests import factories as f
from tests.journeys import nursery
from tests.reception import acknowledge, handed, in_reception, school
from tests.web import web_session


def test_a_manager_adds_an_acknowledged_child_to_the_reception_class(
    client: TestClient, services: Services
) -> None:
    at, to = nursery(client), school(client)
    child_id, packet_id = handed(client, at, to, given_name="Nia", family_name="Achebe")
    acknowledge(client, to, packet_id)
    csrf = web_session(client, services, to.org_id, to.manager.id)
    page = client.get("/children")
    assert page.status_code == 200
    assert "Reception class" in page.text and "Nia Achebe" in page.text
    assert f"/reception/{child_id}/enrolment" in page.text
    added = client.post(
        f"/reception/{child_id}/enrolment",
        data={"csrf": csrf, "form_key": "take-on-1", "started_on": f.days_ago(1)},
        follow_redirects=True,
    )
    assert added.status_code == 200
    assert f'href="/children/{child_id}"' in added.text
    assert f"/reception/{child_id}/enrolment" not in added.text


def test_the_teacher_records_the_profile_and_sees_the_good_level_of_development(
    client: TestClient, services: Services
) -> None:
    _, to, child_id = in_reception(client, given_name="Ola")
    csrf = web_session(client, services, to.org_id, to.teacher.id)
    assert "Reception class" in client.get("/children").text
    child_page = client.get(f"/children/{child_id}")
    assert f"/children/{child_id}/eyfs-profile" in child_page.text
    form = client.get(f"/children/{child_id}/eyfs-profile")
    assert form.text.count('type="radio"') == 2 * len(EARLY_LEARNING_GOALS)
    data = {f"goal_{code}": "expected" for code in EARLY_LEARNING_GOALS}
    missing = client.post(
        f"/children/{child_id}/eyfs-profile",
        data={"csrf": csrf, "form_key": "p-1", "assessed_on": f.days_ago(2)}
        | {k: v for k, v in data.items() if k != "goal_MAT_E12"},
    )
    assert missing.status_code == 422
    assert "#goal-MAT_E12" in missing.text
    saved = client.post(
        f"/children/{child_id}/eyfs-profile",
        data={"csrf": csrf, "form_key": "p-2", "assessed_on": f.days_ago(2)}
        | data
        | {"goal_LIT_E09": "emerging"},
        follow_redirects=True,
    )
    assert saved.status_code == 200
    assert "The profile is saved." in saved.text
    assert "Not yet" in saved.text
    download = client.get(f"/children/{child_id}/eyfs-profile.xml")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment")
    assert "<Forename>Ola</Forename>" in download.text
    whole = client.get("/reception/eyfs-profiles.xml")
    assert whole.status_code == 200 and "<Forename>Ola</Forename>" in whole.text
