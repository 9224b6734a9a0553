"""The child's journey as domain rules, on the in-memory store with a fixed clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import project_aggregate

from domain.application import Baton
from domain.errors import InvalidField, NotEnrolledHere, NotFound, RuleBroken
from domain.journey.child import Child, months_between
from domain.journey.entries import EntryType
from domain.journey.eyfs import goal_code_problem

# 10:00 in London on a Monday in June (09:00 UTC, British Summer Time).
NOW = datetime(2025, 6, 16, 9, 0, tzinfo=UTC)
TODAY = date(2025, 6, 16)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Setting:
    id: UUID
    staff_id: UUID


def a_setting(app: Baton, kind: str = "nursery") -> Setting:
    org_id = app.create_organisation(f"A {kind}", kind, None).id
    issued = app.add_staff(org_id, "Jo", f"jo{uuid4().hex[:6]}@example.org", ["manager"])
    return Setting(org_id, UUID(issued.member["id"]))


def register(app: Baton, at: Setting, **overrides: Any) -> UUID:
    kwargs: dict[str, Any] = dict(
        given_name="Amara",
        family_name="Okafor",
        preferred_name=None,
        date_of_birth=date(2022, 3, 31),
        home_languages=["yoruba", "english"],
        send_status="none",
        setting_id=at.id,
        started_on=date(2024, 9, 2),
        registered_by=at.staff_id,
    )
    kwargs.update(overrides)
    return app.register_child(**kwargs).id


def observe(app: Baton, child_id: UUID, at: Setting, **overrides: Any) -> UUID:
    kwargs: dict[str, Any] = dict(
        area="CL",
        text="Amara told Jo a long story about her cat.",
        observed_on=TODAY - timedelta(days=1),
        elgs=[],
        characteristics=[],
        setting_id=at.id,
        recorded_by=at.staff_id,
    )
    kwargs.update(overrides)
    return app.record_observation(child_id, **kwargs).id


@pytest.fixture
def nursery(app: Baton) -> Setting:
    return a_setting(app)


@pytest.fixture
def amara(app: Baton, nursery: Setting) -> UUID:
    return register(app, nursery)


# -- registration ---------------------------------------------------------------------------------


def test_child_registered_is_enrolled_at_the_registering_setting(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    child = app.child(amara)
    assert child.name == "Amara Okafor"
    assert child.is_enrolled_at(nursery.id)
    assert child.enrolments == [
        {
            "setting_id": str(nursery.id),
            "started_on": date(2024, 9, 2),
            "enrolled_by": str(nursery.staff_id),
        }
    ]
    assert child.entries_of("observation") == []


def test_preferred_name_is_the_name_used(app: Baton, nursery: Setting) -> None:
    child_id = register(app, nursery, given_name="Oluwatobiloba", preferred_name="Tobi")
    assert app.child(child_id).name == "Tobi Okafor"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param(
            {"date_of_birth": TODAY + timedelta(days=1)}, "date_of_birth", id="born-tomorrow"
        ),
        pytest.param({"date_of_birth": date(2019, 6, 16)}, "date_of_birth", id="six-today"),
        pytest.param({"date_of_birth": date(2015, 1, 1)}, "date_of_birth", id="ten-years-old"),
        pytest.param({"started_on": date(2022, 3, 30)}, "started_on", id="started-before-birth"),
        pytest.param(
            {"started_on": TODAY + timedelta(days=367)}, "started_on", id="starts-too-far-ahead"
        ),
        pytest.param({"send_status": "statemented"}, "send_status", id="unknown-send-status"),
    ],
)
def test_registration_breaking_a_rule_is_refused_naming_the_field(
    app: Baton, nursery: Setting, overrides: dict[str, Any], field: str
) -> None:
    position = app.recorder.max_notification_id()
    with pytest.raises(InvalidField) as refused:
        register(app, nursery, **overrides)
    assert refused.value.field == field
    assert app.recorder.max_notification_id() == position


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"date_of_birth": date(2019, 6, 17)}, id="six-tomorrow"),
        pytest.param({"date_of_birth": TODAY, "started_on": TODAY}, id="born-today"),
        pytest.param({"started_on": TODAY + timedelta(days=366)}, id="starts-in-a-year"),
    ],
)
def test_registration_at_the_edges_of_the_rules_is_accepted(
    app: Baton, nursery: Setting, overrides: dict[str, Any]
) -> None:
    assert app.child(register(app, nursery, **overrides)).is_enrolled_at(nursery.id)


def test_children_are_registered_at_settings_not_schools_nor_unknown_organisations(
    app: Baton,
) -> None:
    school = a_setting(app, "school")
    for setting in (school, Setting(uuid4(), school.staff_id)):
        with pytest.raises(InvalidField) as refused:
            register(app, setting)
        assert refused.value.field == "setting_id"


def test_early_years_end_on_the_sixth_birthday_in_england(app: Baton, clock: Clock) -> None:
    """23:30 UTC on 15 June is already 16 June in London: a child born 16 June 2019 is six."""
    clock.now = datetime(2025, 6, 15, 23, 30, tzinfo=UTC)
    with pytest.raises(InvalidField):
        register(app, a_setting(app), date_of_birth=date(2019, 6, 16))


# -- enrolments -----------------------------------------------------------------------------------


def test_child_enrolled_at_a_second_setting_is_enrolled_at_both(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    childminder = a_setting(app, "childminder")
    app.enrol_child(amara, childminder.id, date(2025, 1, 6), nursery.staff_id)
    child = app.child(amara)
    assert child.is_enrolled_at(nursery.id) and child.is_enrolled_at(childminder.id)
    assert [e["setting_id"] for e in child.enrolments] == [str(nursery.id), str(childminder.id)]


def test_enrolling_twice_at_the_same_setting_is_refused(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    childminder = a_setting(app, "childminder")
    app.enrol_child(amara, childminder.id, date(2025, 1, 6), nursery.staff_id)
    for setting in (nursery, childminder):
        with pytest.raises(RuleBroken, match="already enrolled"):
            app.enrol_child(amara, setting.id, date(2025, 2, 3), nursery.staff_id)
    assert len(app.child(amara).enrolments) == 2


def test_enrolling_at_a_school_is_refused(app: Baton, nursery: Setting, amara: UUID) -> None:
    school = a_setting(app, "school")
    with pytest.raises(InvalidField) as refused:
        app.enrol_child(amara, school.id, date(2025, 1, 6), nursery.staff_id)
    assert refused.value.field == "setting_id"


def test_unknown_child_is_not_found(app: Baton) -> None:
    with pytest.raises(NotFound):
        app.child(uuid4())


def test_an_organisation_is_not_a_child(app: Baton, nursery: Setting) -> None:
    with pytest.raises(NotFound):
        app.child(nursery.id)


# -- observations ---------------------------------------------------------------------------------


def test_observation_recorded_with_who_where_and_when(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    entry_id = observe(
        app,
        amara,
        nursery,
        elgs=["COM_E02", "COM_E01", "COM_E02"],
        characteristics=["active_learning"],
    )
    entry = app.child(amara).entry(entry_id)
    assert entry["area"] == "CL" and entry["dated"] == TODAY - timedelta(days=1)
    assert entry["setting_id"] == str(nursery.id)
    assert entry["recorded_by"] == str(nursery.staff_id)
    assert entry["recorded_at"] == NOW
    assert entry["elgs"] == ["COM_E01", "COM_E02"]
    assert entry["characteristics"] == ["active_learning"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        pytest.param({"area": "MUSIC"}, "area", "not one of", id="unknown-area"),
        pytest.param(
            {"observed_on": TODAY + timedelta(days=1)}, "observed_on", "future", id="tomorrow"
        ),
        pytest.param({"observed_on": date(2022, 3, 30)}, "observed_on", "birth", id="before-birth"),
        pytest.param({"elgs": ["G01"]}, "elgs", "2012 EYFS profile", id="2012-goal"),
        pytest.param({"elgs": ["CL_E01"]}, "elgs", "is COM_E01", id="baton-code"),
        pytest.param(
            {"elgs": ["COM_E01", "XX_E99"]}, "elgs", "not an early learning goal", id="bad-goal"
        ),
        pytest.param(
            {"characteristics": ["curiosity"]}, "characteristics", "not one of", id="characteristic"
        ),
    ],
)
def test_observation_breaking_a_rule_is_refused_and_nothing_recorded(
    app: Baton, nursery: Setting, amara: UUID, overrides: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(InvalidField, match=words) as refused:
        observe(app, amara, nursery, **overrides)
    assert refused.value.field == field
    assert app.child(amara).entries == {}


def test_observation_on_the_day_of_birth_and_today_are_accepted(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    observe(app, amara, nursery, observed_on=date(2022, 3, 31))
    observe(app, amara, nursery, observed_on=TODAY)
    assert len(app.child(amara).entries_of("observation")) == 2


@pytest.mark.parametrize("kind", ["observation", "voice", "assessment"])
def test_entry_dated_today_in_england_just_after_midnight_is_accepted(
    app: Baton, clock: Clock, nursery: Setting, amara: UUID, kind: EntryType
) -> None:
    """At 00:30 on 17 June in London (23:30 UTC on the 16th), 17 June is today, not the future."""
    clock.now = datetime(2025, 6, 16, 23, 30, tzinfo=UTC)
    today_in_england = date(2025, 6, 17)
    assert app.today() == today_in_england
    if kind == "observation":
        observe(app, amara, nursery, observed_on=today_in_england)
    elif kind == "voice":
        app.record_voice(
            amara,
            kind="child",
            text="I like the big slide.",
            recorded_on=today_in_england,
            setting_id=nursery.id,
            recorded_by=nursery.staff_id,
        )
    else:
        assess(app, amara, nursery, "transition_summary", today_in_england, PRIME)
    assert [e["dated"] for e in app.child(amara).entries_of(kind)] == [today_in_england]


def test_setting_not_enrolling_the_child_cannot_record(app: Baton, amara: UUID) -> None:
    stranger = a_setting(app)
    with pytest.raises(NotEnrolledHere):
        observe(app, amara, stranger)
    assert app.child(amara).entries == {}


def test_entries_of_lists_one_type_newest_first_by_date_then_by_recording(
    app: Baton, clock: Clock, nursery: Setting, amara: UUID
) -> None:
    older = observe(app, amara, nursery, observed_on=TODAY - timedelta(days=9))
    clock.advance(minutes=1)
    first_today = observe(app, amara, nursery, observed_on=TODAY)
    clock.advance(minutes=1)
    app.record_voice(
        amara,
        kind="parent",
        text="She sings all the way home.",
        recorded_on=TODAY,
        setting_id=nursery.id,
        recorded_by=nursery.staff_id,
    )
    clock.advance(minutes=1)
    second_today = observe(app, amara, nursery, observed_on=TODAY)
    clock.advance(minutes=1)
    middle = observe(app, amara, nursery, observed_on=TODAY - timedelta(days=3))
    child = app.child(amara)
    assert [UUID(e["id"]) for e in child.entries_of("observation")] == [
        second_today,
        first_today,
        middle,
        older,
    ]
    assert [e["type"] for e in child.entries_of("voice")] == ["voice"]
    assert child.entries_of("assessment") == []


# -- corrections and withdrawals ------------------------------------------------------------------


def test_correction_and_withdrawal_keep_the_whole_history(
    app: Baton, clock: Clock, nursery: Setting, amara: UUID
) -> None:
    entry_id = observe(app, amara, nursery, text="Amara counted to five.")
    clock.advance(hours=1)
    app.correct_entry(
        amara,
        entry_id,
        text="Amara counted to ten.",
        reason="misheard",
        setting_id=nursery.id,
        corrected_by=nursery.staff_id,
    )
    clock.advance(hours=1)
    app.withdraw_entry(
        amara, entry_id, reason="wrong child", setting_id=nursery.id, withdrawn_by=nursery.staff_id
    )
    entry = app.child(amara).entry(entry_id)
    assert entry["text"] == "Amara counted to five."
    assert [(c["text"], c["reason"], c["corrected_at"]) for c in entry["corrections"]] == [
        ("Amara counted to ten.", "misheard", NOW + timedelta(hours=1))
    ]
    assert entry["withdrawal"] is not None
    assert entry["withdrawal"]["reason"] == "wrong child"
    assert entry["withdrawal"]["withdrawn_at"] == NOW + timedelta(hours=2)


def test_withdrawn_entry_can_be_neither_corrected_nor_withdrawn_again(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    entry_id = observe(app, amara, nursery)
    app.withdraw_entry(
        amara, entry_id, reason=None, setting_id=nursery.id, withdrawn_by=nursery.staff_id
    )
    version = app.child(amara).version
    with pytest.raises(RuleBroken, match="withdrawn"):
        app.correct_entry(
            amara,
            entry_id,
            text="x",
            reason=None,
            setting_id=nursery.id,
            corrected_by=nursery.staff_id,
        )
    with pytest.raises(RuleBroken, match="withdrawn"):
        app.withdraw_entry(
            amara, entry_id, reason=None, setting_id=nursery.id, withdrawn_by=nursery.staff_id
        )
    assert app.child(amara).version == version


def test_only_the_setting_that_recorded_an_entry_may_amend_it(
    app: Baton, nursery: Setting, amara: UUID
) -> None:
    entry_id = observe(app, amara, nursery, text="Amara climbed the frame.")
    childminder = a_setting(app, "childminder")
    app.enrol_child(amara, childminder.id, date(2025, 1, 6), nursery.staff_id)
    with pytest.raises(RuleBroken, match="only the setting that recorded"):
        app.correct_entry(
            amara,
            entry_id,
            text="x",
            reason=None,
            setting_id=childminder.id,
            corrected_by=childminder.staff_id,
        )
    with pytest.raises(RuleBroken, match="only the setting that recorded"):
        app.withdraw_entry(
            amara,
            entry_id,
            reason=None,
            setting_id=childminder.id,
            withdrawn_by=childminder.staff_id,
        )
    entry = app.child(amara).entry(entry_id)
    assert entry["corrections"] == [] and entry["withdrawal"] is None


def test_amending_an_unknown_entry_is_not_found(app: Baton, nursery: Setting, amara: UUID) -> None:
    with pytest.raises(NotFound):
        app.withdraw_entry(
            amara, uuid4(), reason=None, setting_id=nursery.id, withdrawn_by=nursery.staff_id
        )


# -- assessments ----------------------------------------------------------------------------------

PRIME = {"CL": "on_track", "PSED": "on_track", "PD": "not_yet"}


def assess(
    app: Baton, child_id: UUID, at: Setting, kind: str, on: date, areas: dict[str, str]
) -> UUID:
    return app.record_assessment(
        child_id,
        kind=kind,
        assessed_on=on,
        summary="Settled and chatty.",
        areas=areas,
        setting_id=at.id,
        recorded_by=at.staff_id,
    ).id


@pytest.mark.parametrize(
    ("born", "accepted"),
    [
        pytest.param(date(2023, 6, 16), True, id="exactly-24-months"),
        pytest.param(date(2023, 6, 17), False, id="a-day-short-of-24-months"),
        pytest.param(date(2022, 6, 16), True, id="exactly-36-months"),
        pytest.param(date(2022, 5, 16), False, id="37-months"),
    ],
)
def test_progress_check_at_two_is_made_between_24_and_36_months(
    app: Baton, nursery: Setting, born: date, accepted: bool
) -> None:
    child_id = register(app, nursery, date_of_birth=born, started_on=born + timedelta(days=200))
    if accepted:
        assess(app, child_id, nursery, "progress_check_at_two", TODAY, PRIME)
        assert len(app.child(child_id).entries_of("assessment")) == 1
    else:
        with pytest.raises(InvalidField) as refused:
            assess(app, child_id, nursery, "progress_check_at_two", TODAY, PRIME)
        assert refused.value.field == "assessed_on"
        assert app.child(child_id).entries == {}


@pytest.mark.parametrize(
    ("kind", "areas"),
    [
        pytest.param(
            "progress_check_at_two", {"CL": "on_track", "PSED": "on_track"}, id="check-missing-PD"
        ),
        pytest.param("progress_check_at_two", {**PRIME, "M": "on_track"}, id="check-with-maths"),
        pytest.param(
            "transition_summary", {"L": "on_track", "M": "on_track"}, id="summary-no-prime"
        ),
        pytest.param("transition_summary", {**PRIME, "ART": "on_track"}, id="unknown-area"),
        pytest.param("transition_summary", {**PRIME, "CL": "brilliant"}, id="unknown-judgement"),
    ],
)
def test_assessment_areas_must_fit_its_kind(
    app: Baton, nursery: Setting, kind: str, areas: dict[str, str]
) -> None:
    child_id = register(app, nursery, date_of_birth=date(2023, 1, 10), started_on=date(2024, 1, 8))
    with pytest.raises(InvalidField) as refused:
        assess(app, child_id, nursery, kind, TODAY, areas)
    assert refused.value.field == "areas"


# -- the EYFS vocabulary --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        pytest.param(date(2022, 3, 31), date(2024, 3, 30), 23, id="day-before-second-birthday"),
        pytest.param(date(2022, 3, 31), date(2024, 3, 31), 24, id="second-birthday"),
        pytest.param(date(2024, 5, 10), date(2024, 5, 10), 0, id="same-day"),
        pytest.param(date(2024, 5, 10), date(2024, 6, 9), 0, id="a-day-short-of-a-month"),
        pytest.param(date(2024, 12, 15), date(2025, 1, 15), 1, id="across-new-year"),
        pytest.param(date(2020, 2, 29), date(2021, 2, 28), 11, id="leap-day-not-yet-a-year"),
        pytest.param(date(2020, 2, 29), date(2021, 3, 1), 12, id="leap-day-a-year-on-1-march"),
        pytest.param(date(2019, 6, 16), date(2025, 6, 16), 72, id="sixth-birthday"),
    ],
)
def test_months_between_counts_whole_months(start: date, end: date, months: int) -> None:
    assert months_between(start, end) == months


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("COM_E01", None),
        ("EXP_E17", None),
        ("G01", "G01 is a 2012 EYFS profile code; use the DfE's 2021 codes, COM_E01 to EXP_E17"),
        ("G17", "2012 EYFS profile"),
        ("CL_G01", "2012 EYFS profile"),
        ("CL_E01", "CL_E01 is not a DfE code; the DfE's code for listening, attention and"),
        ("EAD_E17", "the DfE's code for being imaginative and expressive is EXP_E17"),
        ("PSED_E03", "is PSE_E03"),
        ("COM_E18", "not an early learning goal"),
        ("G18", "not an early learning goal"),
        ("com_e01", "not an early learning goal"),
        ("", "not an early learning goal"),
    ],
)
def test_goal_code_problem_says_why_a_code_is_not_a_dfe_2021_goal(
    code: str, problem: str | None
) -> None:
    found = goal_code_problem(code)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


# -- snapshots ------------------------------------------------------------------------------------


def sqlite_env(path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


def test_child_read_back_from_a_snapshot_is_the_child_written(tmp_path: Path, clock: Clock) -> None:
    """Dates, instants and nested records survive JSON snapshots, read by a fresh process."""
    db = tmp_path / "events.sqlite"
    writer = Baton(env=sqlite_env(db), clock=clock, snapshot_interval=2)
    nursery = a_setting(writer)
    childminder = a_setting(writer, "childminder")
    child_id = register(
        writer, nursery, date_of_birth=date(2023, 1, 10), started_on=date(2024, 1, 8)
    )
    writer.enrol_child(child_id, childminder.id, date(2024, 9, 2), nursery.staff_id)
    writer.assign_key_person(child_id, nursery.id, nursery.staff_id)
    first = observe(
        writer, child_id, nursery, elgs=["COM_E01"], characteristics=["active_learning"]
    )
    clock.advance(minutes=5)
    writer.correct_entry(
        child_id,
        first,
        text="Corrected.",
        reason="typo",
        setting_id=nursery.id,
        corrected_by=nursery.staff_id,
    )
    clock.advance(minutes=5)
    second = observe(writer, child_id, childminder, area="PD", observed_on=TODAY)
    writer.withdraw_entry(
        child_id, second, reason=None, setting_id=childminder.id, withdrawn_by=childminder.staff_id
    )
    assess(writer, child_id, nursery, "progress_check_at_two", TODAY, PRIME)
    # The state as every event, replayed from the first, makes it.
    replayed: Child | None = project_aggregate(None, writer.events.get(child_id))
    assert isinstance(replayed, Child) and replayed.version >= 8
    assert writer.snapshots is not None
    snapshots = list(writer.snapshots.get(child_id, desc=True, limit=1))
    assert snapshots and snapshots[0].originator_version >= replayed.version - 1
    writer.close()

    reader = Baton(env=sqlite_env(db), clock=clock, snapshot_interval=2)
    try:
        read = reader.child(child_id)
        assert isinstance(read, Child)
        assert vars(read) == vars(replayed)
        entry = read.entry(first)
        assert type(entry["dated"]) is date and type(entry["recorded_at"]) is datetime
        assert entry["recorded_at"] == NOW
        assert type(entry["corrections"][0]["corrected_at"]) is datetime
        assert type(read.enrolments[1]["started_on"]) is date
        assert read.key_persons == {str(nursery.id): str(nursery.staff_id)}
        assert [UUID(e["id"]) for e in read.entries_of("observation")] == [second, first]
        # The journey carries on from the snapshot.
        observe(reader, child_id, nursery, area="M")
        assert len(reader.child(child_id).entries_of("observation")) == 3
    finally:
        reader.close()
