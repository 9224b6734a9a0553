"""The transition summary of a packet: one A4 page a reception teacher reads first (and may pin
up), then the full learning journey from page 2.

Page 1 holds, in this order, what the issue asks for: personal, social and emotional development
and communication and language, the key person's summary, the child's and the parent's voice,
and a few observations the key person chose (or, when they chose none, the latest in PSED and
CL). Every text on page 1 is cut to a length that keeps the page one page whatever was written;
the journey pages hold every word. The routes that serve it (HTML and PDF, for a bearer token or
a signed-in teacher) are in ``api/web/summary.py``: a browser's session is the web's business.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, Literal
from uuid import UUID

from jinja2 import Environment, PackageLoader, select_autoescape

from api.access import open_packet
from api.auth import Principal
from api.errors import Problem
from api.security import page_policy
from api.services import Services
from domain.access_log.entry import Action
from domain.handover.content import AREA_ORDER
from domain.journey.eyfs import AREA_TITLES, EARLY_LEARNING_GOALS, Area

Part = Literal["all", "summary"]  # the whole document, or page 1 alone
LOADER = PackageLoader("api", "templates")
templates = Environment(loader=LOADER, autoescape=select_autoescape())
templates.filters["day"] = lambda iso: date.fromisoformat(str(iso)[:10]).strftime("%-d %b %Y")
SEND = {"none": "none recorded", "sen_support": "SEN support", "ehc_plan": "EHC plan"}
SUMMARY_PHOTOS = 4  # a few of the packet's photos; the packet's contents hold them all
JUDGEMENTS = {"not_yet": "Not yet", "on_track": "On track", "exceeding": "Exceeding"}
CHARACTERISTICS = {
    "playing_and_exploring": "Playing and exploring",
    "active_learning": "Active learning",
    "creating_and_thinking_critically": "Creating and thinking critically",
}
FIRST_AREAS = ("PSED", "CL")  # what a reception teacher reads first
# How much of each text page 1 shows (characters). Chosen so that the longest names and texts
# Baton accepts still fit one A4 page (tests/web/test_summary_pdf.py prints them to check).
CUT = {"name": 50, "org": 50, "facts": 30, "summary": 520, "voice": 180, "observation": 180}
VOICES_ON_PAGE_ONE = 2  # each of the child's and the parent's
OBSERVATIONS_ON_PAGE_ONE = 4
EACH_FIRST_AREA = 2  # without the key person's choice: the latest two in each of PSED and CL


def clip(text: str | None, limit: int) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis.

    >>> clip("Built a tall tower with the big blocks", 20)
    'Built a tall tower…'
    """
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    word_end = cut.rfind(" ")
    if word_end > limit // 2:
        cut = cut[:word_end]
    return cut.rstrip(" ,;:.-") + "…"


def newest_first(items: list[dict[str, Any]], dated: str) -> list[dict[str, Any]]:
    return sorted(items, key=lambda i: str(i.get(dated, "")), reverse=True)


