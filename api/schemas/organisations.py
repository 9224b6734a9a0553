"""Organisations, their staff and their keys."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.schemas.common import Email, In, Name, Urn, one_line
from domain.organisations.organisation import OrganisationKind, Role


class OrganisationCreate(In):
    name: Name
    kind: OrganisationKind
    urn: Urn | None = None


class OrganisationListed(BaseModel):
    """An organisation as the directory lists it."""

    id: UUID
    name: str
    kind: OrganisationKind
    urn: str | None


class OrganisationPublic(OrganisationListed):
    position: int | None = Field(
        default=None, description="log position of the registration (wait on it with ?after=)"
    )


class StaffCreate(In):
    name: Name
    email: Email
    roles: Annotated[list[Role], Field(min_length=1, max_length=4)]


class StaffPublic(BaseModel):
    id: UUID
    org_id: UUID
    name: str
    email: str
    roles: list[Role]
    token: str = Field(description="Shown once; Baton stores only its hash.")
    invitation_url: str = Field(
        description="A single-use link, valid 7 days, where the member chooses a password for "
        "the web. Shown once; Baton stores only a hash of its secret."
    )


class StaffRoles(In):
    roles: Annotated[list[Role], Field(min_length=1, max_length=4)]


class StaffMember(BaseModel):
    """One member of staff as their organisation's managers and DSL see them."""

    id: UUID
    name: str
    email: str
    roles: list[Role]
    active: bool
    token_expires_at: datetime = Field(
        description="When the member's current token stops working (a manager issues a new one)."
    )


class StaffDeactivated(BaseModel):
    id: UUID
    active: Literal[False] = False


class TokenIssued(BaseModel):
    id: UUID
    token: str = Field(description="Shown once; the member's earlier token no longer works.")
    token_expires_at: datetime


class InvitationIssued(BaseModel):
    id: UUID
    invitation_url: str = Field(
        description="Shown once: a single-use link, valid 7 days, where the member chooses a "
        "new password; any earlier link of theirs no longer works."
    )


class KeyCreate(In):
    public_key: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
        AfterValidator(one_line),
    ]


class KeyPublic(BaseModel):
    key_id: str
    algorithm: Literal["x25519", "ed25519"]
    public_key: str
    held_by: Literal["service", "organisation"]
    created_at: str


class KeyList(BaseModel):
    items: list[KeyPublic]
    next: str | None = None
