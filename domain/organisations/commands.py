"""Organisation commands: creating organisations, their staff and tokens, and their keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.base import BatonBase, Written, new
from domain.errors import InvalidField, InvitationRefused, OwnKeyHeld
from domain.journey.eyfs import member_of
from domain.organisations.credentials import (
    INVITATION_PREFIX,
    ParsedToken,
    hash_secret,
    issue_token,
    parse_token,
)
from domain.organisations.organisation import (
    KeyRecord,
    Organisation,
    OrganisationKind,
    StaffRecord,
)
from domain.sealing.envelope import b64, key_id_of, parse_public_key, raw_public, unb64
from domain.sealing.keyring import new_encryption_key, new_signing_key, unwrap

INVITATION_DAYS = 7


def invitation_expiry(issued: datetime) -> datetime:
    return issued + timedelta(days=INVITATION_DAYS)


@dataclass(frozen=True)
class IssuedStaff:
    member: StaffRecord
    token: str
    position: int
    invitation: str  # the single-use secret of the member's invitation link


@dataclass(frozen=True)
class Redeemed:
    """Whose invitation was just used: the web sign-in sets their password next."""

    org_id: UUID
    staff_id: UUID


class OrganisationCommands(BatonBase):
    def setting(self, setting_id: UUID, field: str = "setting_id") -> Organisation:
        """An early-years setting (not a school), or InvalidField naming ``field``."""
        org = self._find(Organisation, setting_id)
        if org is None:
            raise InvalidField(field, "no such organisation")
        if not org.kind.is_setting:
            raise InvalidField(field, "is a school; children are enrolled at early-years settings")
        return org

    def create_organisation(
        self, name: str, kind: str, urn: str | None, org_id: UUID | None = None
    ) -> Written[Any]:
        kind = member_of(OrganisationKind, "kind", kind).value
        org = new(Organisation, org_id, name=name, kind=kind, urn=urn)
        return Written(org.id, self._save(org), org)

    def add_staff(
        self,
        org_id: UUID,
        name: str,
        email: str,
        roles: list[str],
        staff_id: UUID | None = None,
        secret: str | None = None,
    ) -> IssuedStaff:
        staff_id = staff_id or uuid4()
        token, token_hash = issue_token(org_id, staff_id, secret)
        invitation, invitation_hash = issue_token(org_id, staff_id, prefix=INVITATION_PREFIX)
        now = self.clock()

        def add(org: Organisation) -> None:
            org.add_staff(staff_id, name, email, roles, token_hash, now)
            org.invite(staff_id, invitation_hash, invitation_expiry(now))

        position, state = self._update(Organisation, org_id, "the organisation", add)
        member = state.member(staff_id)
        assert member is not None
        return IssuedStaff(member, token, position, invitation)

    def reissue_token(self, org_id: UUID, staff_id: UUID, token_hash: str) -> Written[Any]:
        now = self.clock()
        position, state = self._update(
            Organisation,
            org_id,
            "the organisation",
            lambda org: org.reissue_token(staff_id, token_hash, now),
        )
        return Written(staff_id, position, state)

    def new_token(self, org_id: UUID, staff_id: UUID) -> tuple[str, Written[Organisation]]:
        """A fresh token for an active member (shown once); the old one stops working."""
        token, token_hash = issue_token(org_id, staff_id)
        return token, self.reissue_token(org_id, staff_id, token_hash)

    def new_invitation(self, org_id: UUID, staff_id: UUID) -> tuple[str, Written[Organisation]]:
        """A fresh single-use sign-in link's secret for an active member (shown once), valid
        7 days; an earlier link, used or not, is refused from now on."""
        invitation, invitation_hash = issue_token(org_id, staff_id, prefix=INVITATION_PREFIX)
        expires = invitation_expiry(self.clock())
        position, state = self._update(
            Organisation,
            org_id,
            "the organisation",
            lambda org: org.invite_again(staff_id, invitation_hash, expires),
        )
        return invitation, Written(staff_id, position, state)

    def change_roles(self, org_id: UUID, staff_id: UUID, roles: list[str]) -> Written[Organisation]:
        position, state = self._update(
            Organisation, org_id, "the organisation", lambda o: o.change_roles(staff_id, roles)
        )
        return Written(staff_id, position, state)

    def deactivate_staff(
        self, org_id: UUID, staff_id: UUID, deactivated_by: UUID | None
    ) -> Written[Organisation]:
        position, state = self._update(
            Organisation,
            org_id,
            "the organisation",
            lambda org: org.deactivate(staff_id, deactivated_by),
        )
        return Written(staff_id, position, state)

    def redeem_invitation(self, invitation: str) -> Redeemed:
        """Use an invitation link's secret once, within its 7 days (for the web sign-in, which
        then sets the member's password); InvitationRefused says why not."""
        org, parsed = self._invited_to(invitation)
        at = self.clock()
        self._update(
            Organisation,
            org.id,
            "the organisation",
            lambda o: o.redeem_invitation(parsed.staff_id, hash_secret(parsed.secret), at),
        )
        return Redeemed(org.id, parsed.staff_id)

    def choose_password(self, org_id: UUID, staff_id: UUID, password_hash: str) -> int:
        position, _ = self._update(
            Organisation,
            org_id,
            "the organisation",
            lambda o: o.choose_password(staff_id, password_hash),
        )
        return position

    def set_totp(self, org_id: UUID, staff_id: UUID, secret: str | None) -> int:
        """Two-step sign-in on (with ``secret``) or off (None)."""

        def change(org: Organisation) -> None:
            if secret is None:
                org.turn_off_totp(staff_id)
            else:
                org.turn_on_totp(staff_id, secret)

        position, _ = self._update(Organisation, org_id, "the organisation", change)
        return position

    def _invited_to(self, invitation: str) -> tuple[Organisation, ParsedToken]:
        parsed = parse_token(invitation, prefix=INVITATION_PREFIX)
        org = self._find(Organisation, parsed.org_id) if parsed else None
        if parsed is None or org is None:
            raise InvitationRefused("the invitation is not known")
        return org, parsed

    def invitation_for(self, invitation: str) -> tuple[Organisation, StaffRecord]:
        """Who an invitation link is for, while it can be used (InvitationRefused otherwise);
        nothing is changed."""
        org, parsed = self._invited_to(invitation)
        secret_hash = hash_secret(parsed.secret)
        return org, org.check_invitation(parsed.staff_id, secret_hash, self.clock())

    # -- keys -------------------------------------------------------------------------------

    def _add_key(
        self, org_id: UUID, algorithm: str, public_key: str, wrapped: str | None
    ) -> KeyRecord:
        raw = unb64(public_key)
        key_id = key_id_of(raw)
        now = self.clock().isoformat()
        _, org = self._update(
            Organisation,
            org_id,
            "the organisation",
            lambda o: o.add_key(key_id, algorithm, public_key, wrapped, now),
        )
        found = org.key(key_id)
        assert found is not None
        return found

    def new_server_key(self, org_id: UUID, algorithm: str = "x25519") -> KeyRecord:
        """A new key pair held (wrapped) by the service; new packets use it from now on."""
        make = new_encryption_key if algorithm == "x25519" else new_signing_key
        _, public, wrapped = make(self.kek, org_id)
        return self._add_key(org_id, algorithm, public, wrapped)

    def register_public_key(self, org_id: UUID, public_key_text: str) -> KeyRecord:
        """The organisation's own key: the service holds no private key for its new packets."""
        try:
            key = parse_public_key(public_key_text)
        except ValueError as e:
            raise InvalidField("public_key", str(e)) from None
        return self._add_key(org_id, "x25519", b64(raw_public(key)), None)

    def _key(self, org: Organisation, algorithm: str) -> KeyRecord:
        return org.newest_key(algorithm) or self.new_server_key(org.id, algorithm)

    def _private(self, org: Organisation, key: KeyRecord) -> bytes:
        if key["wrapped_private_key"] is None:
            raise OwnKeyHeld(
                "the school holds its own key: fetch the envelope and open it with "
                "`baton packet open --key FILE ENVELOPE.json`"
            )
        return unwrap(self.kek, org.id, key["key_id"], key["wrapped_private_key"])
