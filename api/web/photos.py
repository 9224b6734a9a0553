"""Photos in the pages: served to a signed-in person as the API serves them (so ``<img src>``
works), a page to see and add an entry's photos, and ``attach_uploads`` for the forms that
record an entry with photos (``<input type=file name=photos multiple>``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from api.access import deny, open_child
from api.auth import Principal
from api.deps import ServicesDep
from api.images import Prepared
from api.pages import MAX_LIMIT
from api.routes import settings_views
from api.routes.photos import (
    RESOURCE,
    attach,
    check_shared,
    photo_response,
    public,
    read_file,
    tag_photo,
    tagged,
)
from api.schemas.photos import PhotoTagging
from api.schemas.settings_views import SettingChild
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import Outcome, attempt, new_form_key
from api.web.render import render, see_other
from api.web.session import WebUser
from api.writes import current_claim
from domain.access_log.entry import Action
from domain.errors import NotFound
from domain.journey.child import MAX_PHOTOS_PER_ENTRY, PHOTO_ENTRY_TYPES, Child
from domain.journey.entries import Entry, current_text
from domain.organisations.organisation import Role
from projections.store.idempotency import Claim

router = APIRouter(include_in_schema=False)
Upload = UploadFile | Prepared | str  # a form's file field: a str when it was sent empty


def prepare_uploads(services: Services, uploads: Sequence[Upload]) -> list[Prepared]:
    """Every photo chosen, checked and stripped (empty file inputs skipped); a fixable problem
    (413, 415, 422, field ``photos``) names the first that is refused. Call it before
    recording the entry to refuse a bad photo before anything is written."""
    prepared = []
    for upload in uploads:
        if isinstance(upload, Prepared):
            prepared.append(upload)
        elif isinstance(upload, UploadFile):
            with upload.file:  # read once, then closed (a posted form does not close its files)
                if upload.filename or upload.size:
                    prepared.append(read_file(services, upload.file))
    return prepared


def attach_uploads(
    services: Services,
    principal: Principal,
    child_id: UUID,
    entry_id: UUID,
    uploads: Sequence[Upload],
    descriptions: Sequence[str] = (),
) -> list[UUID]:
    """Attach the photos of a posted form to the entry just recorded; their ids.

    Each photo is its own transaction. Inside ``forms.attempt`` each gets an idempotency key
    derived from the form's (so a double tap attaches once, and never collides with the key
    the entry itself was recorded with)."""
    form_claim = current_claim.get()
    ids = []
    for n, photo in enumerate(prepare_uploads(services, uploads)):
        description = descriptions[n].strip() if n < len(descriptions) else None
        claim = _photo_claim(form_claim, n, photo)
        ids.append(attach(services, principal, child_id, entry_id, photo, description, claim).id)
    return ids


def _photo_claim(form: Claim | None, n: int, photo: Prepared) -> Claim | None:
    if form is None:
        return None
    digest = hashlib.sha256(f"{form.request_hash}/{n}/{photo.digest}".encode()).hexdigest()
    return Claim(form.scope, f"{form.key}/photo/{n}", digest)


def photo_alts(services: Services, child_id: UUID, entry_id: UUID) -> dict[str, str]:
    """An entry's photos' descriptions, by photo id, for their alt text."""
    return {
        str(p.id): p.description
        for p in (public(services, k) for k in services.photos.of_entry(child_id, entry_id))
        if p.description
    }


def entry_caption(entry: Entry) -> str:
    """Which entry, in words: "observation of 3 Dec 2026", "parent's view of 2 Dec 2026"."""
    what = "observation"
    if entry["type"] == "voice":
        what = "parent's view" if entry["kind"] == "parent" else "“All about me”"
    return f"{what} of {entry['dated'].strftime('%-d %b %Y')}"


def default_alt(entry: Entry) -> str:
    """What a photo shows when nobody described it: from which entry, of when."""
    return f"Photo from the {entry_caption(entry)}"


@router.get("/children/{child_id}/photos/{photo_id}")
def photo_image(child_id: UUID, photo_id: UUID, user: PageUser, services: ServicesDep) -> Response:
    return photo_response(services, user.principal, child_id, photo_id, "image")


@router.get("/children/{child_id}/photos/{photo_id}/thumbnail")
def photo_thumbnail(
    child_id: UUID, photo_id: UUID, user: PageUser, services: ServicesDep
) -> Response:
    return photo_response(services, user.principal, child_id, photo_id, "thumbnail")


def _may_add(user: WebUser, entry: Entry) -> bool:
    return (
        entry["type"] in PHOTO_ENTRY_TYPES
        and entry["withdrawal"] is None
        and entry["setting_id"] == str(user.principal.org_id)
        and user.has(Role.PRACTITIONER, Role.MANAGER, Role.DSL)
    )


def _entry_page(
    request: Request,
    user: WebUser,
    services: Services,
    child_id: UUID,
    entry_id: UUID,
    outcome: Outcome[Any] | None = None,
    status: int = 200,
) -> Response:
    child = open_child(services, user.principal, child_id, Action.READ, RESOURCE)
    check_shared(services, user.principal, child, entry_id)
    entry = child.entry(entry_id)
    photos = services.photos.of_entry(child_id, entry_id)
    org_id, _ = user.principal.staff_ref()
    return render(
        request,
        user,
        "web/photos/entry.html",
        status=status,
        child_id=child_id,
        child_name=child.name,
        entry=entry,
        text=current_text(entry),
        photo_ids=[str(p.photo_id) for p in photos],
        alts=photo_alts(services, child_id, entry_id),
        default_alt=default_alt(entry),
        caption=entry_caption(entry),
        may_add=_may_add(user, entry) and len(photos) < MAX_PHOTOS_PER_ENTRY,
        may_tag=_may_add(user, entry),
        others_shown={
            str(p.photo_id): len(tagged(child, p.photo_id, org_id) or []) for p in photos
        },
        tagged=request.query_params.get("tagged"),
        added=request.query_params.get("added"),
        outcome=outcome,
        form_key=new_form_key(),
        limit_mb=services.settings.photo_max_bytes // 1_000_000,
    )


@router.get("/children/{child_id}/entries/{entry_id}/photos")
def entry_photos(
    request: Request, child_id: UUID, entry_id: UUID, user: PageUser, services: ServicesDep
) -> Response:
    """An entry's photos, and (for the setting that recorded it) a form to add more."""
    return _entry_page(request, user, services, child_id, entry_id)


