"""The learning journey: observations, the child's and parent's voice, assessments.

Entries are never edited in place: corrections and withdrawals are new entries, and the
history keeps both.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, status

from api import cursors
from api.access import open_child, under_break_glass
from api.deps import PrincipalDep, ServicesDep
from api.pages import (
    DEFAULT_LIMIT,
    After,
    CursorQuery,
    Limit,
    caught_up,
    page_of,
    reading,
    wait_for,
)
from api.present import entry_out, entry_public
from api.schemas.common import Page
from api.schemas.journey import (
    AssessmentCreate,
    AssessmentPublic,
    CorrectionCreate,
    ObservationCreate,
    ObservationPublic,
    VoiceCreate,
    VoicePublic,
    WithdrawalCreate,
)
from api.writes import one_transaction
from domain.access_log.entry import Action
from domain.base import Written
from domain.consents.commands import Sharing
from domain.errors import NotFound
from domain.journey.child import Child
from domain.journey.entries import EntryType
from projections.views.journey_entries import (
    JourneyEntries,
    child_version,
    entry_key,
    journey_page,
)

router = APIRouter(prefix="/v1/children/{child_id}", tags=["learning journey"])
Collection = Literal["observations", "voices", "assessments"]
ENTRY_TYPES: dict[str, EntryType] = {
    "observations": "observation",
    "voices": "voice",
    "assessments": "assessment",
}
EntryOut = ObservationPublic | VoicePublic | AssessmentPublic
ENTRY_KEY = (cursors.day, cursors.signed, cursors.ident)  # see journey_entries.entry_key


def _written(written: Written[Child], entry_id: UUID | None = None) -> EntryOut:
    """The entry as saved (the command hands back the aggregate, so nothing is loaded again)."""
    child = written.state
    return entry_public(child, child.entry(entry_id or written.id), written.position)


@router.post("/observations", status_code=status.HTTP_201_CREATED)
@one_transaction()
def record_observation(
    child_id: UUID, body: ObservationCreate, principal: PrincipalDep, services: ServicesDep
) -> ObservationPublic:
    """Record what a practitioner saw, in one area of learning."""
    open_child(services, principal, child_id, Action.CREATE, "observation")
    setting_id, staff_id = principal.staff_ref()
    written = services.app.record_observation(
        child_id,
        area=body.area.value,
        text=body.text,
        observed_on=body.observed_on,
        elgs=body.elgs,
        characteristics=[c.value for c in body.characteristics],
        setting_id=setting_id,
        recorded_by=staff_id,
        shared_with_parents=body.shared_with_parents,
    )
    out = _written(written)
    assert isinstance(out, ObservationPublic)
    return out


@router.post("/voices", status_code=status.HTTP_201_CREATED)
@one_transaction()
def record_voice(
    child_id: UUID, body: VoiceCreate, principal: PrincipalDep, services: ServicesDep
) -> VoicePublic:
    """Record the child's own voice ("All about me") or the parent's view."""
    open_child(services, principal, child_id, Action.CREATE, "voice")
    setting_id, staff_id = principal.staff_ref()
    written = services.app.record_voice(
        child_id,
        kind=body.kind.value,
        text=body.text,
        recorded_on=body.recorded_on,
        setting_id=setting_id,
        recorded_by=staff_id,
        shared_with_parents=body.shared_with_parents,
    )
    out = _written(written)
    assert isinstance(out, VoicePublic)
    return out


@router.post("/assessments", status_code=status.HTTP_201_CREATED)
@one_transaction()
def record_assessment(
    child_id: UUID, body: AssessmentCreate, principal: PrincipalDep, services: ServicesDep
) -> AssessmentPublic:
    """Record a progress check at two or a transition summary."""
    open_child(services, principal, child_id, Action.CREATE, "assessment")
    setting_id, staff_id = principal.staff_ref()
    written = services.app.record_assessment(
        child_id,
        kind=body.kind.value,
        assessed_on=body.assessed_on,
        summary=body.summary,
        areas={a.value: j.value for a, j in body.areas.items()},
        setting_id=setting_id,
        recorded_by=staff_id,
        shared_with_parents=body.shared_with_parents,
    )
    out = _written(written)
    assert isinstance(out, AssessmentPublic)
    return out


def _collection_routes(collection: Collection) -> None:
    """List, correct and withdraw, registered once per collection (explicit paths, so that
    other resources under /v1/children/{child_id}/ are never shadowed)."""
    entry_type = ENTRY_TYPES[collection]

    @router.get(f"/{collection}", name=f"list_{collection}")
    def list_entries(
        child_id: UUID,
        principal: PrincipalDep,
        services: ServicesDep,
        cursor: CursorQuery = None,
        limit: Limit = DEFAULT_LIMIT,
        after: After = None,
    ) -> Page[EntryOut]:
        """The child's entries, newest first, with their history: the setting's own, and those
        of the child's other settings that the sharing policy allows."""
        child = open_child(services, principal, child_id, Action.READ, entry_type)
        start = cursors.decode(cursor, ENTRY_KEY)
        caught_up(services, JourneyEntries.name, after)
        # The view holds every event of the child just loaded: a write is listed at once.
        wait_for(services, lambda: child_version(services.db, child.id) >= child.version)
        setting_id, _ = principal.staff_ref()
        if under_break_glass(services, principal, child):
            sharing = Sharing(str(setting_id), others=True, progress_checks=True)
        else:
            sharing = services.app.sharing(child, entry_type, setting_id)
        rows = reading(
            lambda: journey_page(
                services.db, services.child_keys, child.id, entry_type, sharing, start, limit + 1
            )
        )()
        page, next_cursor = page_of(rows, limit, entry_key)
        photos = services.photos.ids_by_entry(child.id, [e["id"] for e in page])
        items = [entry_out(child.id, e, photos=photos.get(e["id"])) for e in page]
        return Page[EntryOut](items=items, next=next_cursor)

    @router.post(
        f"/{collection}/{{entry_id}}/corrections",
        status_code=status.HTTP_201_CREATED,
        name=f"correct_{entry_type}",
    )
    @one_transaction()
    def correct_entry(
        child_id: UUID,
        entry_id: UUID,
        body: CorrectionCreate,
        principal: PrincipalDep,
        services: ServicesDep,
    ) -> EntryOut:
        """Correct an entry's text; the original stays in its history."""
        child = open_child(services, principal, child_id, Action.UPDATE, entry_type)
        _check_type(child.entry(entry_id)["type"], entry_type)
        setting_id, staff_id = principal.staff_ref()
        written = services.app.correct_entry(
            child_id,
            entry_id,
            text=body.text,
            reason=body.reason,
            setting_id=setting_id,
            corrected_by=staff_id,
        )
        return _written(written, entry_id)

    @router.post(f"/{collection}/{{entry_id}}/withdrawal", name=f"withdraw_{entry_type}")
    @one_transaction(200)
    def withdraw_entry(
        child_id: UUID,
        entry_id: UUID,
        body: WithdrawalCreate,
        principal: PrincipalDep,
        services: ServicesDep,
    ) -> EntryOut:
        """Withdraw an entry: it stays in the history, marked withdrawn, and is shared no more."""
        child = open_child(services, principal, child_id, Action.UPDATE, entry_type)
        _check_type(child.entry(entry_id)["type"], entry_type)
        setting_id, staff_id = principal.staff_ref()
        written = services.app.withdraw_entry(
            child_id,
            entry_id,
            reason=body.reason,
            setting_id=setting_id,
            withdrawn_by=staff_id,
        )
        return _written(written, entry_id)

    @router.post(f"/{collection}/{{entry_id}}/sharing", name=f"share_{entry_type}")
    @one_transaction(200)
    def share_entry(
        child_id: UUID, entry_id: UUID, principal: PrincipalDep, services: ServicesDep
    ) -> EntryOut:
        """Share an entry with the child's parents and carers: from now on they see it on
        their pages. Only the setting that recorded it shares it, once (409 after)."""
        child = open_child(services, principal, child_id, Action.UPDATE, entry_type)
        _check_type(child.entry(entry_id)["type"], entry_type)
        setting_id, staff_id = principal.staff_ref()
        written = services.app.share_with_parents(
            child_id, entry_id, setting_id=setting_id, shared_by=staff_id
        )
        return _written(written, entry_id)


def _check_type(actual: EntryType, expected: EntryType) -> None:
    if actual != expected:
        raise NotFound(f"the {expected}")


for _collection in ENTRY_TYPES:
    _collection_routes(_collection)  # type: ignore[arg-type]
