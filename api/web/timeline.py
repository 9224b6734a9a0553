"""A child's learning journey as one timeline, newest first, read through the API's own lists.

The API lists observations, voices and assessments separately, each newest first by the same
key (date, when recorded, id). A page of the timeline reads up to ``limit`` of each after one
key and keeps the newest ``limit`` of them all; the key of the last shown is the next page's
cursor for all three lists, so the timeline pages exactly as they do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from fastapi.routing import APIRoute

from api import cursors
from api.auth import Principal
from api.routes import journey
from api.schemas.journey import AssessmentPublic, ObservationPublic, VoicePublic
from api.services import Services
from consent.vocabulary import Relationship
from domain.errors import ChildErased, NotFound
from domain.journey.eyfs import AREA_TITLES, EARLY_LEARNING_GOALS, Area
from projections.views.journey_entries import micros

Entry = ObservationPublic | VoicePublic | AssessmentPublic
COLLECTIONS = {"observation": "observations", "voice": "voices", "assessment": "assessments"}
CHARACTERISTICS = {
    "playing_and_exploring": "Playing and exploring",
    "active_learning": "Active learning",
    "creating_and_thinking_critically": "Creating and thinking critically",
}
JUDGEMENTS = {"not_yet": "Not yet", "on_track": "On track", "exceeding": "Exceeding"}
KINDS = {
    "child": "All about me (the child's voice)",
    "parent": "Parent's voice",
    "progress_check_at_two": "Progress check at two",
    "transition_summary": "Transition summary",
}
# A parent's or carer's relationship to the child, in plain words (consent's Relationship).
RELATIONSHIPS = {
    Relationship.MOTHER: "Mother",
    Relationship.FATHER: "Father",
    Relationship.PARENT: "Parent",
    Relationship.STEP_PARENT: "Step-parent",
    Relationship.GRANDPARENT: "Grandparent",
    Relationship.FOSTER_CARER: "Foster carer",
    Relationship.SPECIAL_GUARDIAN: "Special guardian",
    Relationship.CORPORATE_PARENT: "Local authority (corporate parent)",
    Relationship.OTHER_CARER: "Carer",
}


def journey_route(name: str) -> Callable[..., Any]:
    """One of the API's journey routes by name (``list_observations``, ``correct_voice``...):
    they are made once per kind of entry, so they are found on the router, not by import."""
    for route in journey.router.routes:
        if isinstance(route, APIRoute) and route.name == name:
            return route.endpoint
    raise LookupError(name)


def _dated(entry: Entry) -> date:
    if isinstance(entry, ObservationPublic):
        return entry.observed_on
    return entry.recorded_on if isinstance(entry, VoicePublic) else entry.assessed_on


def _key(entry: Entry) -> tuple[str, int, str]:
    """The entry's place, as the API's journey lists key it (journey_entries.entry_key)."""
    return _dated(entry).isoformat(), micros(entry.recorded_at), str(entry.id)


def timeline_page(
    services: Services,
    principal: Principal,
    child_id: UUID,
    cursor: str | None,
    after: int | None,
    limit: int = 25,
) -> tuple[list[Entry], str | None]:
    """Up to ``limit`` entries of every kind, newest first, and the cursor of the rest."""
    found: list[Entry] = []
    more = False
    for collection in COLLECTIONS.values():
        page = journey_route(f"list_{collection}")(
            child_id=child_id,
            principal=principal,
            services=services,
            cursor=cursor,
            limit=limit,
            after=after,
        )
        found += page.items
        more = more or page.next is not None
    found.sort(key=_key, reverse=True)
    shown = found[:limit]
    more = more or len(found) > limit
    return shown, cursors.encode(_key(shown[-1])) if more and shown else None


@dataclass
class People:
    """Who recorded what, in words: a name for the viewer's own colleagues, the setting's name
    for another setting of the child's day (each organisation loaded once per page)."""

    services: Services
    own_org: UUID
    orgs: dict[UUID, Any] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)

    def _org(self, org_id: UUID) -> Any:
        if org_id not in self.orgs:
            try:
                self.orgs[org_id] = self.services.app.organisation(org_id)
            except NotFound:
                self.orgs[org_id] = None
        return self.orgs[org_id]

    def staff_name(self, staff_id: UUID | None) -> str | None:
        org = self._org(self.own_org)
        member = org.member(staff_id) if org and staff_id else None
        return str(member["name"]) if member else None

    def by(self, setting_id: UUID, staff_id: UUID) -> str:
        if setting_id == self.own_org:
            return self.staff_name(staff_id) or "a colleague"
        org = self._org(setting_id)
        return str(org.name) if org else "another setting"

    def parent(self, child_id: UUID, parent_id: UUID) -> str:
        """A parent or carer of the child, by name and relationship: "Maya Okafor (Mother)"
        (the child's links to its parents read once for the page)."""
        if not self.parents:
            try:
                links = self.services.app.child(child_id).parents
            except (NotFound, ChildErased):
                links = {}
            for link in links.values():
                name = self.services.app.parent(UUID(link["parent_id"])).name
                relationship = RELATIONSHIPS[Relationship(link["relationship"])]
                self.parents[link["parent_id"]] = f"{name} ({relationship})"
        return self.parents.get(str(parent_id), "a parent or carer")


def shown(entry: Entry, people: People, own_org: UUID) -> dict[str, Any]:
    """What the timeline shows of one entry, in the practitioner's words."""
    kind = getattr(entry, "kind", None)
    from_home = getattr(entry, "recorded_by_parent", False)
    own = entry.withdrawal is None and entry.setting_id == own_org and not from_home
    out: dict[str, Any] = {
        "id": str(entry.id),
        "collection": COLLECTIONS[_type(entry)],
        "title": KINDS.get(str(kind), "Observation"),
        "dated": _dated(entry),
        "by": people.by(entry.setting_id, entry.recorded_by),
        "text": entry.summary if isinstance(entry, AssessmentPublic) else entry.text,
        "original_text": entry.original_text,
        "corrections": [
            {"at": c.corrected_at, "reason": c.reason, "by": people.by(own_org, c.corrected_by)}
            for c in entry.corrections
        ],
        "withdrawal": entry.withdrawal,
        # A parent's own words are theirs: staff neither correct nor withdraw them here.
        "amendable": own,
        "child_id": str(entry.child_id),
        "photos": [str(p) for p in getattr(entry, "photos", [])],
        "shared": entry.shared_with_parents,
        "shareable": own and not entry.shared_with_parents,
        "from_home": (
            f"From home — {people.parent(entry.child_id, entry.recorded_by)}" if from_home else None
        ),
    }
    if isinstance(entry, ObservationPublic):
        out["area"] = AREA_TITLES[Area(entry.area)]
        out["elgs"] = [
            (c, EARLY_LEARNING_GOALS[c][1]) for c in entry.elgs if c in EARLY_LEARNING_GOALS
        ]
        out["characteristics"] = [CHARACTERISTICS[c.value] for c in entry.characteristics]
    if isinstance(entry, AssessmentPublic):
        out["judgements"] = [
            (AREA_TITLES[Area(a)], JUDGEMENTS[j.value]) for a, j in entry.areas.items()
        ]
    return out


def _type(entry: Entry) -> str:
    if isinstance(entry, ObservationPublic):
        return "observation"
    return "voice" if isinstance(entry, VoicePublic) else "assessment"
