"""Photos in the journey's record: on which entries, by whom, and how many."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.application import Baton
from domain.errors import NotEnrolledHere, NotFound, RuleBroken
from domain.journey.child import MAX_PHOTOS_PER_ENTRY
from tests.unit.test_child import TODAY, Setting, a_setting, amara, nursery, observe

__all__ = ["amara", "nursery"]  # the fixtures, shared with the journey's tests

DIGEST = "0" * 64


def attach(app: Baton, child_id: UUID, entry_id: UUID, at: Setting) -> UUID:
    return app.attach_photo(
        child_id, entry_id, digest=DIGEST, setting_id=at.id, attached_by=at.staff_id
    ).id


def test_a_photo_is_recorded_on_its_entry_in_order(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    entry = observe(app, amara, nursery)
    first, second = attach(app, amara, entry, nursery), attach(app, amara, entry, nursery)
    child = app.child(amara)
    assert child.photos_of(entry) == [str(first), str(second)]
    assert child.photos[str(first)]["sha256"] == DIGEST


def test_photos_go_on_standing_observations_and_voices_of_ones_own_setting_only(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    voice = app.record_voice(
        amara,
        kind="child",
        text="I like the slide.",
        recorded_on=TODAY - timedelta(days=1),
        setting_id=nursery.id,
        recorded_by=nursery.staff_id,
    ).id
    attach(app, amara, voice, nursery)
    assessment = app.record_assessment(
        amara,
        kind="transition_summary",
        assessed_on=TODAY - timedelta(days=1),
        summary="Settled and curious.",
        areas={"PSED": "on_track", "CL": "on_track", "PD": "on_track"},
        setting_id=nursery.id,
        recorded_by=nursery.staff_id,
    ).id
    with pytest.raises(RuleBroken, match="observations and voices"):
        attach(app, amara, assessment, nursery)
    with pytest.raises(NotEnrolledHere):
        attach(app, amara, voice, a_setting(app))
    with pytest.raises(NotFound):
        attach(app, amara, amara, nursery)
    entry = observe(app, amara, nursery)
    app.withdraw_entry(
        amara, entry, reason=None, setting_id=nursery.id, withdrawn_by=nursery.staff_id
    )
    with pytest.raises(RuleBroken, match="withdrawn"):
        attach(app, amara, entry, nursery)


def test_an_entry_holds_a_limited_number_of_photos(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    entry = observe(app, amara, nursery)
    for _ in range(MAX_PHOTOS_PER_ENTRY):
        attach(app, amara, entry, nursery)
    with pytest.raises(RuleBroken, match="at most"):
        attach(app, amara, entry, nursery)
