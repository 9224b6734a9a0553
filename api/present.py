"""Domain state turned into the contract's response shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from api.schemas.journey import (
    AssessmentPublic,
    ChildPublic,
    CorrectionPublic,
    EnrolmentPublic,
    ObservationPublic,
    VoicePublic,
    WithdrawalPublic,
)
from domain.access_log.entry import AccessEntry
from domain.errors import NotFound
from domain.journey.child import Child
from domain.journey.entries import Entry, current_text
from domain.journey.eyfs import Area
from domain.organisations.organisation import Organisation


def child_public(child: Child, position: int | None = None) -> ChildPublic:
    counts = dict.fromkeys((a.value for a in Area), 0)
    for entry in child.entries_of("observation"):
        if entry["withdrawal"] is None and entry["area"]:
            counts[entry["area"]] += 1
    current = [e for e in child.entries.values() if e["withdrawal"] is None]
    return ChildPublic(
        id=child.id,
        given_name=child.given_name,
        family_name=child.family_name,
        preferred_name=child.preferred_name,
        name=child.name,
        date_of_birth=child.date_of_birth,
        home_languages=child.home_languages,
        send_status=child.send_status,
        enrolments=[
            EnrolmentPublic(
                setting_id=UUID(e["setting_id"]),
                started_on=e["started_on"],
                left_on=e.get("left_on"),
            )
            for e in child.enrolments
        ],
        key_persons={k: UUID(v) for k, v in child.key_persons.items()},
        observations=counts,
        voices=sum(1 for e in current if e["type"] == "voice"),
        assessments=sum(1 for e in current if e["type"] == "assessment"),
        position=position,
    )


def _common(
    child_id: UUID, entry: Entry, position: int | None, photos: list[str]
) -> dict[str, Any]:
    corrections = entry["corrections"]
    withdrawal = entry["withdrawal"]
    return {
        "id": entry["id"],
        "child_id": child_id,
        "setting_id": entry["setting_id"],
        "recorded_by": entry["recorded_by"],
        "recorded_at": entry["recorded_at"],
        "status": "withdrawn" if withdrawal else "current",
        "original_text": entry["text"] if corrections else None,
        "corrections": [CorrectionPublic.model_validate(dict(c)) for c in corrections],
        "withdrawal": WithdrawalPublic.model_validate(dict(withdrawal)) if withdrawal else None,
        "position": position,
        "photos": photos,
        "shared_with_parents": entry.get("shared_with_parents", False),
    }


def entry_public(
    child: Child, entry: Entry, position: int | None = None
) -> ObservationPublic | VoicePublic | AssessmentPublic:
    return entry_out(child.id, entry, position, child.photos_of(entry["id"]))


def entry_out(
    child_id: UUID, entry: Entry, position: int | None = None, photos: list[str] | None = None
) -> ObservationPublic | VoicePublic | AssessmentPublic:
    """An entry of the child's journey, as the contract shows it (with its history)."""
    common = _common(child_id, entry, position, photos or [])
    if entry["type"] == "observation":
        return ObservationPublic(
            **common,
            area=entry["area"],
            text=current_text(entry),
            observed_on=entry["dated"],
            elgs=entry.get("elgs", []),
            characteristics=entry.get("characteristics", []),
        )
    if entry["type"] == "voice":
        return VoicePublic(
            **common,
            kind=entry["kind"],
            text=current_text(entry),
            recorded_on=entry["dated"],
            recorded_by_parent=entry.get("recorded_by_parent", False),
        )
    return AssessmentPublic(
        **common,
        kind=entry["kind"],
        assessed_on=entry["dated"],
        summary=current_text(entry),
        areas=entry.get("areas", {}),
    )


class Names:
    """Who acted, by name, for the DSL reading the log (the log itself holds ids only): each
    organisation is loaded once for a page, however many of its entries the page holds."""

    def __init__(self, load: Callable[[UUID], Organisation]) -> None:
        self.load = load
        self.orgs: dict[UUID, Organisation | None] = {}

    def _org(self, org_id: UUID) -> Organisation | None:
        if org_id not in self.orgs:
            try:
                self.orgs[org_id] = self.load(org_id)
            except NotFound:
                self.orgs[org_id] = None
        return self.orgs[org_id]

    def of(self, entry: AccessEntry) -> tuple[str | None, str | None]:
        org = self._org(entry.actor_org_id) if entry.actor_org_id else None
        if org is None:
            return None, None
        member = org.staff.get(entry.actor_id.hex) if entry.actor_id else None
        return (member["name"] if member else None), org.name
