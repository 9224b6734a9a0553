"""Parents and carers: a setting invites them; they sign in on the web."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import Email, In, Name, Reason
from consent.vocabulary import Relationship


class ParentInvite(In):
    name: Name
    email: Email
    relationship: Relationship


class ParentInvited(BaseModel):
    id: UUID
    invitation_url: str = Field(
        description="Shown once: a single-use link, valid 7 days, where the parent chooses a "
        "password and signs in. Baton stores only a hash of its secret."
    )
    new_account: bool = Field(
        default=True,
        description="False when the email already signs in to a parent's account (a brother or "
        "sister of a child they follow): the child was added to it.",
    )


class ParentListed(BaseModel):
    """A parent or carer of the child, as the child's setting sees them."""

    id: UUID
    name: str
    relationship: Relationship
    active: bool = Field(description="False once a manager ended their access.")
    signed_up: bool = Field(description="They chose a password through their link.")
    group_photos: bool | None = Field(
        description="Their answer on photos showing their child with other children: shown "
        "to those children's families (true), not (false), or no answer yet (null)."
    )


class ParentList(BaseModel):
    items: list[ParentListed]


class AccessEnding(In):
    reason: Reason | None = None
