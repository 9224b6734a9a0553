"""The safeguarding channel: safeguarding files travel separately from the learning record, DSL
to DSL, and must be acknowledged within 5 school days.

The lists are the API's inbox and outbox (``GET /v1/schools/{id}/handovers`` and
``/v1/settings/{id}/handovers``), which give safeguarding packets to DSLs only; opening and
acknowledging are the API's packet routes. A packet past its acknowledge-by date, not yet
acknowledged, is overdue, on either side.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.access import Purpose, deny
from api.deps import ServicesDep
from api.errors import Problem
from api.routes import handovers, inbox
from api.schemas.common import Page
from api.schemas.handovers import InboxItem
from api.services import Services
from api.web.audit_words import when
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import attempt, new_form_key
from api.web.render import render, see_other
from api.web.session import WebUser
from domain.access_log.entry import Action
from domain.handover.packet import PacketKind, PacketStatus
from domain.organisations.organisation import Role

router = APIRouter(include_in_schema=False)
LISTED = 200  # the newest packets each way
LIVE = (PacketStatus.DELIVERED, PacketStatus.OPENED)
STATUS_WORDS = {
    PacketStatus.DELIVERED: "Not opened yet",
    PacketStatus.OPENED: "Opened, not acknowledged",
    PacketStatus.ACKNOWLEDGED: "Acknowledged",
    PacketStatus.REVOKED: "Revoked",
    PacketStatus.SUPERSEDED: "Replaced by a newer packet",
    PacketStatus.ERASED: "Erased by the recipient",
}


def dsl_only(
    services: Services,
    user: WebUser,
    resource: str,
    purpose: Purpose = Purpose.SAFEGUARDING,
    detail: str = "the safeguarding channel is for designated safeguarding leads",
) -> None:
    """A page for designated safeguarding leads: anyone else is refused, and the refusal is in
    the access log."""
    if not user.has(Role.DSL):
        raise deny(services, user.principal, Action.READ, None, resource, 403, detail, purpose)


def _item(packet: InboxItem, today: date) -> dict[str, Any]:
    overdue = (
        packet.status in LIVE
        and packet.acknowledged_at is None
        and packet.acknowledge_by is not None
        and today > packet.acknowledge_by
    )
    return {
        "p": packet,
        "delivered": when(packet.delivered_at),
        "status": STATUS_WORDS.get(packet.status, packet.status.value),
        "overdue": overdue,
        "due": packet.acknowledge_by.strftime("%-d %b %Y") if packet.acknowledge_by else None,
    }


def _safeguarding(page: Page[InboxItem], today: date) -> list[dict[str, Any]]:
    return [_item(p, today) for p in page.items if p.kind is PacketKind.SAFEGUARDING]


@router.get("/safeguarding")
def channel(
    request: Request,
    user: PageUser,
    services: ServicesDep,
    after: Annotated[int | None, Query(ge=0)] = None,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    """Safeguarding packets received and sent, overdue ones first and marked in words."""
    dsl_only(services, user, "safeguarding-channel")
    org_id = user.principal.org_id
    assert org_id is not None
    today = services.app.today()
    received = _safeguarding(
        inbox.school_inbox(
            school_id=org_id,
            principal=user.principal,
            services=services,
            limit=LISTED,
            after=after,
        ),
        today,
    )
    sent: list[dict[str, Any]] = []
    if user.is_setting:
        sent = _safeguarding(
            inbox.setting_outbox(
                setting_id=org_id, principal=user.principal, services=services, limit=LISTED
            ),
            today,
        )
    overdue = [i for i in received + sent if i["overdue"]]
    return render(
        request,
        user,
        "web/safeguarding/channel.html",
        received=received,
        sent=sent,
        overdue=overdue,
        is_setting=user.is_setting,
        done="The packet is acknowledged: the sender can see who received it, and when."
        if done == "acknowledged"
        else None,
    )


@router.get("/safeguarding/packets/{packet_id}")
def open_packet(
    request: Request, packet_id: UUID, user: PageUser, services: ServicesDep
) -> HTMLResponse:
    """A received safeguarding file, opened (the opening is recorded), with its acknowledgement."""
    dsl_only(services, user, "safeguarding-channel")
    status = handovers.get_handover(
        packet_id=packet_id, principal=user.principal, services=services
    )
    if status.kind is not PacketKind.SAFEGUARDING:
        raise deny(
            services,
            user.principal,
            Action.READ,
            status.child_id,
            "safeguarding-channel",
            404,
            "no such safeguarding packet",
            Purpose.SAFEGUARDING,
        )
    body = handovers.packet_contents(
        packet_id=packet_id, principal=user.principal, services=services
    )
    return render(
        request,
        user,
        "web/safeguarding/packet.html",
        packet=status,
        body=body,
        sealed=when(status.sealed_at),
        acknowledged=when(status.acknowledged_at) if status.acknowledged_at else None,
        overdue=status.acknowledged_at is None
        and status.acknowledge_by is not None
        and services.app.today() > status.acknowledge_by,
        form_key=new_form_key(),
    )


@router.post("/safeguarding/packets/{packet_id}/acknowledgement")
def acknowledge(
    request: Request, packet_id: UUID, user: FormUser, form: PostedForm, services: ServicesDep
) -> Response:
    """Confirm receipt: the sender sees who received the file, and when."""
    dsl_only(services, user, "safeguarding-channel")
    outcome = attempt(
        user,
        form,
        request.url.path,
        lambda: handovers.acknowledge(
            packet_id=packet_id, principal=user.principal, services=services
        ),
    )
    if outcome.result is not None:
        return see_other(f"/safeguarding?after={outcome.result.position}&done=acknowledged")
    if outcome.replayed:
        return see_other("/safeguarding?done=acknowledged")
    shown = Problem(409, outcome.message or "the packet cannot be acknowledged now")
    return render(request, user, "web/error.html", status=409, problem=shown)
