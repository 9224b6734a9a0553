"""The transition summary prints as ONE A4 page, then the full journey from page 2; its PDF is
printed without fetching anything; and a teacher reaches it from a browser with their session."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from api.routes.summary import chosen_observations, summary_context, templates
from api.services import Services
from api.summary_pdf import BASE_URL, own_files_only, pdf_of
from tests import teacher_world as tw
from tests.web import web_session

A4 = (595, 842)  # points, give or take rounding
PAGE_ONE = (
    "Personal, social and emotional development",
    "Communication and language",
    "The key person's summary",
    "All about me: the child's voice",
    "The parent's view",
)
LONG = "Lorem ipsum dolor sit amet, consectetur adipiscing elit " * 40  # thrice what page 1 takes


def pages_of(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        width, height = (round(float(x)) for x in page.mediabox.upper_right)
        assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1, "every page is A4"
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def pdf(client: TestClient, path: str, **headers: str) -> list[str]:
    answer = client.get(path, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("attachment; filename=")
    return pages_of(answer.content)


def test_forty_observations_give_one_summary_page_then_the_full_journey_and_a_one_page_pdf(
    client: TestClient,
) -> None:
    h = tw.handed_over(client, observations=40)
    pages = pdf(client, f"/v1/handovers/{h.packet_id}/summary.pdf", **h.teacher.headers)

    first = pages[0]
    for heading in PAGE_ONE:
        assert heading in first, heading
    assert first.index(PAGE_ONE[0]) < first.index(PAGE_ONE[2]) < first.index(PAGE_ONE[3])
    assert "Amara is sociable and curious" in first
    assert "I like the big slide and my cat Pip." in first
    assert "Observation 1: waited for a turn" in first  # the latest in PSED
    assert "Observation 2: told the group" in first  # the latest in CL
    assert "Observation 3:" not in first  # page 1 holds a few, not all
    assert "The full learning journey (40 observations) follows from page 2." in first
    assert "Page 1 of" in first

    assert pages[1].startswith("The full learning journey")
    rest = " ".join(pages[1:])
    for n in range(1, 41):
        assert f"Observation {n}:" in rest, n

    alone = pdf(
        client, f"/v1/handovers/{h.packet_id}/summary.pdf?part=summary", **h.teacher.headers
    )
    assert alone == [
        first.replace("follows from page 2", "is in the full summary").replace(
            "Page 1 of 4", "Page 1 of 1"
        )
    ]


def test_very_long_names_and_texts_still_fit_one_page(client: TestClient) -> None:
    h = tw.handed_over(
        client,
        observations=9,
        long_text=LONG,
        key_person_name="Bartholomew-Fitzwilliam " * 8,
        family_name="Okafor-Featherstonehaugh " * 8,
        preferred_name="Wolfeschlegelsteinhausen" * 8,
        home_languages=["portuguese-brazilian-creole-" * 2] * 10,
    )
    summary = f"/v1/handovers/{h.packet_id}/summary.pdf"
    assert len(pdf(client, summary + "?part=summary", **h.teacher.headers)) == 1
    pages = pdf(client, summary, **h.teacher.headers)
    assert "follows from page 2" in pages[0]
    assert pages[1].startswith("The full learning journey")


def observation(n: int, area: str, **extra: Any) -> dict[str, Any]:
    day = f"2026-10-{n:02d}"
    return {"id": f"o{n}", "area": area, "text": LONG, "observed_on": day, **extra}


def body_with(observations: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "packet_id": "7f0c3a52-0000-4000-8000-000000000000",
        "sealed_at": "2026-11-20T10:00:00+00:00",
        "from": {"name": "N" * 200},
        "child": {"given_name": "G" * 200, "family_name": "F" * 200, "date_of_birth": "2022-10-01"},
        "key_person": "K" * 200,
        "categories": ["assessments", "journey", "voices"],
        "observations": observations,
        "voices": [{"kind": k, "text": LONG, "recorded_on": "2026-10-01"} for k in ["child"] * 3],
        "assessments": [
            {
                "kind": "transition_summary",
                "assessed_on": "2026-10-02",
                "summary": LONG,
                "areas": dict.fromkeys(tw.AREAS, "not_yet"),
            },
        ],
        **extra,
    }


def one_page(body: dict[str, Any]) -> int:
    context = summary_context(body, "S" * 200)
    html = templates.get_template("summary.html").render(**context, part="summary")
    return len(pages_of(pdf_of(html)))


def test_the_key_persons_chosen_moments_lead_page_one_and_still_fit_it() -> None:
    psed = [observation(n, "PSED", highlighted=n <= 4) for n in range(1, 9)]
    chosen, by_key_person = chosen_observations({"observations": psed})
    assert by_key_person and [o["id"] for o in chosen] == ["o4", "o3", "o2", "o1"]
    assert one_page(body_with(psed)) == 1
    others = [observation(n, area) for n, area in enumerate(tw.AREAS[2:], start=1)]
    named = body_with(others, highlights=["o1", "o2", "o3", "o4", "o5"])
    assert [o["id"] for o in chosen_observations(named)[0]] == ["o5", "o4", "o3", "o2"]
    assert one_page(named) == 1


def test_without_a_choice_page_one_takes_the_latest_two_in_psed_and_cl() -> None:
    found = [observation(n, area) for n, area in enumerate(tw.AREAS * 2, start=1)]
    chosen, by_key_person = chosen_observations({"observations": found})
    assert not by_key_person
    assert [(o["area"], o["id"]) for o in chosen] == [
        ("PSED", "o8"),
        ("PSED", "o1"),
        ("CL", "o9"),
        ("CL", "o2"),
    ]


def test_printing_fetches_nothing_but_its_own_files() -> None:
    fetch = own_files_only()
    assert fetch(BASE_URL + "static/baton.css").read().startswith(b"/*")
    assert fetch("data:text/plain,hello").read() == b"hello"
    for refused in (
        "http://127.0.0.1:1/secret",
        "https://example.org/tracker.png",
        "file:///etc/passwd",
        BASE_URL + "static/../../summary_pdf.py",
        BASE_URL + "v1/handovers",
    ):
        with pytest.raises(ValueError, match="fetches nothing"):
            fetch(refused)


def test_a_signed_in_teacher_gets_the_summary_page_not_a_401(
    client: TestClient, services: Services
) -> None:
    h = tw.handed_over(client, observations=3)
    path = f"/v1/handovers/{h.packet_id}/summary"
    browser = {"Accept": "text/html,application/xhtml+xml"}

    signed_out = client.get(path, headers=browser, follow_redirects=False)
    assert signed_out.status_code == 303
    assert signed_out.headers["location"] == f"/?next={path}"
    assert client.get(path).status_code == 401  # an API caller without a token
    assert client.get(path + ".pdf").status_code == 401

    web_session(client, services, h.school_id, h.teacher.id)
    page = client.get(path, headers=browser)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Amara Okafor</h1>" in page.text
    assert len(pdf(client, f"/packets/{h.packet_id}/summary.pdf?part=summary")) == 1
    assert "<h1>Amara Okafor</h1>" in client.get(f"/packets/{h.packet_id}/summary").text


def test_a_safeguarding_file_has_no_summary(client: TestClient, services: Services) -> None:
    h = tw.handed_over(client, observations=1)
    packet, school_dsl = tw.safeguarding_file(client, h)
    answer = client.get(f"/v1/handovers/{packet['id']}/summary.pdf", headers=school_dsl.headers)
    assert answer.status_code == 409
    web_session(client, services, h.school_id, h.teacher.id)
    assert client.get(f"/packets/{packet['id']}/summary").status_code == 403
