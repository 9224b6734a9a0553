"""A parent's or carer's account: who they are, how they sign in, and which children they follow.

Which children a parent may see is decided on each child (``Child.parents``, sealed under the
child's key, so erasing the child forgets the link too); the account keeps their ids only, to
list them. The account's events are encrypted at rest with the service's events key, as an
organisation's are: the name, the email address and the password's hash are never in plaintext.
"""

from __future__ import annotations

from datetime import datetime
from typing import NotRequired, TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvitationRefused
from domain.organisations.organisation import Invitation, check_invitation


class FollowedChild(TypedDict):
    child_id: str
    invited_by_setting: str


class ParentAccountState(TypedDict):
    """What the sign-in pages read of an account, shaped as a member of staff's record."""

    name: str
    email: str
    password_hash: NotRequired[str]


# Fixed where first written (see ``domain/organisations/organisation.py``'s STORED_AS).
STORED_AS = "domain.parent:Parent"


class Parent(Aggregate):
    TOPIC = STORED_AS

    class Created(Aggregate.Created):
        TOPIC = f"{STORED_AS}.Created"

    @event("Registered", topic=f"{STORED_AS}.Registered")
    def __init__(self, name: str, email: str) -> None:
        self.name = name
        self.email = email
        self.children: list[FollowedChild] = []
        self.invitation: Invitation | None = None
        self.password_hash: str | None = None

    def follows(self, child_id: UUID) -> bool:
        return any(c["child_id"] == str(child_id) for c in self.children)

    @property
    def child_ids(self) -> list[UUID]:
        return [UUID(c["child_id"]) for c in self.children]

    @event("ChildFollowed", topic=f"{STORED_AS}.ChildFollowed")
    def follow(self, child_id: UUID, setting_id: UUID) -> None:
        """The account lists the child (whether it may see it is the child's to say)."""
        if not self.follows(child_id):
            self.children.append(
                FollowedChild(child_id=str(child_id), invited_by_setting=str(setting_id))
            )

    @event("Invited", topic=f"{STORED_AS}.Invited")
    def invite(self, secret_hash: str, expires_at: datetime) -> None:
        """A sign-in link (single use); a new one replaces any earlier one, used or not."""
        self.invitation = Invitation(
            secret_hash=secret_hash, expires_at=expires_at.isoformat(), redeemed_at=None
        )

    def redeem_invitation(self, secret_hash: str, at: datetime) -> None:
        self.check_invitation(secret_hash, at)
        self._invitation_redeemed(at=at)

    def check_invitation(self, secret_hash: str, at: datetime) -> None:
        """InvitationRefused unless the link can still be used."""
        try:
            check_invitation(self.invitation, secret_hash, at)
        except InvitationRefused as refused:
            if "expired" in str(refused):
                raise InvitationRefused(
                    "the invitation has expired; ask your child's setting for a new one"
                ) from None
            raise

    @event("InvitationRedeemed", topic=f"{STORED_AS}.InvitationRedeemed")
    def _invitation_redeemed(self, at: datetime) -> None:
        assert self.invitation is not None
        self.invitation["redeemed_at"] = at.isoformat()

    @event("PasswordChosen", topic=f"{STORED_AS}.PasswordChosen")
    def choose_password(self, password_hash: str) -> None:
        """The account's password, as its argon2id hash (never the password)."""
        self.password_hash = password_hash

    def sign_in_record(self) -> ParentAccountState:
        found = ParentAccountState(name=self.name, email=self.email)
        if self.password_hash:
            found["password_hash"] = self.password_hash
        return found
