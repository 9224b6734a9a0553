"""Partnership commands: forming one, joining by acceptance, its local authority, and
moderation samples (a pseudonymised copy of one assessment and its evidence) with reviews."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.base import BatonBase, Written, new
from domain.errors import InvalidField, NotFound
from domain.journey.child import Child, months_between
from domain.journey.entries import Entry, current_text
from domain.journey.eyfs import member_of
from domain.organisations.organisation import Organisation, OrganisationKind
from domain.partnerships.partnership import Partnership, PartnershipKind
from domain.partnerships.sample import ModerationSample

LOCAL_AUTHORITY = OrganisationKind.LOCAL_AUTHORITY.value
# The evidence of an assessment: the sharing setting's observations of the child in the
# assessment's areas over the weeks before it, newest first, up to a number.
EVIDENCE_WEEKS, EVIDENCE_MOST = 12, 20
AGE_BAND_MONTHS = 6
THE_CHILD = "the child"


def age_band(months: int) -> str:
    """A child's age as a band of months ("36 to 41 months"), never a date of birth."""
    low = months - months % AGE_BAND_MONTHS
    return f"{low} to {low + AGE_BAND_MONTHS - 1} months"


def name_pattern(*names: str | None) -> re.Pattern[str] | None:
    """Any run of the child's names (given, preferred, family; each word of each), as whole
    words in any case: "Amara Okafor", "amara", "Okafor's" all match."""
    words = sorted(
        {w for n in names if n for w in re.split(r"[\s\-]+", n) if len(w) > 1},
        key=len,
        reverse=True,
    )
    if not words:
        return None
    one = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\b(?:{one})(?:[\s\-]+(?:{one}))*\b", re.IGNORECASE)


def without_names(text: str, pattern: re.Pattern[str] | None) -> str:
    """``text`` as recorded, each mention of the child's names replaced by "the child" ("The
    child" to start a sentence)."""
    if pattern is None:
        return text

    def replace(match: re.Match[str]) -> str:
        before = text[: match.start()].rstrip()
        starts = not before or before[-1] in ".!?\n"
        return THE_CHILD.capitalize() if starts else THE_CHILD

    return pattern.sub(replace, text)


def pseudonymised(child: Child, assessment: Entry, setting_id: str) -> dict[str, Any]:
    """The sample's content: the assessment (kind, age band, summary, areas) and the setting's
    observations it rests on, with no name, id or date of the child."""
    pattern = name_pattern(child.given_name, child.preferred_name, child.family_name)
    assessed_on: date = assessment["dated"]
    areas = assessment.get("areas") or {}
    since = assessed_on - timedelta(weeks=EVIDENCE_WEEKS)
    evidence = [
        e
        for e in child.entries_of("observation")
        if e["withdrawal"] is None
        and e["setting_id"] == setting_id
        and e["area"] in areas
        and since <= e["dated"] <= assessed_on
    ]
    evidence.sort(key=lambda e: e["dated"], reverse=True)
    return {
        "assessment": {
            "kind": assessment["kind"],
            "age_band": age_band(months_between(child.date_of_birth, assessed_on)),
            "summary": without_names(current_text(assessment), pattern),
            "areas": dict(areas),
        },
        "evidence": [
            {
                "area": e["area"],
                "text": without_names(current_text(e), pattern),
                "weeks_before_assessment": (assessed_on - e["dated"]).days // 7,
                "elgs": list(e.get("elgs") or []),
                "characteristics": list(e.get("characteristics") or []),
            }
            for e in evidence[:EVIDENCE_MOST]
        ],
        "names_replaced_with": THE_CHILD,
    }