@router.post("/children/{child_id}/entries/{entry_id}/photos")
def add_entry_photos(
    request: Request,
    child_id: UUID,
    entry_id: UUID,
    user: FormUser,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    description = form.get("description")
    outcome = attempt(
        user,
        form,
        request.url.path,
        lambda: attach_uploads(
            services,
            user.principal,
            child_id,
            entry_id,
            form.getlist("photos"),
            [description] if isinstance(description, str) else (),
        ),
    )
    if outcome.replayed:  # the same form again (a double tap): its photos are there already
        return see_other(request.url.path)
    if outcome.ok:
        return see_other(f"{request.url.path}?added={len(outcome.result or [])}")
    return _entry_page(request, user, services, child_id, entry_id, outcome, status=422)


def setting_children(services: Services, user: WebUser) -> list[SettingChild]:
    """Every child the viewer's setting enrols, by name (each shown, so each logged)."""
    org_id, _ = user.principal.staff_ref()
    page = settings_views.children_page(services, user.principal, org_id, limit=MAX_LIMIT)
    found = list(page.items)
    while page.next is not None:
        page = settings_views.children_page(
            services, user.principal, org_id, cursor=page.next, limit=MAX_LIMIT
        )
        found += page.items
    return found


def _photo_of(services: Services, user: WebUser, child: Child, photo_id: UUID) -> Entry:
    """The entry of a photo the viewer's setting took (else 404, or 403 for another
    setting's photo, logged)."""
    photo = child.photos.get(str(photo_id))
    if photo is None:
        raise NotFound("the photo")
    entry = child.entry(UUID(photo["entry_id"]))
    if not _may_add(user, entry):
        detail = "only the setting that took a photo names who else it shows"
        raise deny(services, user.principal, Action.UPDATE, child.id, RESOURCE, 403, detail)
    return entry


def _tags_page(
    request: Request,
    user: WebUser,
    services: Services,
    ids: tuple[UUID, UUID],
    outcome: Outcome[Any] | None = None,
    ticked: set[str] | None = None,
) -> Response:
    child_id, photo_id = ids
    child = open_child(services, user.principal, child_id, Action.READ, RESOURCE)
    entry = _photo_of(services, user, child, photo_id)
    org_id, _ = user.principal.staff_ref()
    if ticked is None:
        ticked = {str(c) for c in tagged(child, photo_id, org_id) or []}
    others = [c for c in setting_children(services, user) if c.child_id != child_id]
    return render(
        request,
        user,
        "web/photos/tags.html",
        status=422 if outcome else 200,
        child_id=child_id,
        child_name=child.name,
        photo_id=str(photo_id),
        entry=entry,
        alt=photo_alts(services, child_id, UUID(entry["id"])).get(str(photo_id))
        or default_alt(entry),
        caption=entry_caption(entry),
        others=others,
        ticked=ticked,
        outcome=outcome,
        form_key=new_form_key(),
    )


@router.get("/children/{child_id}/photos/{photo_id}/tags")
def photo_tags_form(
    request: Request, child_id: UUID, photo_id: UUID, user: PageUser, services: ServicesDep
) -> Response:
    """Who else is in this photo? The setting's children, to tick (names posted, never in a
    URL): a family sees a photo of several children only when every other family agreed."""
    return _tags_page(request, user, services, (child_id, photo_id))


@router.post("/children/{child_id}/photos/{photo_id}/tags")
def photo_tags_posted(
    request: Request,
    child_id: UUID,
    photo_id: UUID,
    user: FormUser,
    form: PostedForm,
    services: ServicesDep,
) -> Response:
    ticked = [v for v in form.getlist("also_shows") if isinstance(v, str)]
    outcome = attempt(
        user,
        form,
        request.url.path,
        lambda: tag_photo(
            child_id=child_id,
            photo_id=photo_id,
            body=PhotoTagging.model_validate({"also_shows": ticked}),
            principal=user.principal,
            services=services,
        ),
    )
    if not outcome.ok:
        return _tags_page(request, user, services, (child_id, photo_id), outcome, set(ticked))
    if outcome.result is None:  # the same form again (a double tap): its tags stand
        return see_other(request.url.path)
    return see_other(f"/children/{child_id}/entries/{outcome.result.entry_id}/photos?tagged=1")
