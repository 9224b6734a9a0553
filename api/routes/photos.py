"""Photos on observations and voices ("All about me"): attached by the setting that recorded the
entry, read by whoever may read that entry, never cached, erased with the child.

A photo is checked and stripped (``api/images.py``) before its transaction opens; then one
transaction records the ``PhotoAttached`` event and keeps the sealed pixels
(``projections/store/photos.py``). Reading checks access exactly as reading the journey does.
"""

from __future__ import annotations

from typing import Annotated, Any, BinaryIO, Literal
from uuid import UUID

from fastapi import APIRouter, File, Form, UploadFile, status
from fastapi.responses import Response

from api.access import deny, open_child, under_break_glass
from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.images import ImageRefused, Limits, Prepared, prepare
from api.schemas.photos import Description, PhotoPublic, PhotoTagging, PhotoTags
from api.security import NOTHING
from api.services import Services
from api.writes import in_one_transaction, one_transaction
from domain.access_log.entry import Action
from domain.errors import NotFound
from domain.journey.child import Child
from projections.store.idempotency import Claim
from projections.store.photos import KeptPhoto, PhotoToKeep

router = APIRouter(prefix="/v1/children/{child_id}", tags=["photos"])
Part = Literal["image", "thumbnail"]
RESOURCE = "photo"


def limits(services: Services) -> Limits:
    s = services.settings
    return Limits(s.photo_max_bytes, s.photo_max_pixels, s.photo_max_edge, s.photo_thumbnail_edge)


def refused(message: str, status: int) -> Problem:
    return Problem(
        status, message, slug="photo-refused", errors=[{"field": "photos", "message": message}]
    )


def read_file(services: Services, file: BinaryIO) -> Prepared:
    """An uploaded file as a photo to keep (read no further than the size limit allows)."""
    allowed = services.settings.photo_max_bytes
    data = file.read(allowed + 1)
    try:
        return prepare(data, limits(services))
    except ImageRefused as e:
        raise refused(e.message, e.status) from None


def attach(
    services: Services,
    principal: Principal,
    child_id: UUID,
    entry_id: UUID,
    photo: Prepared,
    description: str | None,
    claim: Claim | None = None,
) -> PhotoPublic:
    """Attach a prepared photo to an entry: its event and its sealed pixels in one transaction."""

    def decide() -> PhotoPublic:
        open_child(services, principal, child_id, Action.CREATE, RESOURCE)
        setting_id, staff_id = principal.staff_ref()
        written = services.app.attach_photo(
            child_id,
            entry_id,
            digest=photo.digest,
            setting_id=setting_id,
            attached_by=staff_id,
        )
        keep_photo(services, written.id, child_id, entry_id, photo, description)
        return PhotoPublic(
            id=written.id,
            entry_id=entry_id,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            description=description or None,
            position=written.position,
            also_shows=[],
        )

    return in_one_transaction(services, decide, status.HTTP_201_CREATED, claim)


def keep_photo(
    services: Services,
    photo_id: UUID,
    child_id: UUID,
    entry_id: UUID,
    photo: Prepared,
    description: str | None,
) -> None:
    """Keep the pixels of a photo just attached, sealed, beside its event (same unit of work)."""
    services.photos.keep(
        PhotoToKeep(
            photo_id,
            child_id,
            entry_id,
            photo.content_type,
            photo.width,
            photo.height,
            photo.image,
            photo.thumbnail,
            description or None,
            services.app.clock(),
        )
    )


@router.post("/entries/{entry_id}/photos", status_code=status.HTTP_201_CREATED)
def add_photo(
    child_id: UUID,
    entry_id: UUID,
    photo: Annotated[UploadFile, File(description="a JPEG, PNG or WebP photo")],
    principal: PrincipalDep,
    services: ServicesDep,
    description: Annotated[Description | None, Form(description="what it shows (alt)")] = None,
) -> PhotoPublic:
    """Attach a photo to an observation or a voice (multipart/form-data, field ``photo``).
    Its type is read from its bytes; EXIF, GPS and all other metadata are stripped."""
    prepared = read_file(services, photo.file)
    return attach(services, principal, child_id, entry_id, prepared, description)


