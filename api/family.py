"""What a parent or carer reads and writes of their own child, for the family pages.

Every call opens the child through ``open_family_child`` (the parent's access to that child is
open, else 404; each read and refusal is in the access log, purpose "family"). A parent sees an
entry only once a setting shared it with the child's parents (or a parent wrote it: a moment
from home), and never once it is withdrawn; a photo only where it shows no other child, or every
other child it shows has its parents' agreement (``photo_shown_to_parents``).

The journal is read from the child just opened, not from the journey view: the guard loads it
anyway, it holds what is shared with parents (the view does not), and a moment just written is
there at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from fastapi import status
from fastapi.responses import Response

from api import cursors
from api.access import Purpose, deny, open_family_child
from api.auth import Principal
from api.images import Prepared
from api.routes.journey import ENTRY_KEY
from api.routes.photos import Part, image_response, keep_photo
from api.schemas.family import MomentRecorded
from api.services import Services
from api.writes import in_one_transaction
from domain.access_log.entry import Action
from domain.journey.child import Child
from domain.journey.entries import Entry
from projections.views.journey_entries import entry_key

PHOTO = "photo"


def parent_of(principal: Principal) -> UUID:
    """The signed-in parent's id (the family pages admit parents only)."""
    assert principal.parent_id is not None
    return principal.parent_id


def shown_to_parents(entry: Entry) -> bool:
    """Shared with the child's parents (a moment from home is, from the start), and current."""
    return bool(entry.get("shared_with_parents")) and entry["withdrawal"] is None


def journal(child: Child) -> list[Entry]:
    """The entries the child's parents see, newest first (as the staff's timeline orders)."""
    found = [e for e in child.entries.values() if shown_to_parents(e)]
    return sorted(found, key=entry_key, reverse=True)


def journal_page(child: Child, cursor: str | None, limit: int) -> tuple[list[Entry], str | None]:
    """Up to ``limit`` of the journal from just after ``cursor``, and the next page's cursor."""
    start = cursors.decode(cursor, ENTRY_KEY)
    found = [e for e in journal(child) if start is None or entry_key(e) < start]
    page = found[:limit]
    more = len(found) > limit
    return page, cursors.encode(entry_key(page[-1])) if more else None


def photos_shown(services: Services, child: Child, entry: Entry) -> list[str]:
    """The entry's photos a parent may see (none of a withdrawn or unshared entry)."""
    if not shown_to_parents(entry):
        return []
    shown = services.app.photo_shown_to_parents
    return [p for p in child.photos_of(entry["id"]) if shown(child, p)]


def children_of(services: Services, principal: Principal) -> list[Child]:
    """The children the parent may see now, in the order they were invited to follow them (a
    child whose access a manager ended, or who was erased, is left out, unrecorded)."""
    return [
        open_family_child(services, principal, child_id, Action.READ, "child")
        for child_id in services.app.children_seen_by(parent_of(principal))
    ]


def photo_response(
    services: Services, principal: Principal, child_id: UUID, photo_id: UUID, part: Part
) -> Response:
    """A photo of the child for their parent: on an entry they see, and shown to parents by
    the several-children rule; else 404, recorded as refused."""
    child = open_family_child(services, principal, child_id, Action.READ, PHOTO)
    photo = services.photos.find(child_id, photo_id)
    if photo is None or str(photo_id) not in photos_shown(
        services, child, child.entry(photo.entry_id)
    ):
        raise deny(
            services,
            principal,
            Action.READ,
            child_id,
            PHOTO,
            404,
            "the photo was not found",
            Purpose.FAMILY,
        )
    return image_response(services, photo, photo_id, part)


def record_moment(
    services: Services,
    principal: Principal,
    child_id: UUID,
    text: str,
    recorded_on: date,
    photos: Sequence[Prepared],
) -> MomentRecorded:
    """A moment from home (or the parent's view) with its photos, in one transaction: a
    moment is never kept without the photos chosen for it, nor a photo without its moment.
    The photos are checked and stripped before (``prepare_uploads``)."""
    parent_id = parent_of(principal)

    def decide() -> MomentRecorded:
        open_family_child(services, principal, child_id, Action.CREATE, "moment")
        written = services.app.record_home_moment(
            child_id, parent_id, text=text, recorded_on=recorded_on
        )
        position, photo_ids = written.position, list[UUID]()
        for photo in photos:
            attached = services.app.attach_photo_from_home(
                child_id, written.id, digest=photo.digest, parent_id=parent_id
            )
            keep_photo(services, attached.id, child_id, written.id, photo, None)
            position = attached.position
            photo_ids.append(attached.id)
        return MomentRecorded(id=written.id, photos=photo_ids, position=position)

    return in_one_transaction(services, decide, status.HTTP_201_CREATED)


def decide_group_photos(
    services: Services, principal: Principal, child_id: UUID, agreed: bool
) -> int:
    """The parent's answer on photos showing their child with other children; its position."""
    parent_id = parent_of(principal)

    def decide() -> int:
        open_family_child(services, principal, child_id, Action.UPDATE, "group-photos")
        return services.app.decide_group_photos(child_id, parent_id, agreed).position

    return in_one_transaction(services, decide, status.HTTP_200_OK)
