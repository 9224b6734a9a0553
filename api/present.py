"""Domain state turned into the contract's response shapes, and cursor pages over it."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any, TypeVar
from uuid import UUID

from api.errors import Problem
from api.schemas.journey import (
    AssessmentPublic,
    ChildPublic,
    CorrectionPublic,
    EnrolmentPublic,
    ObservationPublic,
    VoicePublic,
    WithdrawalPublic,
)
from domain.journey.child import Child
from domain.journey.entries import Entry, current_text
from domain.journey.eyfs import Area

T = TypeVar("T")
DEFAULT_LIMIT, MAX_LIMIT = 50, 500


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
            EnrolmentPublic(setting_id=UUID(e["setting_id"]), started_on=e["started_on"])
            for e in child.enrolments
        ],
        key_persons={k: UUID(v) for k, v in child.key_persons.items()},
        observations=counts,
        voices=sum(1 for e in current if e["type"] == "voice"),
        assessments=sum(1 for e in current if e["type"] == "assessment"),
        position=position,
    )


def _common(child: Child, entry: Entry, position: int | None) -> dict[str, Any]:
    corrections = entry["corrections"]
    withdrawal = entry["withdrawal"]
    return {
        "id": entry["id"],
        "child_id": child.id,
        "setting_id": entry["setting_id"],
        "recorded_by": entry["recorded_by"],
        "recorded_at": entry["recorded_at"],
        "status": "withdrawn" if withdrawal else "current",
        "original_text": entry["text"] if corrections else None,
        "corrections": [CorrectionPublic.model_validate(dict(c)) for c in corrections],
        "withdrawal": WithdrawalPublic.model_validate(dict(withdrawal)) if withdrawal else None,
        "position": position,
    }


def entry_public(
    child: Child, entry: Entry, position: int | None = None
) -> ObservationPublic | VoicePublic | AssessmentPublic:
    common = _common(child, entry, position)
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
            **common, kind=entry["kind"], text=current_text(entry), recorded_on=entry["dated"]
        )
    return AssessmentPublic(
        **common,
        kind=entry["kind"],
        assessed_on=entry["dated"],
        summary=current_text(entry),
        areas=entry.get("areas", {}),
    )


def encode_cursor(key: Sequence[str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[str]:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError):
        key = None
    if not isinstance(key, list) or not all(isinstance(k, str) for k in key):
        raise Problem(
            422,
            "the cursor is not one this service gave out",
            slug="validation",
            errors=[{"field": "cursor", "message": "is not a valid cursor"}],
        )
    return key


def entry_key(entry: Entry) -> list[str]:
    """Newest first: by date, then by when recorded, then by id (so the order is total)."""
    return [entry["dated"].isoformat(), entry["recorded_at"].isoformat(), entry["id"]]


def page_of_entries(
    entries: list[Entry], cursor: str | None, limit: int
) -> tuple[list[Entry], str | None]:
    """One page of ``entries`` (already newest first) after ``cursor``, and the next cursor."""
    if cursor:
        after = decode_cursor(cursor)
        entries = [e for e in entries if entry_key(e) < after]
    page = entries[:limit]
    more = len(entries) > limit
    return page, encode_cursor(entry_key(page[-1])) if more and page else None
