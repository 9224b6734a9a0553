"""An entry of the journal in a parent's words: what it is, who wrote it (a setting by its name,
never a member of staff's; a parent as "you" or by their relationship to the child), its text as
it now stands, and areas, goals and judgements by their titles, never their codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from api.services import Services
from api.web.timeline import CHARACTERISTICS, JUDGEMENTS, KINDS
from domain.errors import NotFound
from domain.journey.child import Child
from domain.journey.entries import Entry, current_text
from domain.journey.eyfs import AREA_TITLES, EARLY_LEARNING_GOALS, Area

FROM_HOME = "From home"
RELATIONSHIPS = {
    "mother": "mother",
    "father": "father",
    "parent": "parent",
    "step_parent": "step-parent",
    "grandparent": "grandparent",
    "foster_carer": "foster carer",
    "special_guardian": "special guardian",
    "corporate_parent": "local authority",
    "other_carer": "carer",
}


def first_name(child: Child) -> str:
    return child.preferred_name or child.given_name


@dataclass
class Words:
    """Names for one page: each setting's loaded once, however many entries it wrote."""

    services: Services
    parent_id: UUID
    settings: dict[str, str] = field(default_factory=dict)

    def setting(self, setting_id: str) -> str:
        if setting_id not in self.settings:
            try:
                self.settings[setting_id] = self.services.app.organisation(UUID(setting_id)).name
            except NotFound:
                self.settings[setting_id] = "a setting"
        return self.settings[setting_id]

    def relative(self, child: Child, parent_id: str) -> str:
        """Who wrote a moment from home: "you", or "Amara's father"."""
        if parent_id == str(self.parent_id):
            return "you"
        link = child.parents.get(parent_id)
        relationship = RELATIONSHIPS.get(link["relationship"], "carer") if link else "carer"
        return f"{first_name(child)}'s {relationship}"

    def entry(self, child: Child, entry: Entry) -> dict[str, Any]:
        """The entry as the journal and the parent's record show it."""
        from_home = bool(entry.get("recorded_by_parent"))
        kind = entry["kind"]
        what = FROM_HOME if from_home else KINDS.get(str(kind), "Observation")
        by = entry["recorded_by"]
        out: dict[str, Any] = {
            "id": entry["id"],
            "what": what,
            "from_home": from_home,
            "dated": entry["dated"],
            "recorded_at": entry["recorded_at"],
            "by": self.relative(child, by) if from_home else self.setting(entry["setting_id"]),
            "text": current_text(entry),
            "area": AREA_TITLES[Area(entry["area"])] if entry["area"] else None,
            "early_learning_goals": [
                EARLY_LEARNING_GOALS[c][1]
                for c in entry.get("elgs", [])
                if c in EARLY_LEARNING_GOALS
            ],
            "characteristics": [
                CHARACTERISTICS[c] for c in entry.get("characteristics", []) if c in CHARACTERISTICS
            ],
            "judgements": {
                AREA_TITLES[Area(a)]: JUDGEMENTS[j] for a, j in entry.get("areas", {}).items()
            },
        }
        return out