@router.get("/entries/{entry_id}/photos")
def list_photos(
    child_id: UUID, entry_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> list[PhotoPublic]:
    """An entry's photos (with their descriptions), in the order they were attached."""
    child = open_child(services, principal, child_id, Action.READ, RESOURCE)
    check_shared(services, principal, child, entry_id)
    org_id, _ = principal.staff_ref()
    return [
        public(services, p, tagged(child, p.photo_id, org_id))
        for p in services.photos.of_entry(child_id, entry_id)
    ]


def tagged(child: Child, photo_id: UUID, org_id: UUID) -> list[UUID] | None:
    """The other children a photo shows, for the setting that took it (others, who may not
    know those children, are not told who they are: None)."""
    photo = child.photos.get(str(photo_id))
    if photo is None or photo["setting_id"] != str(org_id):
        return None
    return [UUID(c) for c in photo.get("also_shows", [])]


def public(
    services: Services, photo: KeptPhoto, also_shows: list[UUID] | None = None
) -> PhotoPublic:
    description = services.photos.open(photo, "description")
    return PhotoPublic(
        id=photo.photo_id,
        entry_id=photo.entry_id,
        content_type=photo.content_type,
        width=photo.width,
        height=photo.height,
        description=description.decode() if description else None,
        also_shows=also_shows,
    )


@router.post("/photos/{photo_id}/tags", status_code=status.HTTP_200_OK)
@one_transaction(200)
def tag_photo(
    child_id: UUID,
    photo_id: UUID,
    body: PhotoTagging,
    principal: PrincipalDep,
    services: ServicesDep,
) -> PhotoTags:
    """Name the other children a photo shows (replacing any earlier list), by the setting
    that took it; each must be a child that setting enrols. A parent sees a photo of several
    children only when every other child's parents agreed to group photos."""
    open_child(services, principal, child_id, Action.UPDATE, RESOURCE)
    setting_id, staff_id = principal.staff_ref()
    written = services.app.tag_photo(
        child_id, photo_id, also_shows=body.also_shows, setting_id=setting_id, tagged_by=staff_id
    )
    return photo_tags(services, written.state, photo_id, written.position)


def photo_tags(
    services: Services, child: Child, photo_id: UUID, position: int | None = None
) -> PhotoTags:
    photo = child.photos.get(str(photo_id))
    if photo is None:
        raise NotFound("the photo")
    return PhotoTags(
        id=photo_id,
        child_id=child.id,
        entry_id=UUID(photo["entry_id"]),
        also_shows=[UUID(c) for c in photo.get("also_shows", [])],
        shown_to_parents=services.app.photo_shown_to_parents(child, str(photo_id)),
        position=position,
    )


def check_shared(services: Services, principal: Principal, child: Child, entry_id: UUID) -> None:
    """A photo is read as its entry is: a setting's own, and another's when the sharing
    policy shows that setting's entries of the kind (404 otherwise, recorded)."""
    try:
        entry = child.entry(entry_id)
    except NotFound:
        raise deny(services, principal, Action.READ, child.id, RESOURCE, 404, "not found") from None
    org_id, _ = principal.staff_ref()
    if entry["setting_id"] == str(org_id) or under_break_glass(services, principal, child):
        return
    if not services.app.sharing(child, entry["type"], org_id).others:
        raise deny(
            services, principal, Action.READ, child.id, RESOURCE, 404, "the photo was not found"
        )


def photo_response(
    services: Services, principal: Principal, child_id: UUID, photo_id: UUID, part: Part
) -> Response:
    """The photo's pixels (or its thumbnail's) for anyone who may read its entry; logged."""
    child = open_child(services, principal, child_id, Action.READ, RESOURCE)
    photo = services.photos.find(child_id, photo_id)
    if photo is None:
        raise NotFound("the photo")
    check_shared(services, principal, child, photo.entry_id)
    return image_response(services, photo, photo_id, part)


def image_response(services: Services, photo: KeptPhoto, photo_id: UUID, part: Part) -> Response:
    """The photo's pixels (or its thumbnail's), never cached, for someone already allowed."""
    data = services.photos.open(photo, part)
    headers: dict[str, Any] = {
        "Cache-Control": "no-store",
        "Content-Disposition": f'inline; filename="{photo_id}.jpg"',
        # Opened on its own, a browser shows the photo in a page of its own making: allow that
        # page this one image and nothing else.
        "Content-Security-Policy": f"img-src 'self'; {NOTHING}",
    }
    return Response(data, media_type=photo.content_type, headers=headers)


@router.get("/photos/{photo_id}", response_class=Response)
def get_photo(
    child_id: UUID, photo_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> Response:
    """The photo, resized (image/jpeg, never cached)."""
    return photo_response(services, principal, child_id, photo_id, "image")


@router.get("/photos/{photo_id}/thumbnail", response_class=Response)
def get_thumbnail(
    child_id: UUID, photo_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> Response:
    """The photo's thumbnail (image/jpeg, never cached)."""
    return photo_response(services, principal, child_id, photo_id, "thumbnail")
