"""A moderation sample: a pseudonymised copy of one assessment and its evidence, shared with a
partnership's members for them to review.

Pseudonymised is not anonymous: the sample was drawn from a child's record, so it is a record
of that child. Its events carry the child's id (never shown) so that they are sealed under the
child's journey key (``domain/base.py``'s ``data_owner``): erasing the child destroys that key,
and the sample and its reviews with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import RuleBroken


class Review(TypedDict):
    org_id: str
    reviewed_by: str
    agree: bool
    comment: str | None
    reviewed_at: str  # ISO 8601


# Fixed where first written (see ``domain/organisations/organisation.py``'s STORED_AS).
STORED_AS = "domain.moderation:ModerationSample"


class ModerationSample(Aggregate):
    TOPIC = STORED_AS

    class Created(Aggregate.Created):
        TOPIC = f"{STORED_AS}.Created"

    @event("Registered", topic=f"{STORED_AS}.Registered")
    def __init__(
        self,
        child_id: str,
        partnership_id: str,
        shared_by_org: str,
        shared_by: str,
        shared_at: datetime,
        content: dict[str, Any],
    ) -> None:
        self.child_id = child_id  # whose key seals the sample; never shown
        self.partnership_id = partnership_id
        self.shared_by_org = shared_by_org
        self.shared_by = shared_by
        self.shared_at = shared_at
        self.content = content
        self.reviews: dict[str, Review] = {}

    def review(
        self, org_id: UUID, by: UUID, agree: bool, comment: str | None, at: datetime
    ) -> None:
        """One view per member organisation: a later review by the same organisation replaces
        its earlier one (the history keeps both)."""
        if str(org_id) == self.shared_by_org:
            raise RuleBroken("the member that shared a sample does not review it")
        self._reviewed(org_id=org_id, by=by, agree=agree, comment=comment, at=at)

    @event("Reviewed", topic=f"{STORED_AS}.Reviewed")
    def _reviewed(
        self, org_id: UUID, by: UUID, agree: bool, comment: str | None, at: datetime
    ) -> None:
        self.reviews[str(org_id)] = Review(
            org_id=str(org_id),
            reviewed_by=str(by),
            agree=agree,
            comment=comment,
            reviewed_at=at.isoformat(),
        )
