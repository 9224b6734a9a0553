"""An organisation (nursery, pre-school, childminder or school) and the staff who act for it."""

from __future__ import annotations

from enum import StrEnum
from typing import TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import DuplicateStaffEmail, InvalidField
from domain.journey.eyfs import member_of


class OrganisationKind(StrEnum):
    NURSERY = "nursery"
    PRESCHOOL = "preschool"
    CHILDMINDER = "childminder"
    SCHOOL = "school"

    @property
    def is_setting(self) -> bool:
        """Early-years settings record journeys; schools receive them."""
        return self is not OrganisationKind.SCHOOL


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    TEACHER = "teacher"
    DSL = "dsl"


class StaffRecord(TypedDict):
    """One member of staff as the aggregate keeps them (JSON-native, so snapshots round-trip)."""

    id: str
    name: str
    email: str
    roles: list[str]
    token_hash: str
    active: bool


class KeyRecord(TypedDict):
    """A public key of the organisation and, when the service holds it, its wrapped private key."""

    key_id: str
    algorithm: str  # "x25519" (encryption) or "ed25519" (signing)
    public_key: str  # base64 of the raw public key
    wrapped_private_key: str | None  # None: the organisation holds the private key itself
    created_at: str


# The name this aggregate's events are stored under (``module:Class.Event``), fixed where it was
# first written: views select events by it and the store finds old events by it, so a move of
# this module never renames a stored event.
STORED_AS = "domain.organisation:Organisation"


class Organisation(Aggregate):
    """Holds the staff list and the hashes of their tokens (never the tokens)."""

    TOPIC = STORED_AS

    class Created(Aggregate.Created):
        TOPIC = f"{STORED_AS}.Created"

    @event("Registered", topic=f"{STORED_AS}.Registered")
    def __init__(self, name: str, kind: str, urn: str | None) -> None:
        self.name = name
        self.kind_code = kind
        self.urn = urn
        self.staff: dict[str, StaffRecord] = {}
        self.keys: list[KeyRecord] = []

    @property
    def kind(self) -> OrganisationKind:
        return OrganisationKind(self.kind_code)

    def check_can_add_staff(self, email: str, roles: list[str]) -> None:
        if not roles:
            raise InvalidField("roles", "a staff member needs at least one role")
        wanted = {member_of(Role, "roles", r) for r in roles}
        if self.kind.is_setting and Role.TEACHER in wanted:
            raise InvalidField(
                "roles", "teacher is a role at a school, not at an early-years setting"
            )
        if not self.kind.is_setting and Role.PRACTITIONER in wanted:
            raise InvalidField("roles", "practitioner is a role at an early-years setting")
        if any(s["email"].lower() == email.lower() and s["active"] for s in self.staff.values()):
            raise DuplicateStaffEmail(f"{email} is already a member of staff here")

    def add_staff(
        self, staff_id: UUID, name: str, email: str, roles: list[str], token_hash: str
    ) -> None:
        self.check_can_add_staff(email, roles)
        self._staff_added(
            staff_id=staff_id,
            name=name,
            email=email,
            roles=sorted(set(roles)),
            token_hash=token_hash,
        )

    @event("StaffAdded", topic=f"{STORED_AS}.StaffAdded")
    def _staff_added(
        self, staff_id: UUID, name: str, email: str, roles: list[str], token_hash: str
    ) -> None:
        self.staff[staff_id.hex] = StaffRecord(
            id=str(staff_id),
            name=name,
            email=email,
            roles=roles,
            token_hash=token_hash,
            active=True,
        )

    @event("StaffTokenReissued", topic=f"{STORED_AS}.StaffTokenReissued")
    def reissue_token(self, staff_id: UUID, token_hash: str) -> None:
        self.staff[staff_id.hex]["token_hash"] = token_hash

    def member(self, staff_id: UUID) -> StaffRecord | None:
        found = self.staff.get(staff_id.hex)
        return found if found is not None and found["active"] else None

    def member_by_email(self, email: str) -> StaffRecord | None:
        for record in self.staff.values():
            if record["active"] and record["email"].lower() == email.lower():
                return record
        return None

    # -- keys -------------------------------------------------------------------------------

    @event("KeyAdded", topic=f"{STORED_AS}.KeyAdded")
    def add_key(
        self,
        key_id: str,
        algorithm: str,
        public_key: str,
        wrapped_private_key: str | None,
        created_at: str,
    ) -> None:
        """A key for new packets; older keys stay, so older packets stay openable."""
        self.keys.append(
            KeyRecord(
                key_id=key_id,
                algorithm=algorithm,
                public_key=public_key,
                wrapped_private_key=wrapped_private_key,
                created_at=created_at,
            )
        )

    def newest_key(self, algorithm: str) -> KeyRecord | None:
        found = [k for k in self.keys if k["algorithm"] == algorithm]
        return found[-1] if found else None

    def key(self, key_id: str) -> KeyRecord | None:
        return next((k for k in self.keys if k["key_id"] == key_id), None)
