"""A printable one-page transition summary of a packet: what a reception teacher reads first."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from api.access import open_packet
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.security import page_policy
from domain.access_log.entry import Action
from domain.handover.content import AREA_ORDER
from domain.journey.eyfs import AREA_TITLES, Area

router = APIRouter(tags=["handovers"])
LOADER = PackageLoader("api", "templates")
templates = Environment(loader=LOADER, autoescape=select_autoescape())
templates.filters["day"] = lambda iso: date.fromisoformat(str(iso)[:10]).strftime("%-d %b %Y")
SEND = {"none": "none recorded", "sen_support": "SEN support", "ehc_plan": "EHC plan"}
SUMMARY_PHOTOS = 4  # a few of the packet's photos; the packet's contents hold them all


@cache
def summary_policy() -> str:
    """The page loads nothing and runs nothing: its one style block is allowed by the hash of
    the template's own text, so nothing written into the page could add another. Its photos
    travel inside the packet, so they are ``data:`` images: nothing is fetched."""
    source, _, _ = LOADER.get_source(templates, "summary.html")
    return page_policy(source, img_src=("data:",))


def summary_context(body: dict[str, Any], school_name: str) -> dict[str, Any]:
    by_area: dict[str, list[Any]] = {a.value: [] for a in Area}
    for o in body.get("observations", []):
        by_area.setdefault(o["area"], []).append(o)
    assessments = body.get("assessments", [])
    voices = body.get("voices", [])
    child = body["child"]
    return {
        "packet_id": body["packet_id"],
        "child": child,
        "sender": body["from"],
        "school": {"name": school_name},
        "key_person": body.get("key_person"),
        "send": SEND.get(child.get("send_status", "")),
        "sealed_on": body["sealed_at"][:10],
        "by_area": by_area,
        "summaries": [
            {**a, "areas": {k: a["areas"][k] for k in AREA_ORDER if k in a["areas"]}}
            for a in assessments
            if a["kind"] == "transition_summary"
        ],
        "checks": [a for a in assessments if a["kind"] == "progress_check_at_two"],
        "child_voice": [v for v in voices if v["kind"] == "child"],
        "parent_voice": [v for v in voices if v["kind"] == "parent"],
        "other_areas": [(a.value, AREA_TITLES[a]) for a in Area if a not in (Area.PSED, Area.CL)],
        "categories": body.get("categories", []),
        "content_sha256": body.get("content_sha256", ""),
        "photos": [
            photo
            for item in (*body.get("observations", []), *voices)
            for photo in item.get("photos", [])
        ][:SUMMARY_PHOTOS],
    }


@router.get("/v1/handovers/{packet_id}/summary", response_class=HTMLResponse)
def transition_summary(
    packet_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> HTMLResponse:
    """The packet as one printable page (HTML with print CSS), opened with the school's key."""
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
    return HTMLResponse(
        templates.get_template("summary.html").render(**context),
        headers={"Content-Security-Policy": summary_policy()},
    )
