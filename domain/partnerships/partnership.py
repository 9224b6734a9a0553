"""A partnership: organisations that share figures and moderate judgements together.

Its events hold ids, the partnership's name and kind: no child's data (moderation samples are
records of the child they were drawn from, ``domain/partnerships/sample.py``). They are
encrypted at rest with the service's events key, as an organisation's are.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidField, NotFound, RuleBroken


class PartnershipKind(StrEnum):
    HUB = "hub"
    ALLIANCE = "alliance"
    ASSOCIATION = "association"
    LOCALITY = "locality"


class MemberState(StrEnum):
    INVITED = "invited"
    MEMBER = "member"


class Membership(TypedDict):
    org_id: str
    state: str  # a MemberState
    invited_by: str  # the member of staff who invited (or, for the founder, formed it)
    invited_at: str  # ISO 8601
    joined_at: str | None
    accepted_by: str | None


# Fixed where first written (see ``domain/organisations/organisation.py``'s STORED_AS).
STORED_AS = "domain.partnership:Partnership"


class Partnership(Aggregate):
    TOPIC = STORED_AS

    class Created(Aggregate.Created):
        TOPIC = f"{STORED_AS}.Created"

    @event("Registered", topic=f"{STORED_AS}.Registered")
    def __init__(
        self,
        name: str,
        kind: str,
        founder_id: UUID,
        formed_by: UUID,
        invited: list[UUID],
        local_authority_id: UUID | None,
        at: datetime,
    ) -> None:
        self.name = name
        self.kind_code = kind
        self.local_authority_id = str(local_authority_id) if local_authority_id else None
        self.members: dict[str, Membership] = {
            str(founder_id): Membership(
                org_id=str(founder_id),
                state=MemberState.MEMBER.value,
                invited_by=str(formed_by),
                invited_at=at.isoformat(),
                joined_at=at.isoformat(),
                accepted_by=str(formed_by),
            )
        }
        for org_id in invited:
            self._add_invitation(org_id, formed_by, at)
        self.samples: list[str] = []  # moderation samples shared, oldest first

    @property
    def kind(self) -> PartnershipKind:
        return PartnershipKind(self.kind_code)

    def _add_invitation(self, org_id: UUID, by: UUID, at: datetime) -> None:
        self.members.setdefault(
            str(org_id),
            Membership(
                org_id=str(org_id),
                state=MemberState.INVITED.value,
                invited_by=str(by),
                invited_at=at.isoformat(),
                joined_at=None,
                accepted_by=None,
            ),
        )

    def invite(self, org_id: UUID, by: UUID, at: datetime) -> None:
        if str(org_id) in self.members:
            raise InvalidField("org_id", "is already a member or invited")
        self._invited(org_id=org_id, by=by, at=at)

    @event("Invited", topic=f"{STORED_AS}.Invited")
    def _invited(self, org_id: UUID, by: UUID, at: datetime) -> None:
        self._add_invitation(org_id, by, at)

    def accept(self, org_id: UUID, by: UUID, at: datetime) -> None:
        """The invited organisation joins (one of its managers accepted)."""
        found = self.members.get(str(org_id))
        if found is None:
            raise NotFound("the invitation")
        if found["state"] == MemberState.MEMBER:
            raise RuleBroken("the organisation is already a member")
        self._accepted(org_id=org_id, by=by, at=at)

    @event("Accepted", topic=f"{STORED_AS}.Accepted")
    def _accepted(self, org_id: UUID, by: UUID, at: datetime) -> None:
        membership = self.members[str(org_id)]
        membership["state"] = MemberState.MEMBER.value
        membership["joined_at"] = at.isoformat()
        membership["accepted_by"] = str(by)

    @event("LocalAuthoritySet", topic=f"{STORED_AS}.LocalAuthoritySet")
    def set_local_authority(self, local_authority_id: UUID | None, by: UUID) -> None:
        """The local authority whose area the partnership is in (it reads the figures)."""
        self.local_authority_id = str(local_authority_id) if local_authority_id else None

    @event("SampleShared", topic=f"{STORED_AS}.SampleShared")
    def add_sample(self, sample_id: UUID, org_id: UUID) -> None:
        """A member shared a moderation sample (its content is the child's record's)."""
        self.samples.append(str(sample_id))

    # -- queries ----------------------------------------------------------------------------

    def is_member(self, org_id: UUID | None) -> bool:
        found = self.members.get(str(org_id))
        return found is not None and found["state"] == MemberState.MEMBER

    def is_invited(self, org_id: UUID | None) -> bool:
        found = self.members.get(str(org_id))
        return found is not None and found["state"] == MemberState.INVITED

    def member_ids(self) -> list[UUID]:
        """The organisations that have joined (invitations not yet accepted are not members)."""
        return [UUID(m["org_id"]) for m in self.members.values() if m["state"] == "member"]

    def in_area_of(self, org_id: UUID | None) -> bool:
        return org_id is not None and self.local_authority_id == str(org_id)
