"""A photo on a journey entry: what the API answers about it (its pixels are served apart)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.schemas.common import In, no_control

MAX_DESCRIPTION = 250
# What a photo shows, in a few words: the image's alt text for people who do not see it.
Description = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_DESCRIPTION),
    AfterValidator(no_control),
]


class PhotoPublic(BaseModel):
    id: UUID
    entry_id: UUID
    content_type: str
    width: int
    height: int
    description: str | None = None
    position: int | None = None
    also_shows: list[UUID] | None = Field(
        default=None,
        description="the other children the photo shows, as the setting that took it tagged "
        "them (POST .../photos/{photo_id}/tags); null to other readers",
    )


# A group photo names at most this many other children.
MAX_TAGGED = 60


class PhotoTagging(In):
    also_shows: list[UUID] = Field(
        max_length=MAX_TAGGED,
        description="every other child the photo shows (each enrolled at the setting that "
        "took it), replacing any earlier list; [] when it shows no other child",
    )


class PhotoTags(BaseModel):
    """Which children a photo shows: its child, and the others named. A parent sees a photo
    of several children only when every other child's parents agreed to group photos."""

    id: UUID
    child_id: UUID
    entry_id: UUID
    also_shows: list[UUID]
    shown_to_parents: bool = Field(
        description="the child's parents see it (when its entry is shared with them): it shows "
        "no other child, or every other child's parents agreed to group photos"
    )
    position: int | None = None
