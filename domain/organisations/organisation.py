"""An organisation (an early-years setting, a school, or another professional who may receive a
child's record: a family hub, a health visiting team, a speech and language therapy service, a
local authority) and the staff who act for it."""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, NotRequired, TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import (
    DuplicateStaffEmail,
    InvalidField,
    InvitationRefused,
    NotFound,
    RuleBroken,
)
from domain.journey.eyfs import member_of


class OrganisationKind(StrEnum):
    NURSERY = "nursery"
    PRESCHOOL = "preschool"
    CHILDMINDER = "childminder"
    SCHOOL = "school"
    # Other professionals around the child: they receive packets, never enrol children.
    FAMILY_HUB = "family_hub"
    HEALTH_VISITING = "health_visiting"
    SPEECH_AND_LANGUAGE = "speech_and_language"
    LOCAL_AUTHORITY = "local_authority"

    @property
    def is_setting(self) -> bool:
        """Early-years settings record journeys; schools and other professionals receive them."""
        return self in SETTINGS

    @property
    def receives_packets(self) -> bool:
        """A school or another professional around the child: it has an inbox of packets. A
        setting receives a child's record by enrolling the child (consent for care) instead."""
        return not self.is_setting

    @property
    def roles(self) -> frozenset[Role]:
        """The roles staff may hold here: a teacher at a school only; a practitioner anywhere
        but a school (a family hub's, a health visiting team's, a therapist's own work)."""
        return KIND_ROLES[self]


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    TEACHER = "teacher"
    DSL = "dsl"


SETTINGS = frozenset(
    {OrganisationKind.NURSERY, OrganisationKind.PRESCHOOL, OrganisationKind.CHILDMINDER}
)
KIND_ROLES: dict[OrganisationKind, frozenset[Role]] = {
    kind: frozenset(
        {Role.MANAGER, Role.DSL}
        | ({Role.TEACHER} if kind is OrganisationKind.SCHOOL else {Role.PRACTITIONER})
    )
    for kind in OrganisationKind
}
# Each kind in the words a parent or practitioner reads: one of them, and a list of them.
KIND_NAMES: dict[OrganisationKind, tuple[str, str]] = {
    OrganisationKind.NURSERY: ("Nursery", "Nurseries"),
    OrganisationKind.PRESCHOOL: ("Pre-school", "Pre-schools"),
    OrganisationKind.CHILDMINDER: ("Childminder", "Childminders"),
    OrganisationKind.SCHOOL: ("School", "Schools"),
    OrganisationKind.FAMILY_HUB: ("Family hub", "Family hubs"),
    OrganisationKind.HEALTH_VISITING: ("Health visiting team", "Health visiting teams"),
    OrganisationKind.SPEECH_AND_LANGUAGE: (
        "Speech and language therapy",
        "Speech and language therapy services",
    ),
    OrganisationKind.LOCAL_AUTHORITY: ("Local authority", "Local authorities"),
}


class Invitation(TypedDict):
    """A single-use link for choosing a web password: only the hash of its secret is kept."""

    secret_hash: str
    expires_at: str  # ISO 8601
    redeemed_at: str | None


class StaffRecord(TypedDict):
    """One member of staff as the aggregate keeps them (JSON-native, so snapshots round-trip)."""

    id: str
    name: str
    email: str
    roles: list[str]
    token_hash: str
    active: bool
    # When the current token was issued (ISO 8601): it expires a set number of days later.
    token_issued_at: str
    invitation: NotRequired[Invitation]
    # Signing in on the web: an argon2id hash of the chosen password, and the TOTP secret
    # while two-step sign-in is on (events and snapshots are encrypted at rest).
    password_hash: NotRequired[str]
    totp_secret: NotRequired[str]


class KeyRecord(TypedDict):
    """A public key of the organisation and, when the service holds it, its wrapped private key."""

    key_id: str
    algorithm: str  # "x25519" (encryption) or "ed25519" (signing)
    public_key: str  # base64 of the raw public key
    wrapped_private_key: str | None  # None: the organisation holds the private key itself
    created_at: str


def _issued_when_recorded(state: dict[str, Any]) -> None:
    """Upcasts an event that issued a token before events carried ``issued_at``."""
    state["issued_at"] = state["timestamp"]


# The name this aggregate's events are stored under (``module:Class.Event``), fixed where it was
# first written: views select events by it and the store finds old events by it, so a move of
# this module never renames a stored event.
STORED_AS = "domain.organisation:Organisation"


