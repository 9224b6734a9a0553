"""Leaving, holds and erasure as domain rules, on the in-memory store with a fixed clock."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from domain.application import Baton
from domain.errors import ChildErased, InvalidField, NotEnrolledHere, NotFound, OnHold, RuleBroken
from tests.unit.test_child import TODAY, Setting, a_setting, amara, nursery, observe

__all__ = ["amara", "nursery"]  # fixtures


def test_leaving_ends_the_enrolment_and_the_setting_writes_no_more(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    app.leave_setting(amara, nursery.id, TODAY, nursery.staff_id)
    child = app.child(amara)
    assert not child.is_enrolled_at(nursery.id)
    assert child.has_enrolled_at(nursery.id)
    assert child.enrolments[0]["left_on"] == TODAY
    with pytest.raises(NotEnrolledHere):
        observe(app, amara, nursery)
    with pytest.raises(NotEnrolledHere):
        app.leave_setting(amara, nursery.id, TODAY, nursery.staff_id)


def test_a_leaving_is_dated_between_the_start_and_today(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    for day in (TODAY + timedelta(days=1), date(2024, 9, 1)):
        with pytest.raises(InvalidField) as refused:
            app.leave_setting(amara, nursery.id, day, nursery.staff_id)
        assert refused.value.field == "left_on"
    with pytest.raises(NotEnrolledHere):
        app.leave_setting(amara, a_setting(app).id, TODAY, nursery.staff_id)


def test_holds_stop_erasure_until_every_one_is_released(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    first = app.place_hold(amara, reason="s47", org_id=nursery.id, placed_by=nursery.staff_id).id
    second = app.place_hold(amara, reason="LADO", org_id=nursery.id, placed_by=nursery.staff_id).id
    for hold in (first, second):
        with pytest.raises(OnHold):
            app.erase_child(amara, reason="asked", cause="request")
        app.release_hold(amara, hold, org_id=nursery.id, released_by=nursery.staff_id)
    with pytest.raises(RuleBroken):
        app.release_hold(amara, first, org_id=nursery.id, released_by=nursery.staff_id)
    with pytest.raises(NotFound):
        app.release_hold(amara, uuid4(), org_id=nursery.id, released_by=nursery.staff_id)
    written = app.erase_child(amara, reason="asked", cause="request")
    assert written.state.erased_at is not None
    with pytest.raises(ChildErased):
        app.child(amara)
    with pytest.raises(ChildErased):
        app.erase_child(amara, reason="again", cause="request")


def test_only_the_organisation_that_placed_a_hold_releases_it(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    hold = app.place_hold(amara, reason="s47", org_id=nursery.id, placed_by=nursery.staff_id).id
    other = a_setting(app)
    with pytest.raises(RuleBroken):
        app.release_hold(amara, hold, org_id=other.id, released_by=other.staff_id)
    assert app.child(amara).active_holds()
