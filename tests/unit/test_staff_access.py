"""Access that ends, as domain rules: deactivation, tokens that expire, roles, invitations.

On the in-memory store with a clock the test moves; tokens and invitations stored before they
carried their issue time are read from a store rewritten to hold them as they were written.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.application import Baton
from domain.errors import InvalidField, InvitationRefused, NotEnrolledHere, NotFound, RuleBroken
from domain.organisations.commands import INVITATION_DAYS
from domain.organisations.credentials import parse_token, secret_matches
from domain.organisations.organisation import Organisation, token_expires_at
from tests.unit.test_child import NOW, Clock, a_setting, register, sqlite_env
from tests.unit.test_goal_codes import _decoded, _rewritten
from tests.unit.test_handover_domain import parent_consents


def _nursery_with(app: Baton, *roles: str) -> tuple[UUID, UUID, str]:
    """A nursery and one member of staff: (org id, staff id, invitation secret)."""
    org_id = app.create_organisation("Little Acorns", "nursery", None).id
    issued = app.add_staff(org_id, "Jo", f"jo{uuid4().hex[:6]}@example.org", list(roles))
    return org_id, UUID(issued.member["id"]), issued.invitation


# -- tokens that expire -----------------------------------------------------------------------


def test_a_token_expires_its_days_after_it_was_issued_and_a_new_one_starts_afresh(
    app: Baton, clock: Clock
) -> None:
    org_id, staff_id, _ = _nursery_with(app, "manager")
    member = app.organisation(org_id).staff_record(staff_id)
    assert token_expires_at(member, 90) == NOW + timedelta(days=90)

    clock.advance(days=100)
    token, _ = app.new_token(org_id, staff_id)
    member = app.organisation(org_id).staff_record(staff_id)
    assert token_expires_at(member, 90) == NOW + timedelta(days=190)
    parsed = parse_token(token)
    assert parsed is not None and secret_matches(parsed.secret, member["token_hash"])


def test_a_token_stored_before_it_carried_its_issue_time_is_dated_by_its_event(
    tmp_path: Path,
) -> None:
    """StaffAdded and StaffTokenReissued as version 1 wrote them: no ``issued_at``."""
    writer = Baton(env=sqlite_env(tmp_path / "now.sqlite"), clock=Clock(), snapshot_interval=1000)
    try:
        org_id, staff_id, _ = _nursery_with(writer, "manager")
        writer.new_token(org_id, staff_id)
        stored = list(writer.recorder.select_events(org_id))
        mapper = writer.mapper
    finally:
        writer.close()

    def as_version_1(state: dict[str, Any]) -> None:
        if "issued_at" in state:
            del state["class_version"], state["issued_at"]

    old = [_rewritten(mapper, s, as_version_1) for s in stored]
    reissued = next(s for s in old if s.topic.endswith("StaffTokenReissued"))
    assert "issued_at" not in _decoded(mapper, reissued)
    reader = Baton(env=sqlite_env(tmp_path / "old.sqlite"))
    try:
        reader.recorder.insert_events(old)
        member = reader.organisation(org_id).staff_record(staff_id)
        assert member["token_issued_at"] == _decoded(mapper, reissued)["timestamp"].isoformat()
    finally:
        reader.close()


def test_a_snapshot_taken_before_tokens_carried_their_issue_time_dates_them_by_its_own(
    tmp_path: Path,
) -> None:
    writer = Baton(env=sqlite_env(tmp_path / "now.sqlite"), clock=Clock(), snapshot_interval=2)
    try:
        org_id, _, _ = _nursery_with(writer, "manager")
        writer.add_staff(org_id, "Sam", "sam@example.org", ["practitioner"])
        assert writer.snapshots is not None
        snapshot = list(writer.snapshots.recorder.select_events(org_id, desc=True, limit=1))
        mapper = writer.mapper
    finally:
        writer.close()
    assert snapshot, "no snapshot was taken"

    def as_version_1(state: dict[str, Any]) -> None:
        del state["state"]["class_version"]
        for member in state["state"]["staff"].values():
            del member["token_issued_at"]

    old = _rewritten(mapper, snapshot[0], as_version_1)
    modified_on = _decoded(mapper, old)["state"]["_modified_on"]
    reader = Baton(env=sqlite_env(tmp_path / "old.sqlite"))
    try:
        assert reader.snapshots is not None
        reader.snapshots.recorder.insert_events([old])
        org = reader.organisation(org_id)
        assert {m["token_issued_at"] for m in org.staff.values()} == {modified_on.isoformat()}
    finally:
        reader.close()


# -- deactivation and roles -------------------------------------------------------------------


def test_a_deactivated_member_is_kept_on_record_but_acts_no_more(app: Baton) -> None:
    org_id, staff_id, _ = _nursery_with(app, "manager")
    assert app.organisation(org_id).has_active_manager()
    app.deactivate_staff(org_id, staff_id, None)
    org = app.organisation(org_id)
    assert org.member(staff_id) is None
    assert org.staff_record(staff_id)["active"] is False
    assert not org.has_active_manager()
    for again in (
        lambda: app.deactivate_staff(org_id, staff_id, None),
        lambda: app.new_token(org_id, staff_id),
        lambda: app.change_roles(org_id, staff_id, ["practitioner"]),
    ):
        with pytest.raises(RuleBroken, match="deactivated"):
            again()
    with pytest.raises(NotFound):
        app.deactivate_staff(org_id, uuid4(), None)


def test_roles_change_by_the_same_rules_as_when_staff_are_added(app: Baton) -> None:
    org_id, staff_id, _ = _nursery_with(app, "practitioner")
    app.change_roles(org_id, staff_id, ["dsl", "practitioner", "dsl"])
    assert app.organisation(org_id).staff_record(staff_id)["roles"] == ["dsl", "practitioner"]
    for roles in (["teacher"], [], ["cook"]):
        with pytest.raises(InvalidField) as refused:
            app.change_roles(org_id, staff_id, roles)
        assert refused.value.field == "roles"
    assert app.organisation(org_id).staff_record(staff_id)["roles"] == ["dsl", "practitioner"]


# -- invitations ------------------------------------------------------------------------------


def test_an_invitation_is_redeemed_once_and_only_its_hash_is_kept(app: Baton) -> None:
    org_id, staff_id, invitation = _nursery_with(app, "practitioner")
    assert invitation.startswith("iv_")
    assert invitation not in repr(vars(app.organisation(org_id)))
    redeemed = app.redeem_invitation(invitation)
    assert (redeemed.org_id, redeemed.staff_id) == (org_id, staff_id)
    with pytest.raises(InvitationRefused, match="already been used"):
        app.redeem_invitation(invitation)


def test_an_invitation_expires_after_seven_days(app: Baton, clock: Clock) -> None:
    _, _, invitation = _nursery_with(app, "practitioner")
    clock.advance(days=INVITATION_DAYS)
    with pytest.raises(InvitationRefused, match="expired"):
        app.redeem_invitation(invitation)
    _, _, fresh = _nursery_with(app, "practitioner")
    clock.advance(days=INVITATION_DAYS, seconds=-1)
    assert app.redeem_invitation(fresh)


def test_an_unknown_altered_or_deactivated_members_invitation_is_refused(app: Baton) -> None:
    org_id, staff_id, invitation = _nursery_with(app, "practitioner")
    prefix, org_hex, staff_hex, secret = invitation.split("_", 3)
    for wrong in (
        "",
        "nonsense",
        f"bt_{org_hex}_{staff_hex}_{secret}",  # a bearer token's shape
        f"{prefix}_{org_hex}_{staff_hex}_{secret}x",
        f"{prefix}_{uuid4().hex}_{staff_hex}_{secret}",
        f"{prefix}_{org_hex}_{uuid4().hex}_{secret}",
    ):
        with pytest.raises(InvitationRefused, match="not known"):
            app.redeem_invitation(wrong)
    app.deactivate_staff(org_id, staff_id, None)
    with pytest.raises(InvitationRefused, match="deactivated"):
        app.redeem_invitation(invitation)


def test_a_new_invitation_replaces_the_earlier_one_used_or_not(app: Baton, clock: Clock) -> None:
    org_id, staff_id, first = _nursery_with(app, "practitioner")
    second, written = app.new_invitation(org_id, staff_id)
    assert second.startswith("iv_") and written.id == staff_id
    with pytest.raises(InvitationRefused, match="not known"):
        app.redeem_invitation(first)
    app.redeem_invitation(second)
    third, _ = app.new_invitation(org_id, staff_id)  # again, after the last was used
    clock.advance(days=INVITATION_DAYS, seconds=-1)
    assert app.redeem_invitation(third).staff_id == staff_id
    app.deactivate_staff(org_id, staff_id, None)
    with pytest.raises(RuleBroken, match="deactivated"):
        app.new_invitation(org_id, staff_id)
    with pytest.raises(NotFound):
        app.new_invitation(org_id, uuid4())


def test_the_organisation_upcast_keeps_a_time_already_there() -> None:
    kept = "2026-01-05T09:00:00+00:00"
    state: dict[str, Any] = {
        "_modified_on": datetime(2026, 3, 1, 12, 0),
        "staff": {"a": {"token_issued_at": kept}, "b": {}},
    }
    Organisation.upcast_v1_v2(state)
    assert state["staff"]["a"]["token_issued_at"] == kept
    assert state["staff"]["b"]["token_issued_at"] == "2026-03-01T12:00:00"


# -- break-glass needs a recorded link -------------------------------------------------------


def test_break_glass_is_only_for_an_organisation_with_a_recorded_link(app: Baton) -> None:
    nursery = a_setting(app)
    child_id = register(app, nursery)
    school = app.create_organisation("St Mary's", "school", None).id
    dsl = UUID(app.add_staff(school, "Sam", "sam@example.org", ["dsl"]).member["id"])
    justification = "A call from the police about the child's safety tonight."
    with pytest.raises(NotEnrolledHere):
        app.open_break_glass(child_id, staff_id=dsl, org_id=school, justification=justification)
    assert app.child(child_id).break_glass == []
    assert app.linked(app.child(child_id), nursery.id)

    parent_consents(app, child_id, school, nursery.id, nursery.staff_id)
    app.open_break_glass(child_id, staff_id=dsl, org_id=school, justification=justification)
    assert app.child(child_id).break_glass_active(dsl, NOW)