class PartnershipCommands(BatonBase):
    def partnership(self, partnership_id: UUID) -> Partnership:
        return self._load(Partnership, partnership_id, "the partnership")

    def moderation_sample(self, sample_id: UUID) -> ModerationSample:
        """The sample; ``ChildErased`` once the child it was drawn from was erased."""
        return self._load(ModerationSample, sample_id, "the moderation sample")

    def _local_authority(self, org_id: UUID | None, field: str) -> UUID | None:
        if org_id is None:
            return None
        found = self._find_organisation(org_id)
        if found is None or found.kind_code != LOCAL_AUTHORITY:
            raise InvalidField(field, "name a local authority in Baton")
        return org_id

    def _find_organisation(self, org_id: UUID) -> Organisation | None:
        return self._find(Organisation, org_id)

    def form_partnership(
        self,
        name: str,
        kind: str,
        *,
        founder_id: UUID,
        formed_by: UUID,
        invite: list[UUID],
        local_authority_id: UUID | None = None,
    ) -> Written[Partnership]:
        member_of(PartnershipKind, "kind", kind)
        if not name.strip():
            raise InvalidField("name", "must not be blank")
        invited = list(dict.fromkeys(o for o in invite if o != founder_id))
        for org_id in invited:
            found = self._find_organisation(org_id)
            if found is None or found.kind_code == LOCAL_AUTHORITY:
                raise InvalidField("invite", "name organisations in Baton (settings or schools)")
        partnership = new(
            Partnership,
            None,
            name=name.strip(),
            kind=kind,
            founder_id=founder_id,
            formed_by=formed_by,
            invited=invited,
            local_authority_id=self._local_authority(local_authority_id, "local_authority_id"),
            at=self.clock(),
        )
        return Written(partnership.id, self._save(partnership), partnership)

    def _on_partnership(
        self, partnership_id: UUID, change: Any, written_id: UUID | None = None
    ) -> Written[Partnership]:
        position, state = self._update(Partnership, partnership_id, "the partnership", change)
        return Written(written_id or partnership_id, position, state)

    def invite_to_partnership(
        self, partnership_id: UUID, org_id: UUID, by: UUID
    ) -> Written[Partnership]:
        found = self._find_organisation(org_id)
        if found is None or found.kind_code == LOCAL_AUTHORITY:
            raise InvalidField("org_id", "name an organisation in Baton (a setting or school)")
        at = self.clock()
        return self._on_partnership(partnership_id, lambda p: p.invite(org_id, by, at), org_id)

    def accept_partnership(
        self, partnership_id: UUID, org_id: UUID, by: UUID
    ) -> Written[Partnership]:
        at = self.clock()
        return self._on_partnership(partnership_id, lambda p: p.accept(org_id, by, at), org_id)

    def set_partnership_area(
        self, partnership_id: UUID, local_authority_id: UUID | None, by: UUID
    ) -> Written[Partnership]:
        la = self._local_authority(local_authority_id, "local_authority_id")
        return self._on_partnership(partnership_id, lambda p: p.set_local_authority(la, by))

    def share_for_moderation(
        self,
        partnership_id: UUID,
        child_id: UUID,
        assessment_id: UUID,
        *,
        org_id: UUID,
        shared_by: UUID,
    ) -> Written[ModerationSample]:
        """A pseudonymised copy of one of the setting's own assessments of the child, with its
        evidence, saved with the partnership's note of it in one transaction."""
        partnership = self.partnership(partnership_id)
        child = self.child(child_id)
        assessment = child.entries.get(str(assessment_id))
        if assessment is None or assessment["type"] != "assessment":
            raise NotFound("the assessment")
        if assessment["setting_id"] != str(org_id):
            raise InvalidField("assessment_id", "share an assessment your setting recorded")
        if assessment["withdrawal"] is not None:
            raise InvalidField("assessment_id", "the assessment was withdrawn")
        sample = new(
            ModerationSample,
            uuid4(),
            child_id=str(child_id),
            partnership_id=str(partnership_id),
            shared_by_org=str(org_id),
            shared_by=str(shared_by),
            shared_at=self.clock(),
            content=pseudonymised(child, assessment, str(org_id)),
        )
        partnership.add_sample(sample.id, org_id)
        return Written(sample.id, self._save(sample, partnership), sample)

    def review_sample(
        self,
        sample_id: UUID,
        *,
        org_id: UUID,
        reviewed_by: UUID,
        agree: bool,
        comment: str | None,
    ) -> Written[ModerationSample]:
        at = self.clock()
        position, sample = self._update(
            ModerationSample,
            sample_id,
            "the moderation sample",
            lambda s: s.review(org_id, reviewed_by, agree, comment, at),
        )
        return Written(sample_id, position, sample)
