"""What a packet says: the sealed body, built from the child's events at the instant of sealing.

Led by what reception teachers read first: the child, personal, social and emotional development
and communication, the key person's summary, the child's and the parent's voice, SEND. Only the
sending setting's own current entries go in (withdrawn ones never do; corrected ones as corrected).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from consent.vocabulary import Category
from domain.journey.child import Child
from domain.journey.entries import Entry, EntryType, current_text
from domain.journey.eyfs import AssessmentKind
from domain.organisations.organisation import Organisation

AREA_ORDER = ("PSED", "CL", "PD", "L", "M", "UW", "EAD")  # what a reception teacher reads first
# The photos a packet carries, given their ids in the order the packet lists them: each as the
# store holds it (its image base64), within the store's size cap (an id left out: not carried).
PhotoSource = Callable[[list[str]], Mapping[str, Mapping[str, Any]]]


def _current(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": entry["id"],
        "text": current_text(entry),
        "dated": entry["dated"].isoformat(),
        "corrected": bool(entry["corrections"]),
    }
    return item


def _own(child: Child, entry_type: EntryType, setting_id: UUID) -> list[Entry]:
    return [
        e
        for e in child.entries_of(entry_type)
        if e["setting_id"] == str(setting_id) and e["withdrawal"] is None
    ]


def organisation_summary(org: Organisation) -> dict[str, Any]:
    return {"id": str(org.id), "name": org.name, "kind": org.kind.value, "urn": org.urn}


def child_identity(child: Child) -> dict[str, Any]:
    return {
        "id": str(child.id),
        "given_name": child.given_name,
        "family_name": child.family_name,
        "preferred_name": child.preferred_name,
        "date_of_birth": child.date_of_birth.isoformat(),
        "home_languages": list(child.home_languages),
    }


def transition_body(
    packet_id: UUID,
    child: Child,
    sender: Organisation,
    categories: list[Category],
    sealed_at: datetime,
    key_person_name: str | None,
    photos: PhotoSource | None = None,
    kind: str = "transition",
) -> dict[str, Any]:
    """A packet shared on consent (``kind``: its purpose), holding only ``categories``: the
    progress check at two alone under ``progress_check``, every assessment under
    ``assessments``."""
    allowed = set(categories)
    person = child_identity(child)
    if Category.SEND in allowed:
        person["send_status"] = child.send_status
    observations = []
    if Category.JOURNEY in allowed:
        for entry in _own(child, "observation", sender.id):
            observations.append(
                {
                    **_current(entry),
                    "area": entry["area"],
                    "observed_on": entry["dated"].isoformat(),
                    "elgs": entry.get("elgs", []),
                    "characteristics": entry.get("characteristics", []),
                }
            )
        observations.sort(key=lambda o: (AREA_ORDER.index(o["area"]), o["observed_on"]))
    assessments = []
    for entry in _own(child, "assessment", sender.id):
        if Category.ASSESSMENTS in allowed or (
            Category.PROGRESS_CHECK in allowed
            and entry["kind"] == AssessmentKind.PROGRESS_CHECK_AT_TWO
        ):
            assessments.append(
                {
                    **_current(entry),
                    "kind": entry["kind"],
                    "assessed_on": entry["dated"].isoformat(),
                    "summary": current_text(entry),
                    "areas": entry.get("areas", {}),
                }
            )
    voices = []
    if Category.VOICES in allowed:
        for entry in _own(child, "voice", sender.id):
            voices.append(
                {
                    **_current(entry),
                    "kind": entry["kind"],
                    "recorded_on": entry["dated"].isoformat(),
                }
            )
    left_out = _with_photos(child, [*observations, *voices], photos)
    return {
        "packet_id": str(packet_id),
        "kind": kind,
        "sealed_at": sealed_at.isoformat(),
        "from": organisation_summary(sender),
        "child": person,
        "key_person": key_person_name,
        "categories": sorted(c.value for c in allowed),
        "observations": observations,
        "assessments": assessments,
        "voices": voices,
        "photos_left_out": left_out,
    }


def _with_photos(child: Child, items: list[dict[str, Any]], photos: PhotoSource | None) -> int:
    """Give each entry of ``items`` the photos the packet carries (``photos``: none without
    one); how many of their photos were left out (over the packet's size cap)."""
    wanted = {item["id"]: child.photos_of(item["id"]) for item in items}
    ordered = [photo_id for ids in wanted.values() for photo_id in ids]
    carried = photos(ordered) if photos is not None and ordered else {}
    for item in items:
        item["photos"] = [dict(carried[p]) for p in wanted[item["id"]] if p in carried]
    return len(ordered) - len(carried)


def safeguarding_body(
    packet_id: UUID,
    child: Child,
    sender: Organisation,
    sealed_at: datetime,
    sent_by: str,
    justification: str,
    information: str | None,
) -> dict[str, Any]:
    return {
        "packet_id": str(packet_id),
        "kind": "safeguarding",
        "sealed_at": sealed_at.isoformat(),
        "from": organisation_summary(sender),
        "child": child_identity(child),
        "sent_by": sent_by,
        "justification": justification,
        "information": information,
    }
