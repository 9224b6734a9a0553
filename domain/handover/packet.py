"""A handover packet: sealed by a setting for one recipient (a school, or another professional
around the child), then opened, acknowledged or revoked.

The packet holds its sealed envelope (nothing readable without the recipient's key) and the record
of everyone who opened it. A packet shared on consent (``kind``: its purpose) carries only what
the consent policy allowed at the instant of sealing; safeguarding packets travel separately, DSL
to DSL, with a deadline. ``school_id`` names the recipient, whatever its kind (the name it was
first stored under).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidField, PacketGone, RuleBroken


class PacketKind(StrEnum):
    """What a packet is for: the purpose it was shared for (the consent's), or safeguarding."""

    TRANSITION = "transition"  # to a school
    INTEGRATED_REVIEW = "integrated_review"  # to a health visiting team: the check at two
    TEAM_AROUND_THE_CHILD = "team_around_the_child"  # to another professional
    SAFEGUARDING = "safeguarding"  # DSL to DSL, no consent needed


class PacketStatus(StrEnum):
    DELIVERED = "delivered"
    OPENED = "opened"
    ACKNOWLEDGED = "acknowledged"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    ERASED = "erased"  # the receiving school erased its copy


class Access(TypedDict):
    by: str
    org_id: str
    at: datetime
    how: str  # "opened" (by the service, with the school's key) or "envelope" (fetched)


def add_school_days(start: date, days: int, holidays: frozenset[date] = frozenset()) -> date:
    """The date ``days`` school days after ``start`` (weekends and ``holidays`` excluded).

    >>> add_school_days(date(2026, 11, 20), 5)   # a Friday
    datetime.date(2026, 11, 27)
    """
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


# The name this aggregate's events are stored under (``module:Class.Event``), fixed where it was
# first written: views select events by it and the store finds old events by it, so a move of
# this module never renames a stored event.
STORED_AS = "domain.handover:HandoverPacket"


class HandoverPacket(Aggregate):
    TOPIC = STORED_AS

    class Created(Aggregate.Created):
        TOPIC = f"{STORED_AS}.Created"

    @staticmethod
    def check_fields(kind: PacketKind, justification: str | None, information: str | None) -> None:
        """A safeguarding packet says why it is shared; a packet shared on consent carries
        neither."""
        if kind is PacketKind.SAFEGUARDING:
            if justification is None:
                raise InvalidField(
                    "justification",
                    "is required",
                    detail="a safeguarding packet needs a justification",
                )
        elif justification or information:
            raise InvalidField(
                "kind",
                "is not safeguarding",
                detail="justification and information belong to safeguarding packets",
            )

    @event("Sealed", topic=f"{STORED_AS}.Sealed")
    def __init__(
        self,
        child_id: UUID,
        from_id: UUID,
        school_id: UUID,
        kind: str,
        categories: list[str],
        content_sha256: str,
        envelope: dict[str, Any],
        recipient_key_id: str,
        sender_key_id: str,
        sealed_by: UUID,
        sealed_at: datetime,
        acknowledge_by: date | None,
        justification: str | None,
        consent_ids: list[str],
        server_can_open: bool,
    ) -> None:
        self.child_id = str(child_id)
        self.from_id = str(from_id)
        self.school_id = str(school_id)
        self.kind = kind
        self.categories = categories
        self.content_sha256 = content_sha256
        self.envelope = envelope
        self.recipient_key_id = recipient_key_id
        self.sender_key_id = sender_key_id
        self.sealed_by = str(sealed_by)
        self.sealed_at = sealed_at
        self.acknowledge_by = acknowledge_by
        self.justification = justification
        self.consent_ids = consent_ids
        self.server_can_open = server_can_open
        self.status = PacketStatus.DELIVERED.value
        self.accesses: list[Access] = []
        self.acknowledged_by: str | None = None
        self.acknowledged_at: datetime | None = None
        self.revocation: dict[str, Any] | None = None
        self.superseded_by: str | None = None

    @property
    def is_safeguarding(self) -> bool:
        return self.kind == PacketKind.SAFEGUARDING

    @property
    def is_live(self) -> bool:
        return self.status not in (
            PacketStatus.REVOKED,
            PacketStatus.SUPERSEDED,
            PacketStatus.ERASED,
        )

    def check_available(self) -> None:
        if self.status == PacketStatus.REVOKED:
            reason = (self.revocation or {}).get("reason") or "no reason given"
            raise PacketGone(f"the packet was revoked ({reason})")
        if self.status == PacketStatus.SUPERSEDED:
            raise PacketGone(f"the packet was replaced by a newer one ({self.superseded_by})")
        if self.status == PacketStatus.ERASED:
            raise PacketGone("the receiving organisation erased its copy of this packet")

    def is_overdue(self, today: date) -> bool:
        return (
            self.acknowledge_by is not None
            and self.acknowledged_at is None
            and self.is_live
            and today > self.acknowledge_by
        )

    def record_access(self, by: UUID, org_id: UUID, at: datetime, how: str) -> None:
        self.check_available()
        self._accessed(by=by, org_id=org_id, at=at, how=how)

    @event("Accessed", topic=f"{STORED_AS}.Accessed")
    def _accessed(self, by: UUID, org_id: UUID, at: datetime, how: str) -> None:
        self.accesses.append(Access(by=str(by), org_id=str(org_id), at=at, how=how))
        if self.status == PacketStatus.DELIVERED:
            self.status = PacketStatus.OPENED.value

    def acknowledge(self, by: UUID, at: datetime) -> None:
        self.check_available()
        if self.acknowledged_at is not None:
            raise RuleBroken(
                f"the packet was already acknowledged at {self.acknowledged_at:%Y-%m-%d %H:%M}"
            )
        self._acknowledged(by=by, at=at)

    @event("Acknowledged", topic=f"{STORED_AS}.Acknowledged")
    def _acknowledged(self, by: UUID, at: datetime) -> None:
        self.status = PacketStatus.ACKNOWLEDGED.value
        self.acknowledged_by = str(by)
        self.acknowledged_at = at

    def revoke(self, reason: str | None, by: UUID | None, cause: str, at: datetime) -> None:
        self.check_available()
        if self.status != PacketStatus.DELIVERED:
            raise RuleBroken("the recipient has opened this packet; it can no longer be revoked")
        self._revoked(reason=reason, by=by, cause=cause, at=at)

    @event("Revoked", topic=f"{STORED_AS}.Revoked")
    def _revoked(self, reason: str | None, by: UUID | None, cause: str, at: datetime) -> None:
        self.status = PacketStatus.REVOKED.value
        self.revocation = {
            "reason": reason,
            "by": str(by) if by else None,
            "cause": cause,
            "at": at.isoformat(),
        }

    @event("Superseded", topic=f"{STORED_AS}.Superseded")
    def supersede(self, by_packet_id: UUID, at: datetime) -> None:
        self.status = PacketStatus.SUPERSEDED.value
        self.superseded_by = str(by_packet_id)

    def erase(self, by: UUID, org_id: UUID, at: datetime) -> None:
        """The receiving school erases its copy: the packet is its record, to keep or erase."""
        if self.status == PacketStatus.ERASED:
            raise PacketGone("the receiving organisation already erased its copy of this packet")
        self._erased(by=by, org_id=org_id, at=at)

    @event("Erased", topic=f"{STORED_AS}.Erased")
    def _erased(self, by: UUID, org_id: UUID, at: datetime) -> None:
        self.status = PacketStatus.ERASED.value
        # Later snapshots hold none of it (the sealed event itself is the key store's to make
        # unreadable: see README, "Forgetting").
        self.envelope, self.justification = {}, None
        self.erasure = {"by": str(by), "org_id": str(org_id), "at": at.isoformat()}
