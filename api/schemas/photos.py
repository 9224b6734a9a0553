"""A photo on a journey entry: what the API answers about it (its pixels are served apart)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, StringConstraints

from api.schemas.common import no_control

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