class Organisation(Aggregate):
    """Holds the staff list and the hashes of their tokens (never the tokens)."""

    TOPIC = STORED_AS
    # Version 2: each member's token carries its issue time. A snapshot taken before it is read
    # as if its tokens were issued when the snapshot's last event was (never earlier).
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        modified = state.get("_modified_on")
        issued = modified.isoformat() if isinstance(modified, datetime) else str(modified)
        for member in state["staff"].values():
            member.setdefault("token_issued_at", issued)

    class Created(Aggregate.Created):
        TOPIC = f"{STORED_AS}.Created"

    class StaffAdded(Aggregate.Event):
        TOPIC = f"{STORED_AS}.StaffAdded"
        # Version 2 carries when the token was issued; version 1 took it from its timestamp.
        class_version = 2
        staff_id: UUID
        name: str
        email: str
        roles: list[str]
        token_hash: str
        issued_at: datetime

        upcast_v1_v2 = staticmethod(_issued_when_recorded)

    class StaffTokenReissued(Aggregate.Event):
        TOPIC = f"{STORED_AS}.StaffTokenReissued"
        class_version = 2
        staff_id: UUID
        token_hash: str
        issued_at: datetime

        upcast_v1_v2 = staticmethod(_issued_when_recorded)

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

    def check_roles(self, roles: list[str]) -> None:
        if not roles:
            raise InvalidField("roles", "a staff member needs at least one role")
        wanted = {member_of(Role, "roles", r) for r in roles}
        if Role.TEACHER in wanted - self.kind.roles:
            raise InvalidField("roles", "teacher is a role at a school only")
        if Role.PRACTITIONER in wanted - self.kind.roles:
            raise InvalidField("roles", "practitioner is not a role at a school")

    def check_can_add_staff(self, email: str, roles: list[str]) -> None:
        self.check_roles(roles)
        if any(s["email"].lower() == email.lower() and s["active"] for s in self.staff.values()):
            raise DuplicateStaffEmail(f"{email} is already a member of staff here")

    def add_staff(
        self,
        staff_id: UUID,
        name: str,
        email: str,
        roles: list[str],
        token_hash: str,
        issued_at: datetime,
    ) -> None:
        self.check_can_add_staff(email, roles)
        self._staff_added(
            staff_id=staff_id,
            name=name,
            email=email,
            roles=sorted(set(roles)),
            token_hash=token_hash,
            issued_at=issued_at,
        )

    @event(StaffAdded)
    def _staff_added(
        self,
        staff_id: UUID,
        name: str,
        email: str,
        roles: list[str],
        token_hash: str,
        issued_at: datetime,
    ) -> None:
        self.staff[staff_id.hex] = StaffRecord(
            id=str(staff_id),
            name=name,
            email=email,
            roles=roles,
            token_hash=token_hash,
            active=True,
            token_issued_at=issued_at.isoformat(),
        )

    def reissue_token(self, staff_id: UUID, token_hash: str, issued_at: datetime) -> None:
        """A new token for an active member; the old one stops working."""
        self.active_member(staff_id)
        self._token_reissued(staff_id=staff_id, token_hash=token_hash, issued_at=issued_at)

    @event(StaffTokenReissued)
    def _token_reissued(self, staff_id: UUID, token_hash: str, issued_at: datetime) -> None:
        member = self.staff[staff_id.hex]
        member["token_hash"] = token_hash
        member["token_issued_at"] = issued_at.isoformat()

    def change_roles(self, staff_id: UUID, roles: list[str]) -> None:
        self.active_member(staff_id)
        self.check_roles(roles)
        self._roles_changed(staff_id=staff_id, roles=sorted(set(roles)))

    @event("StaffRolesChanged", topic=f"{STORED_AS}.StaffRolesChanged")
    def _roles_changed(self, staff_id: UUID, roles: list[str]) -> None:
        self.staff[staff_id.hex]["roles"] = roles

    def deactivate(self, staff_id: UUID, deactivated_by: UUID | None) -> None:
        """From now on every credential of the member is refused; their record stays."""
        self.active_member(staff_id)
        self._deactivated(staff_id=staff_id, deactivated_by=deactivated_by)

    @event("StaffDeactivated", topic=f"{STORED_AS}.StaffDeactivated")
    def _deactivated(self, staff_id: UUID, deactivated_by: UUID | None) -> None:
        self.staff[staff_id.hex]["active"] = False

    # -- invitations (choosing a password for the web) ----------------------------------------

    @event("StaffInvited", topic=f"{STORED_AS}.StaffInvited")
    def invite(self, staff_id: UUID, secret_hash: str, expires_at: datetime) -> None:
        """A new invitation replaces any earlier one, used or not."""
        self.staff[staff_id.hex]["invitation"] = Invitation(
            secret_hash=secret_hash, expires_at=expires_at.isoformat(), redeemed_at=None
        )

    def invite_again(self, staff_id: UUID, secret_hash: str, expires_at: datetime) -> None:
        """A new sign-in link for an active member (forgot their password, or let the first
        link lapse): any earlier link, used or not, stops working."""
        self.active_member(staff_id)
        self.invite(staff_id, secret_hash, expires_at)

    def redeem_invitation(self, staff_id: UUID, secret_hash: str, at: datetime) -> None:
        """Use the invitation once, before it expires; InvitationRefused otherwise."""
        self.check_invitation(staff_id, secret_hash, at)
        self._invitation_redeemed(staff_id=staff_id, at=at)

    def check_invitation(self, staff_id: UUID, secret_hash: str, at: datetime) -> StaffRecord:
        """The member an invitation is for, if it can still be used; InvitationRefused says
        why not."""
        record = self.staff.get(staff_id.hex)
        check_invitation(record.get("invitation") if record else None, secret_hash, at)
        assert record is not None
        if not record["active"]:
            raise InvitationRefused("the member of staff was deactivated")
        return record

    @event("InvitationRedeemed", topic=f"{STORED_AS}.InvitationRedeemed")
    def _invitation_redeemed(self, staff_id: UUID, at: datetime) -> None:
        self.staff[staff_id.hex]["invitation"]["redeemed_at"] = at.isoformat()

    # -- signing in on the web ----------------------------------------------------------------

    def choose_password(self, staff_id: UUID, password_hash: str) -> None:
        """The member's web password, as its argon2id hash (never the password)."""
        self.active_member(staff_id)
        self._password_chosen(staff_id=staff_id, password_hash=password_hash)

    @event("PasswordChosen", topic=f"{STORED_AS}.PasswordChosen")
    def _password_chosen(self, staff_id: UUID, password_hash: str) -> None:
        self.staff[staff_id.hex]["password_hash"] = password_hash

    def turn_on_totp(self, staff_id: UUID, secret: str) -> None:
        """Sign-in asks for a code from the member's authenticator app from now on."""
        self.active_member(staff_id)
        self._totp_on(staff_id=staff_id, secret=secret)

    @event("TotpTurnedOn", topic=f"{STORED_AS}.TotpTurnedOn")
    def _totp_on(self, staff_id: UUID, secret: str) -> None:
        self.staff[staff_id.hex]["totp_secret"] = secret

    def turn_off_totp(self, staff_id: UUID) -> None:
        self.active_member(staff_id)
        self._totp_off(staff_id=staff_id)

    @event("TotpTurnedOff", topic=f"{STORED_AS}.TotpTurnedOff")
    def _totp_off(self, staff_id: UUID) -> None:
        self.staff[staff_id.hex].pop("totp_secret", None)

    # -- queries ----------------------------------------------------------------------------

    def member(self, staff_id: UUID) -> StaffRecord | None:
        """An active member of staff (a deactivated one is None)."""
        found = self.staff.get(staff_id.hex)
        return found if found is not None and found["active"] else None

    def staff_record(self, staff_id: UUID) -> StaffRecord:
        """A member of staff, active or not; NotFound otherwise."""
        found = self.staff.get(staff_id.hex)
        if found is None:
            raise NotFound("the member of staff")
        return found

    def active_member(self, staff_id: UUID) -> StaffRecord:
        found = self.staff_record(staff_id)
        if not found["active"]:
            raise RuleBroken("the member of staff was deactivated")
        return found

    def has_active_manager(self) -> bool:
        return any(s["active"] and Role.MANAGER in s["roles"] for s in self.staff.values())

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


def check_invitation(invitation: Invitation | None, secret_hash: str, at: datetime) -> None:
    """InvitationRefused unless the link's secret is the invitation's, unused and in date."""
    if invitation is None or not hmac.compare_digest(invitation["secret_hash"], secret_hash):
        raise InvitationRefused("the invitation is not known")
    if invitation["redeemed_at"] is not None:
        raise InvitationRefused("the invitation has already been used")
    if datetime.fromisoformat(invitation["expires_at"]) <= at:
        raise InvitationRefused("the invitation has expired; ask for a new one")


def token_expires_at(member: StaffRecord, days: float) -> datetime:
    """When the member's current token stops working: ``days`` after it was issued."""
    return datetime.fromisoformat(member["token_issued_at"]) + timedelta(days=days)
