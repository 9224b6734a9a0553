"""A packet waiting in a school's inbox, made through the API as a nursery would make it: the
child's journey (any number of observations), voices, assessments, consent, a key person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from tests import factories as f

AREAS = ("PSED", "CL", "PD", "L", "M", "UW", "EAD")
MOMENTS = {
    "PSED": "waited for a turn on the bikes and asked a friend to join in",
    "CL": "told the group about the seaside, using 'because' to explain the big waves",
    "PD": "hopped on one foot along the chalk line and balanced on the beam",
    "L": "pointed to the M in the word Mum and said its sound",
    "M": "shared out the apples fairly between four friends and counted them again",
    "UW": "watched the snail in the garden and asked where it sleeps",
    "EAD": "made a rocket from boxes and sang a countdown song",
}
CATEGORIES = ["journey", "voices", "assessments", "send"]


@dataclass(frozen=True)
class Handed:
    """A nursery's practitioner and manager, their child, and the packet sent to a school."""

    practitioner: f.Staff
    manager: f.Staff
    child_id: str
    school_id: str
    teacher: f.Staff
    packet_id: str
    position: int  # the sealing's: ``?after=`` it, a list holds the packet


def post(client: TestClient, by: f.Staff, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(path, headers=by.headers, json=body)
    assert response.status_code in (200, 201), response.text
    answer: dict[str, Any] = response.json()
    return answer


def journey(client: TestClient, by: f.Staff, child_id: str, count: int, text: str = "") -> None:
    """``count`` observations over the seven areas, a day apart (the newest yesterday)."""
    for n in range(count):
        area = AREAS[n % len(AREAS)]
        words = text or f"Observation {n + 1}: {MOMENTS[area]}."
        f.observation(client, by, child_id, area=area, text=words, observed_on=f.days_ago(n + 1))


def assessments(client: TestClient, by: f.Staff, child_id: str, summary: str) -> None:
    path = f"/v1/children/{child_id}/assessments"
    areas = dict.fromkeys(AREAS, "on_track") | {"CL": "exceeding", "M": "not_yet"}
    body = {"kind": "transition_summary", "assessed_on": f.days_ago(2), "summary": summary}
    post(client, by, path, body | {"areas": areas})
    check = "Settled quickly; talks in short sentences; climbs with confidence."
    body = {"kind": "progress_check_at_two", "assessed_on": f.days_ago(300), "summary": check}
    post(
        client, by, path, body | {"areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}}
    )


def voices(client: TestClient, by: f.Staff, child_id: str, text: str = "") -> None:
    said = (
        ("child", "I like the big slide and my cat Pip. I am five soon."),
        ("parent", "She loves bedtime stories and helping to cook at the weekend."),
        ("child", "My best thing is painting rockets with Nana."),
        ("parent", "Shy with new grown-ups at first; a favourite toy helps her settle."),
        ("child", "I don't like loud noises."),
    )
    for n, (kind, words) in enumerate(said):
        f.voice(client, by, child_id, kind=kind, text=text or words, recorded_on=f.days_ago(n + 3))


def handed_over(
    client: TestClient,
    *,
    observations: int = 8,
    given_name: str = "Amara",
    key_person_name: str = "Jo Baker",
    long_text: str = "",
    school_id: str | None = None,
    teacher: f.Staff | None = None,
    **child: Any,
) -> Handed:
    """A child at a nursery with a rich journey, and a transition packet sent to a school."""
    nursery = f.organisation(client, name="Little Acorns Nursery")
    manager = f.staff(client, nursery, "manager")
    practitioner = f.staff(client, nursery, "practitioner")
    key = post(
        client,
        manager,
        f"/v1/organisations/{nursery}/staff",
        {
            "name": key_person_name,
            "email": f"key.{practitioner.id}@example.org",
            "roles": ["practitioner"],
        },
    )
    child_id = f.child(client, practitioner, given_name=given_name, **child)
    post(
        client,
        manager,
        f"/v1/children/{child_id}/key-person",
        {"setting_id": nursery, "staff_id": key["id"]},
    )
    if school_id is None or teacher is None:
        school_id = f.organisation(client, "school", name="Brook Lane Primary")
        teacher = f.staff(client, school_id, "teacher")
    journey(client, practitioner, child_id, observations, long_text)
    voices(client, practitioner, child_id, long_text)
    summary = long_text or (
        f"{given_name} is sociable and curious, plays alongside others and is starting to "
        "share. Speaks in full sentences; needs a little help with big feelings at home time."
    )
    assessments(client, practitioner, child_id, summary)
    f.consent(client, practitioner, child_id, school_id, categories=CATEGORIES)
    packet = f.handover(client, practitioner, child_id, school_id)
    return Handed(
        practitioner, manager, child_id, school_id, teacher, str(packet["id"]), packet["position"]
    )


JUSTIFICATION = "Concerns shared with children's social care; the school's DSL must know."


def safeguarding_file(client: TestClient, h: Handed) -> tuple[dict[str, Any], f.Staff]:
    """A safeguarding file from the nursery's DSL about ``h``'s child, and the school's DSL."""
    sender = f.staff(client, h.practitioner.org_id, "dsl")
    school_dsl = f.staff(client, h.school_id, "dsl")
    packet = f.handover(
        client,
        sender,
        h.child_id,
        h.school_id,
        kind="safeguarding",
        justification=JUSTIFICATION,
        information="Please call me before the first day.",
    )
    return packet, school_dsl