def chosen_observations(body: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """The few observations page 1 shows, and whether the key person chose them.

    A packet may name them (``highlights``: observation ids, or observations marked
    ``highlighted``); otherwise the latest two in PSED and in CL, topped up from the other
    areas, newest first, up to four."""
    observations = body.get("observations", [])
    wanted = {str(i) for i in body.get("highlights", [])}
    chosen = [o for o in observations if o.get("highlighted") or str(o.get("id")) in wanted]
    if chosen:
        return newest_first(chosen, "observed_on")[:OBSERVATIONS_ON_PAGE_ONE], True
    latest = newest_first(observations, "observed_on")
    picked = [
        o
        for area in FIRST_AREAS
        for o in [x for x in latest if x["area"] == area][:EACH_FIRST_AREA]
    ]
    rest = [o for o in latest if o not in picked]
    return (picked + rest)[:OBSERVATIONS_ON_PAGE_ONE], False


def _short(o: dict[str, Any], limit: int, text: str = "text") -> dict[str, Any]:
    return {**o, "short": clip(o.get(text), limit)}


def page_one(body: dict[str, Any], summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """What page 1 shows, each text already cut to fit. PSED and CL show two moments each at
    most (a column holds no more); any other chosen moment goes full width below the voices."""
    chosen, by_key_person = chosen_observations(body)
    in_columns = {
        code: [o for o in chosen if o["area"] == code][:EACH_FIRST_AREA] for code in FIRST_AREAS
    }
    shown = [id(o) for moments in in_columns.values() for o in moments]
    voices = newest_first(body.get("voices", []), "recorded_on")
    latest = summaries[0] if summaries else None
    judged = latest["areas"] if latest else {}
    return {
        "first_areas": [
            {
                "code": code,
                "title": AREA_TITLES[Area(code)],
                "judgement": JUDGEMENTS.get(judged.get(code, "")),
                "moments": [_short(o, CUT["observation"]) for o in in_columns[code]],
            }
            for code in FIRST_AREAS
        ],
        "summary": _short(latest, CUT["summary"], "summary") if latest else None,
        "judgements": [(k, JUDGEMENTS.get(v, v)) for k, v in judged.items()],
        "child_voice": [_short(v, CUT["voice"]) for v in voices if v["kind"] == "child"][
            :VOICES_ON_PAGE_ONE
        ],
        "parent_voice": [_short(v, CUT["voice"]) for v in voices if v["kind"] == "parent"][
            :VOICES_ON_PAGE_ONE
        ],
        "other_moments": [
            {**_short(o, CUT["observation"]), "title": AREA_TITLES[Area(o["area"])]}
            for o in chosen
            if id(o) not in shown
        ],
        "chosen_by_key_person": by_key_person,
    }


def _journey(observations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every observation by area (PSED and CL first), oldest first within an area."""
    return [
        {
            "code": code,
            "title": AREA_TITLES[Area(code)],
            "observations": [
                {
                    **o,
                    "goals": [
                        EARLY_LEARNING_GOALS[g][1]
                        for g in o.get("elgs", [])
                        if g in EARLY_LEARNING_GOALS
                    ],
                    "ways": [CHARACTERISTICS.get(c, c) for c in o.get("characteristics", [])],
                }
                for o in observations
                if o["area"] == code
            ],
        }
        for code in AREA_ORDER
    ]


def child_name(child: dict[str, Any]) -> str:
    """The name the child goes by, then their family name."""
    return f"{child.get('preferred_name') or child['given_name']} {child['family_name']}"


def summary_context(body: dict[str, Any], school_name: str) -> dict[str, Any]:
    """A transition packet's body, shaped for reading: page 1 and the full journey."""
    child = body["child"]
    assessments = body.get("assessments", [])
    summaries = newest_first(
        [
            {**a, "areas": {k: a["areas"][k] for k in AREA_ORDER if k in a["areas"]}}
            for a in assessments
            if a["kind"] == "transition_summary"
        ],
        "assessed_on",
    )
    name = child_name(child)
    languages = ", ".join(lang.capitalize() for lang in child.get("home_languages", []))
    return {
        "packet_id": body["packet_id"],
        "child": child,
        "name": name,
        "short": {
            "name": clip(name, CUT["name"]),
            "sender": clip(body["from"]["name"], CUT["org"]),
            "school": clip(school_name, CUT["org"]),
            "key_person": clip(body.get("key_person"), CUT["facts"]) or "—",
            "languages": clip(languages, CUT["facts"]) or "—",
        },
        "sender": body["from"],
        "school": {"name": school_name},
        "key_person": body.get("key_person"),
        "send": SEND.get(child.get("send_status", "")),
        "sealed_on": body["sealed_at"][:10],
        "page_one": page_one(body, summaries),
        "journey": _journey(body.get("observations", [])),
        "observation_count": len(body.get("observations", [])),
        "summaries": summaries,
        "checks": [a for a in assessments if a["kind"] == "progress_check_at_two"],
        "voices": newest_first(body.get("voices", []), "recorded_on"),
        "categories": body.get("categories", []),
        "content_sha256": body.get("content_sha256", ""),
        # A few of the packet's photos, opening the full journey (page 1 keeps to one A4 page).
        "photos": [
            photo
            for item in (*body.get("observations", []), *body.get("voices", []))
            for photo in item.get("photos", [])
        ][:SUMMARY_PHOTOS],
    }


@cache
def summary_policy() -> str:
    """The page loads nothing and runs nothing: its one style block is allowed by the hash of
    the template's own text, so nothing written into the page could add another. Its photos
    travel inside the packet, so they are ``data:`` images: nothing is fetched."""
    source, _, _ = LOADER.get_source(templates, "summary.html")
    return page_policy(source, img_src=("data:",))


def summary_html(
    packet_id: UUID, principal: Principal, services: Services, part: Part = "all"
) -> str:
    """Open the packet for ``principal`` (the access is recorded; the packet is marked opened)
    and write its summary: page 1 alone (``part="summary"``), or with the full journey."""
    packet = open_packet(services, principal, packet_id, Action.READ, "handover-summary")
    if packet.is_safeguarding:
        raise Problem(
            409,
            "safeguarding packets have no transition summary; open their contents",
            slug="not-a-transition-packet",
        )
    body, _ = services.app.open_packet(packet, principal.staff_ref()[1], UUID(packet.school_id))
    school = services.app.organisation(UUID(packet.school_id))
    context = summary_context({**body, "content_sha256": packet.content_sha256}, school.name)
    return templates.get_template("summary.html").render(**context, part=part)
