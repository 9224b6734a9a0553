"""Organisations and their staff as domain rules, on the in-memory store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import project_aggregate

from domain.application import Baton
from domain.errors import DuplicateStaffEmail, InvalidField, NotFound, RuleBroken
from domain.organisations.credentials import parse_token, secret_matches
from domain.organisations.organisation import Organisation, OrganisationKind


@pytest.fixture
def app() -> Iterator[Baton]:
    baton = Baton(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield baton
    baton.close()


def test_organisation_registered_with_its_kind_and_urn(app: Baton) -> None:
    org_id = app.create_organisation("Little Acorns", "nursery", "EY123456").id
    org = app.organisation(org_id)
    assert (org.name, org.kind, org.urn) == ("Little Acorns", OrganisationKind.NURSERY, "EY123456")
    assert org.kind.is_setting
    assert not app.organisation(
        app.create_organisation("St Mary's", "school", None).id
    ).kind.is_setting


def test_unknown_kind_of_organisation_is_refused_naming_kind(app: Baton) -> None:
    with pytest.raises(InvalidField) as refused:
        app.create_organisation("Hogwarts", "academy", None)
    assert refused.value.field == "kind"
    assert app.recorder.max_notification_id() in (None, 0)


def test_unknown_organisation_is_not_found(app: Baton) -> None:
    with pytest.raises(NotFound):
        app.organisation(uuid4())
    with pytest.raises(NotFound):
        app.add_staff(uuid4(), "Jo", "jo@example.org", ["manager"])


def test_staff_added_with_roles_once_each_and_a_token_only_they_hold(app: Baton) -> None:
    org_id = app.create_organisation("Little Acorns", "nursery", None).id
    issued = app.add_staff(org_id, "Jo", "jo@example.org", ["practitioner", "dsl", "practitioner"])
    assert issued.member["roles"] == ["dsl", "practitioner"]
    assert issued.member["active"]
    parsed = parse_token(issued.token)
    assert parsed is not None
    assert (parsed.org_id, str(parsed.staff_id)) == (org_id, issued.member["id"])
    stored = app.organisation(org_id).member(parsed.staff_id)
    assert stored is not None
    assert secret_matches(parsed.secret, stored["token_hash"])
    assert parsed.secret not in repr(vars(app.organisation(org_id)))


@pytest.mark.parametrize(
    ("kind", "roles"),
    [
        pytest.param("nursery", ["teacher"], id="teacher-at-a-nursery"),
        pytest.param("childminder", ["manager", "teacher"], id="teacher-at-a-childminder"),
        pytest.param("school", ["practitioner"], id="practitioner-at-a-school"),
        pytest.param("nursery", [], id="no-role"),
    ],
)
def test_roles_that_do_not_fit_the_organisation_are_refused(
    app: Baton, kind: str, roles: list[str]
) -> None:
    org_id = app.create_organisation("Somewhere", kind, None).id
    with pytest.raises(InvalidField) as refused:
        app.add_staff(org_id, "Jo", "jo@example.org", roles)
    assert refused.value.field == "roles"
    assert app.organisation(org_id).staff == {}


@pytest.mark.parametrize(
    ("kind", "roles"),
    [
        pytest.param("school", ["teacher", "dsl"], id="teacher-and-dsl-at-a-school"),
        pytest.param("school", ["manager"], id="manager-at-a-school"),
        pytest.param("preschool", ["practitioner", "manager", "dsl"], id="all-setting-roles"),
    ],
)
def test_roles_that_fit_the_organisation_are_accepted(
    app: Baton, kind: str, roles: list[str]
) -> None:
    org_id = app.create_organisation("Somewhere", kind, None).id
    issued = app.add_staff(org_id, "Jo", "jo@example.org", roles)
    assert issued.member["roles"] == sorted(roles)


def test_the_same_email_twice_in_one_organisation_is_refused(app: Baton) -> None:
    org_id = app.create_organisation("Little Acorns", "nursery", None).id
    app.add_staff(org_id, "Jo", "jo@example.org", ["practitioner"])
    with pytest.raises(DuplicateStaffEmail) as refused:
        app.add_staff(org_id, "Jo again", "JO@Example.org", ["manager"])
    assert isinstance(refused.value, RuleBroken)
    assert len(app.organisation(org_id).staff) == 1


def test_the_same_email_at_another_organisation_is_accepted(app: Baton) -> None:
    for name in ("Little Acorns", "Oak Tree Pre-school"):
        org_id = app.create_organisation(name, "nursery", None).id
        app.add_staff(org_id, "Jo", "jo@example.org", ["practitioner"])
        assert app.organisation(org_id).member_by_email("jo@example.org") is not None


def test_member_lookups_find_staff_by_id_and_email_only_in_their_organisation(app: Baton) -> None:
    org_id = app.create_organisation("Little Acorns", "nursery", None).id
    other_id = app.create_organisation("Oak Tree", "nursery", None).id
    issued = app.add_staff(org_id, "Jo", "jo@example.org", ["manager"])
    staff_id = UUID(issued.member["id"])
    assert app.organisation(org_id).member(staff_id) == issued.member
    assert app.organisation(org_id).member_by_email("Jo@Example.ORG") == issued.member
    assert app.organisation(other_id).member(staff_id) is None
    assert app.organisation(other_id).member_by_email("jo@example.org") is None


def test_organisation_read_back_from_a_snapshot_is_the_organisation_written(
    tmp_path: Path,
) -> None:
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "e.db")}
    writer = Baton(env=env, snapshot_interval=2)
    org_id = writer.create_organisation("Little Acorns", "nursery", "EY123456").id
    for n in range(5):
        writer.add_staff(org_id, f"Staff {n}", f"s{n}@example.org", ["practitioner"])
    replayed: Organisation | None = project_aggregate(None, writer.events.get(org_id))
    assert isinstance(replayed, Organisation)
    assert writer.snapshots is not None
    assert list(writer.snapshots.get(org_id, desc=True, limit=1)), "no snapshot was taken"
    writer.close()

    reader = Baton(env=env, snapshot_interval=2)
    try:
        read = reader.organisation(org_id)
        assert vars(read) == vars(replayed)
        assert read.kind is OrganisationKind.NURSERY
        assert len(read.staff) == 5
    finally:
        reader.close()
