"""Learning-journey commands: registering and enrolling children, recording observations,
voices and assessments, corrections and withdrawals, and a DSL's break-glass access."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from consent.consents import ChildConsents, consents_id
from domain.base import Written, new
from domain.errors import InvalidField, NotEnrolledHere
from domain.journey.child import Child
from domain.journey.eyfs import SendStatus, member_of
from domain.organisations.commands import OrganisationCommands


class JourneyCommands(OrganisationCommands):
    def check_registration(
        self, setting_id: UUID, send_status: str, date_of_birth: date, started_on: date
    ) -> None:
        """Every rule a registration must meet, checked without writing anything."""
        self.setting(setting_id)
        member_of(SendStatus, "send_status", send_status)
        Child.check_registration(date_of_birth, started_on, self.today())

    def register_child(
        self,
        *,
        given_name: str,
        family_name: str,
        preferred_name: str | None,
        date_of_birth: date,
        home_languages: list[str],
        send_status: str,
        setting_id: UUID,
        started_on: date,
        registered_by: UUID,
        child_id: UUID | None = None,
    ) -> Written[Any]:
        self.check_registration(setting_id, send_status, date_of_birth, started_on)
        kwargs: dict[str, Any] = dict(
            given_name=given_name,
            family_name=family_name,
            preferred_name=preferred_name,
            date_of_birth=date_of_birth,
            home_languages=home_languages,
            send_status=send_status,
            setting_id=setting_id,
            started_on=started_on,
            registered_by=registered_by,
        )
        child = new(Child, child_id, **kwargs)
        return Written(child.id, self._save(child), child)

    def enrol_child(
        self, child_id: UUID, setting_id: UUID, started_on: date, enrolled_by: UUID
    ) -> Written[Any]:
        """Enrol, unconditionally: requests go through ``EnrolmentCommands``, which ask for
        both settings' agreement or a parent's consent first."""
        self.setting(setting_id)
        today = self.today()
        position, state = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.enrol(setting_id, started_on, enrolled_by, today),
        )
        return Written(child_id, position, state)

    def assign_key_person(self, child_id: UUID, setting_id: UUID, staff_id: UUID) -> Written[Any]:
        if self.organisation(setting_id).member(staff_id) is None:
            raise InvalidField("staff_id", "is not a member of staff at this setting")
        position, state = self._update(
            Child, child_id, "the child", lambda c: c.assign_key_person(setting_id, staff_id)
        )
        return Written(child_id, position, state)

    def _record_entry(
        self,
        child_id: UUID,
        record: Callable[[Child, UUID, datetime], None],
        *,
        setting_id: UUID,
        recorded_by: UUID,
        shared_with_parents: bool,
    ) -> Written[Any]:
        """Record a new entry (``record(child, entry_id, now)``); shared with the child's
        parents in the same save when ``shared_with_parents``, so it is never recorded
        without the sharing that was asked for."""
        entry_id, now = uuid4(), self.clock()

        def change(c: Child) -> None:
            record(c, entry_id, now)
            if shared_with_parents:
                c.share_with_parents(entry_id, setting_id, recorded_by, now)

        position, state = self._update(Child, child_id, "the child", change)
        return Written(entry_id, position, state)

    def record_observation(
        self,
        child_id: UUID,
        *,
        area: str,
        text: str,
        observed_on: date,
        elgs: list[str],
        characteristics: list[str],
        setting_id: UUID,
        recorded_by: UUID,
        shared_with_parents: bool = False,
    ) -> Written[Any]:
        return self._record_entry(
            child_id,
            lambda c, entry_id, now: c.record_observation(
                entry_id,
                area,
                text,
                observed_on,
                elgs,
                characteristics,
                setting_id,
                recorded_by,
                now,
            ),
            setting_id=setting_id,
            recorded_by=recorded_by,
            shared_with_parents=shared_with_parents,
        )

    def record_voice(
        self,
        child_id: UUID,
        *,
        kind: str,
        text: str,
        recorded_on: date,
        setting_id: UUID,
        recorded_by: UUID,
        shared_with_parents: bool = False,
    ) -> Written[Any]:
        return self._record_entry(
            child_id,
            lambda c, entry_id, now: c.record_voice(
                entry_id, kind, text, recorded_on, setting_id, recorded_by, now
            ),
            setting_id=setting_id,
            recorded_by=recorded_by,
            shared_with_parents=shared_with_parents,
        )

    def record_assessment(
        self,
        child_id: UUID,
        *,
        kind: str,
        assessed_on: date,
        summary: str,
        areas: dict[str, str],
        setting_id: UUID,
        recorded_by: UUID,
        shared_with_parents: bool = False,
    ) -> Written[Any]:
        return self._record_entry(
            child_id,
            lambda c, entry_id, now: c.record_assessment(
                entry_id, kind, assessed_on, summary, areas, setting_id, recorded_by, now
            ),
            setting_id=setting_id,
            recorded_by=recorded_by,
            shared_with_parents=shared_with_parents,
        )

    def record_eyfs_profile(
        self,
        child_id: UUID,
        *,
        assessed_on: date,
        goals: dict[str, str],
        comments: str | None,
        school_id: UUID,
        recorded_by: UUID,
    ) -> Written[Any]:
        """The school's EYFS profile of the child (a correction when one is recorded already)."""
        profile_id, now = uuid4(), self.clock()
        position, state = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.record_eyfs_profile(
                profile_id, assessed_on, goals, comments, school_id, recorded_by, now
            ),
        )
        return Written(profile_id, position, state)

    def correct_entry(
        self,
        child_id: UUID,
        entry_id: UUID,
        *,
        text: str,
        reason: str | None,
        setting_id: UUID,
        corrected_by: UUID,
    ) -> Written[Any]:
        correction_id, now = uuid4(), self.clock()
        position, state = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.correct_entry(
                entry_id,
                correction_id,
                text,
                reason,
                setting_id,
                corrected_by,
                now,
            ),
        )
        return Written(correction_id, position, state)

    def withdraw_entry(
        self,
        child_id: UUID,
        entry_id: UUID,
        *,
        reason: str | None,
        setting_id: UUID,
        withdrawn_by: UUID,
    ) -> Written[Any]:
        now = self.clock()
        position, state = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.withdraw_entry(
                entry_id,
                reason,
                setting_id,
                withdrawn_by,
                now,
            ),
        )
        return Written(entry_id, position, state)

    def change_send_status(
        self, child_id: UUID, send_status: str, setting_id: UUID, changed_by: UUID
    ) -> Written[Any]:
        position, state = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.change_send_status(
                send_status,
                setting_id,
                changed_by,
            ),
        )
        return Written(child_id, position, state)

    def attach_photo(
        self,
        child_id: UUID,
        entry_id: UUID,
        *,
        digest: str,
        setting_id: UUID,
        attached_by: UUID,
        photo_id: UUID | None = None,
    ) -> Written[Child]:
        """Record that a photo belongs to an entry; the caller keeps its pixels in the same
        unit of work (they are not an event: erasure must be able to delete them)."""
        photo_id, now = photo_id or uuid4(), self.clock()
        position, state = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.attach_photo(photo_id, entry_id, digest, setting_id, attached_by, now),
        )
        return Written(photo_id, position, state)

    def open_break_glass(
        self, child_id: UUID, *, staff_id: UUID, org_id: UUID, justification: str, hours: int = 24
    ) -> Written[Child]:
        """Emergency read access for a DSL outside the normal relationship, for ``hours``: only
        for a DSL of an organisation with a recorded link to the child (``linked``)."""
        if not self.linked(self.child(child_id), org_id):
            raise NotEnrolledHere("the organisation has no recorded link with the child")
        now = self.clock()
        until = now + timedelta(hours=hours)
        position, state = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.open_break_glass(staff_id, org_id, justification, now, until),
        )
        return Written(child_id, position, state)

    def linked(self, child: Child, org_id: UUID) -> bool:
        """Whether the organisation has a recorded link with the child: an enrolment (past or
        present), a packet it received, or a parent's consent naming it (whatever its status)."""
        org = str(org_id)
        if any(e["setting_id"] == org for e in child.enrolments):
            return True
        if any(h["school_id"] == org for h in child.handovers):
            return True
        consents = self._find(ChildConsents, consents_id(child.id))
        return consents is not None and any(c["recipient_id"] == org for c in consents.all())
