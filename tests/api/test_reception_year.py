"""The reception year: a school that acknowledged a packet continues the child's journey,
records the EYFS profile (Baton works out the good level of development), exports it as the
CTF's EYFSP block for its MIS, and makes a return to the local authority with small numbers
suppressed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from api.ctf import SCHEMA
from api.services import Services
from domain.journey.eyfs import EARLY_LEARNING_GOALS, GLD_GOALS
from tests import factories as f
from tests.journeys import nursery
from tests.reception import FIVE, acknowledge, enrol, goals, handed, in_reception, profile, school
from tests.web import last_log_id

XSD = etree.XMLSchema(etree.parse(str(SCHEMA)))
SAFE = etree.XMLParser(resolve_entities=False, no_network=True)
RESULTS = {"1": "emerging", "2": "expected"}


def read_ctf(document: bytes) -> list[dict[str, Any]]:
    """Each pupil of a CTF as a profile again: names, date of birth, date and goals."""
    root = etree.fromstring(document, SAFE)
    pupils = []
    for pupil in root.iterfind("CTFpupilData/Pupil"):
        results = pupil.findall("Assessments/StageAssessments/KeyStage/StageAssessment")
        pupils.append(
            {
                "surname": pupil.findtext("Surname"),
                "forename": pupil.findtext("Forename"),
                "date_of_birth": pupil.findtext("DOB"),
                "assessed_on": {r.findtext("ResultDate") for r in results},
                "goals": {r.findtext("Component"): RESULTS[r.findtext("Result")] for r in results},
            }
        )
    return pupils


def valid(document: bytes) -> bytes:
    tree = etree.fromstring(document, SAFE)
    assert XSD.validate(tree), XSD.error_log
    return document


def test_a_school_that_has_not_acknowledged_the_packet_cannot_touch_the_record(
    client: TestClient,
) -> None:
    at, to = nursery(client), school(client)
    child_id, packet_id = handed(client, at, to)
    enrolling = {"setting_id": to.org_id, "started_on": f.days_ago(10)}
    waiting = client.post(
        f"/v1/children/{child_id}/enrolments", headers=to.manager.headers, json=enrolling
    )
    assert waiting.status_code == 403
    assert "acknowledge" in waiting.json()["detail"]
    for path, body in (
        ("observations", f.observation_body()),
        ("eyfs-profile", {"assessed_on": f.days_ago(3), "goals": goals()}),
    ):
        sent = client.post(f"/v1/children/{child_id}/{path}", headers=to.teacher.headers, json=body)
        assert sent.status_code == 404, sent.text
    assert client.get(f"/v1/children/{child_id}", headers=to.teacher.headers).status_code == 404
    # A school that received nothing about the child learns nothing of it.
    other = school(client)
    unknown = {"setting_id": other.org_id, "started_on": f.days_ago(10)}
    answer = client.post(
        f"/v1/children/{child_id}/enrolments", headers=other.manager.headers, json=unknown
    )
    assert answer.status_code == 404
    # Its teacher cannot enrol the child, even after acknowledging.
    acknowledge(client, to, packet_id)
    by_teacher = client.post(
        f"/v1/children/{child_id}/enrolments", headers=to.teacher.headers, json=enrolling
    )
    assert by_teacher.status_code == 403


def test_once_it_acknowledged_the_school_continues_the_journey(client: TestClient) -> None:
    at, to = nursery(client), school(client)
    child_id, packet_id = handed(client, at, to)
    acknowledge(client, to, packet_id)
    enrolled = enrol(client, to, child_id)
    assert enrolled["basis"] == "acknowledged_transition"
    seen = f.observation(
        client, to.teacher, child_id, area="L", text="Read a caption about her seaside picture."
    )
    assert seen["setting_id"] == to.org_id
    f.voice(client, to.teacher, child_id, text="I can write my name now.")
    record = client.get(f"/v1/children/{child_id}", headers=to.teacher.headers).json()
    assert to.org_id in [e["setting_id"] for e in record["enrolments"]]
    assert record["voices"] == 1
    listed = client.get(
        f"/v1/settings/{to.org_id}/children",
        headers=to.teacher.headers,
        params={"after": enrolled["position"]},
    )
    assert [c["child_id"] for c in listed.json()["items"]] == [child_id]
    # The inbox still holds the packet.
    inbox = client.get(f"/v1/schools/{to.org_id}/handovers", headers=to.teacher.headers)
    assert packet_id in [p["id"] for p in inbox.json()["items"]]


def test_the_profile_works_out_a_good_level_of_development(client: TestClient) -> None:
    _, to, child_id = in_reception(client)
    first = profile(client, to.teacher, child_id)
    assert first["good_level_of_development"] is True
    assert list(first["goals"]) == list(EARLY_LEARNING_GOALS)
    beyond = profile(
        client, to.teacher, child_id, goals=goals(UTW_E13="emerging", EXP_E17="emerging")
    )
    assert beyond["good_level_of_development"] is True
    for code in GLD_GOALS:
        one_short = profile(client, to.teacher, child_id, goals=goals(**{code: "emerging"}))
        assert one_short["good_level_of_development"] is False, code
    # Corrections are new entries: the latest is current, and names the one it replaces.
    current = client.get(f"/v1/children/{child_id}/eyfs-profile", headers=to.manager.headers)
    assert current.json()["id"] == one_short["id"]
    assert current.json()["replaces"] not in (None, one_short["id"])
    assert current.json()["good_level_of_development"] is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"G01": "expected"}, "goals.G01"),
        ({"CL_E01": "expected"}, "goals.CL_E01"),
        ({"COM_E01": "exceeding"}, "goals.COM_E01"),
        ({"MAT_E12": None}, "goals.MAT_E12"),
    ],
)
def test_2012_codes_unknown_judgements_and_missing_goals_are_refused(
    client: TestClient, change: dict[str, str | None], field: str
) -> None:
    _, to, child_id = in_reception(client)
    judged = {k: v for k, v in (goals() | change).items() if v is not None}
    answer = client.post(
        f"/v1/children/{child_id}/eyfs-profile",
        headers=to.teacher.headers,
        json={"assessed_on": f.days_ago(3), "goals": judged},
    )
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == [field]


def test_the_profile_belongs_to_the_reception_year_and_to_the_school(client: TestClient) -> None:
    at, to, child_id = in_reception(client, date_of_birth=f.days_ago(3 * 365 + 200))
    too_young = client.post(
        f"/v1/children/{child_id}/eyfs-profile",
        headers=to.teacher.headers,
        json={"assessed_on": f.days_ago(3), "goals": goals()},
    )
    assert too_young.status_code == 422
    assert too_young.json()["errors"][0]["field"] == "assessed_on"
    _, to, five = in_reception(client, at=at)
    by_nursery = client.post(
        f"/v1/children/{five}/eyfs-profile",
        headers=at.practitioner.headers,
        json={"assessed_on": f.days_ago(3), "goals": goals()},
    )
    assert by_nursery.status_code == 403
    dsl = f.staff(client, to.org_id, "dsl")
    by_dsl = client.post(
        f"/v1/children/{five}/eyfs-profile",
        headers=dsl.headers,
        json={"assessed_on": f.days_ago(3), "goals": goals()},
    )
    assert by_dsl.status_code == 403


def test_the_ctf_export_validates_against_the_schema_and_round_trips(client: TestClient) -> None:
    _, to, child_id = in_reception(client, given_name="Zoë", family_name="O'Brien-Ng")
    made = profile(client, to.teacher, child_id, goals=goals(LIT_E10="emerging"))
    answer = client.get(f"/v1/children/{child_id}/eyfs-profile/ctf", headers=to.teacher.headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/xml")
    assert answer.headers["content-disposition"].startswith("attachment")
    assert "Zo" not in answer.headers["content-disposition"]
    assert answer.headers["cache-control"] == "no-store"
    [pupil] = read_ctf(valid(answer.content))
    assert pupil == {
        "surname": "O'Brien-Ng",
        "forename": "Zoë",
        "date_of_birth": FIVE,
        "assessed_on": {made["assessed_on"]},
        "goals": made["goals"],
    }


def test_the_school_exports_its_class_in_one_file(client: TestClient, services: Services) -> None:
    at, to = nursery(client), school(client)
    made = {}
    for name in ("Ada", "Ben"):
        _, _, child_id = in_reception(client, at=at, to=to, given_name=name)
        made[name] = profile(client, to.teacher, child_id, goals=goals(MAT_E11="emerging"))
    _, _, no_profile = in_reception(client, at=at, to=to, given_name="Cal")
    since = last_log_id(services)
    answer = client.get(
        f"/v1/schools/{to.org_id}/eyfs-profiles/ctf",
        headers=to.manager.headers,
        params={"after": made["Ben"]["position"]},
    )
    assert answer.status_code == 200, answer.text
    pupils = read_ctf(valid(answer.content))
    assert [p["forename"] for p in pupils] == ["Ada", "Ben"]
    assert all(p["goals"] == made["Ada"]["goals"] for p in pupils)
    with services.db.read() as cur:  # each child exported is in the access log
        cur.execute(
            "SELECT child_id FROM access_log WHERE id > %s AND resource = 'eyfs-profile-ctf'",
            (since,),
        )
        exported = sorted(str(row[0]) for row in cur.fetchall())
    assert exported == sorted(m["child_id"] for m in made.values())
    other = school(client)
    elsewhere = client.get(
        f"/v1/schools/{to.org_id}/eyfs-profiles/ctf", headers=other.teacher.headers
    )
    assert elsewhere.status_code == 403
    assert no_profile not in answer.text


def test_the_return_counts_with_small_numbers_suppressed_and_names_no_child(
    client: TestClient,
) -> None:
    at, to = nursery(client), school(client)
    children, position = [], 0
    for n in range(10):
        _, _, child_id = in_reception(client, at=at, to=to, given_name=f"Child{n}")
        judged = goals(LIT_E09="emerging") if n % 2 else goals()
        judged |= {"UTW_E13": "emerging"} if n == 0 else {}
        position = profile(client, to.teacher, child_id, goals=judged)["position"]
        children.append(child_id)
    answer = client.get(
        f"/v1/schools/{to.org_id}/eyfs-profiles/return",
        headers=to.manager.headers,
        params={"after": position},
    )
    assert answer.status_code == 200, answer.text
    figures = answer.json()
    assert figures["children"] == 10
    assert figures["good_level_of_development"] == 5
    assert figures["good_level_of_development_percentage"] == 50.0
    by_goal = {g["code"]: g for g in figures["goals"]}
    assert (by_goal["LIT_E09"]["expected"], by_goal["LIT_E09"]["emerging"]) == (5, 5)
    # 9 and 1: the one would be given away by subtraction, so both are null; 10 and 0 too.
    assert (by_goal["UTW_E13"]["expected"], by_goal["UTW_E13"]["emerging"]) == (None, None)
    assert (by_goal["COM_E01"]["expected"], by_goal["COM_E01"]["emerging"]) == (None, None)
    text = answer.text
    assert not any(child_id in text for child_id in children)
    assert "Child" not in text and FIVE not in text and "Okafor" not in text
    teacher = client.get(
        f"/v1/schools/{to.org_id}/eyfs-profiles/return", headers=to.teacher.headers
    )
    assert teacher.status_code == 403


def test_a_return_of_few_children_shows_no_figure(client: TestClient) -> None:
    _, to, child_id = in_reception(client)
    made = profile(client, to.teacher, child_id)
    figures = client.get(
        f"/v1/schools/{to.org_id}/eyfs-profiles/return",
        headers=to.manager.headers,
        params={"after": made["position"]},
    ).json()
    assert figures["children"] is None
    assert figures["good_level_of_development"] is None
    assert figures["good_level_of_development_percentage"] is None
    assert all(g["expected"] is None and g["emerging"] is None for g in figures["goals"])
    today = date.today()
    assert figures["academic_year"] == (today.year if today.month >= 9 else today.year - 1)
