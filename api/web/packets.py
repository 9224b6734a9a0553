"""A received packet, opened: what it holds, readably, with its one-page summary and PDF, and
the button that tells the sender it arrived.

Opening is the API's own ``packet_contents`` (the access is recorded and the packet marked
opened; another organisation's packet is a 404, a safeguarding packet is its DSL's, a revoked one
is gone), and acknowledging is the API's ``acknowledge``, posted as a form.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ServicesDep
from api.pages import After
from api.routes.handovers import acknowledge, get_handover, packet_contents
from api.routes.summary import JUDGEMENTS, child_name, summary_context
from api.schemas.handovers import HandoverPublic
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import attempt, new_form_key
from api.web.render import render, see_other
from api.web.session import WebUser
from domain.errors import PacketGone
from domain.handover.content import AREA_ORDER
from domain.journey.eyfs import AREA_TITLES, Area

router = APIRouter(include_in_schema=False)
# What a packet is, by its kind, as the page's first line says it.
KIND_WORDS = {
    "transition": "Transition packet",
    "integrated_review": "The progress check at two, for the integrated review,",
    "team_around_the_child": "Shared with the team around the child",
    "safeguarding": "Safeguarding file",
}
CATEGORY_WORDS = {  # what a consent's categories let the setting send, in words
    "journey": "the learning journey",
    "assessments": "assessments",
    "voices": "the child's and the parent's voice",
    "send": "SEND status",
    "progress_check": "the progress check at two",
}


def acknowledged_by(services: Services, user: WebUser, packet: HandoverPublic) -> str | None:
    """The name of who acknowledged the packet (a colleague at the same school)."""
    if packet.acknowledged_by is None or user.principal.org_id is None:
        return None
    member = services.app.organisation(user.principal.org_id).member(packet.acknowledged_by)
    return member["name"] if member else "a colleague"


def readable(body: dict[str, Any], school_name: str) -> dict[str, Any]:
    """A packet's body shared on consent as the page shows it (the summary's own reading of
    it), each progress check at two with its prime areas' judgements."""
    context = summary_context(body, school_name)
    latest = context["summaries"][0] if context["summaries"] else None
    context["areas"] = [
        (AREA_TITLES[Area(code)], JUDGEMENTS.get(judged, judged))
        for code, judged in (latest["areas"].items() if latest else [])
    ]
    context["sent_categories"] = [CATEGORY_WORDS.get(c, c) for c in context["categories"]]
    context["checks"] = [
        {
            **check,
            "areas": [
                (AREA_TITLES[Area(code)], JUDGEMENTS.get(judged, judged))
                for code in AREA_ORDER  # what a reader looks at first: PSED, CL, PD
                if (judged := check.get("areas", {}).get(code)) is not None
            ],
        }
        for check in context["checks"]
    ]
    return context


def packet_page(
    request: Request,
    user: WebUser,
    services: Services,
    packet_id: UUID,
    message: str | None = None,
    after: int | None = None,
) -> Response:
    """Open the packet and show it; a revoked or replaced one: why it is gone."""
    principal = user.principal
    try:
        body = packet_contents(packet_id=packet_id, principal=principal, services=services)
    except PacketGone as gone:
        return render(request, user, "web/packets/gone.html", status=410, reason=str(gone))
    packet = get_handover(packet_id=packet_id, principal=principal, services=services)
    context = (
        {"child": body["child"], "name": child_name(body["child"]), "sender": body["from"]}
        if packet.kind.value == "safeguarding"
        else readable(body, user.org_name)
    )
    return render(
        request,
        user,
        "web/packets/packet.html",
        packet=packet,
        kind_words=KIND_WORDS.get(packet.kind.value, "Packet"),
        body=body,
        acknowledged_by=acknowledged_by(services, user, packet),
        form_key=new_form_key(),
        message=message,
        just_acknowledged=request.query_params.get("acknowledged") == "1",
        after=after,
        **context,
    )


@router.get("/packets/{packet_id}")
def open_packet_page(
    packet_id: UUID, request: Request, user: PageUser, services: ServicesDep, after: After = None
) -> Response:
    return packet_page(request, user, services, packet_id, after=after)


@router.post("/packets/{packet_id}/acknowledgement")
def acknowledge_packet(
    packet_id: UUID, request: Request, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    """Tell the sender the packet arrived (who and when are recorded), then back to it."""
    outcome = attempt(
        user,
        form,
        request.url.path,
        lambda: acknowledge(packet_id=packet_id, principal=user.principal, services=services),
    )
    if not outcome.ok:
        return packet_page(request, user, services, packet_id, message=outcome.message)
    after = f"&after={outcome.result.position}" if outcome.result else ""
    return see_other(f"/packets/{packet_id}?acknowledged=1{after}")
