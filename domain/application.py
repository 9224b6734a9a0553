"""The Baton application: each method is one command handler (load, call one method, save)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding

from consent.consents import ChildConsents, consents_id
from consent.policy import Decision, ShareRequest, decide
from consent.vocabulary import Category, Purpose
from domain.child import Child, Entry, EntryType
from domain.credentials import issue_token
from domain.errors import ConcurrentUpdate, InvalidField, NotFound
from domain.eyfs import SendStatus, member_of
from domain.organisation import Organisation, OrganisationKind, StaffRecord

A = TypeVar("A", bound=Aggregate)
ENGLAND = ZoneInfo("Europe/London")
WRITE_ATTEMPTS = 30
BACKOFF_CAP = 0.05  # seconds; jittered, so that writers that collided spread out


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@dataclass(frozen=True)
class Written:
    """What a command wrote: the id it concerns and the log position to wait on for views."""

    id: UUID
    position: int


@dataclass(frozen=True)
class IssuedStaff:
    member: StaffRecord
    token: str
    position: int


def new(cls: type[A], aggregate_id: UUID | None, created: str = "Registered", **kwargs: Any) -> A:
    """A new aggregate with a chosen id (the demo's stable ids) or a random one."""
    event_class = getattr(cls, created)
    aggregate: A = cls._create(event_class, id=aggregate_id or uuid4(), **kwargs)
    return aggregate


def utc_now() -> datetime:
    return datetime.now(UTC)


class Baton(Application[UUID]):
    """Organisations, staff and children's learning journeys, as event-sourced aggregates."""

    name = "Baton"
    snapshotting_intervals = {Child: 50, Organisation: 50, ChildConsents: 50}  # noqa: RUF012 - the library's own

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = utc_now,
        snapshot_interval: int = 50,
    ) -> None:
        super().__init__(env)
        self.clock = clock
        self._saved_callbacks: list[Callable[[], None]] = []
        # An instance attribute shadows the library's class-level default with the configured one.
        self.snapshotting_intervals = {  # type: ignore[misc]
            Child: snapshot_interval,
            Organisation: snapshot_interval,
            ChildConsents: snapshot_interval,
        }

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def today(self) -> date:
        """The date in England, where every setting and school is."""
        return self.clock().astimezone(ENGLAND).date()

    # -- reading -------------------------------------------------------------------------

    def _load(self, cls: type[A], aggregate_id: UUID, what: str) -> A:
        try:
            found: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(what) from None
        if not isinstance(found, cls):
            raise NotFound(what)
        return found

    def organisation(self, org_id: UUID) -> Organisation:
        return self._load(Organisation, org_id, "the organisation")

    def child(self, child_id: UUID) -> Child:
        return self._load(Child, child_id, "the child")

    def setting(self, setting_id: UUID, field: str = "setting_id") -> Organisation:
        """An early-years setting (not a school), or InvalidField naming ``field``."""
        try:
            org = self.organisation(setting_id)
        except NotFound:
            raise InvalidField(field, "no such organisation") from None
        if not org.kind.is_setting:
            raise InvalidField(field, "is a school; children are enrolled at early-years settings")
        return org

    # -- writing -------------------------------------------------------------------------

    def on_saved(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every save in this process (wakes in-process projections)."""
        self._saved_callbacks.append(callback)

    def _save(self, *aggregates: Aggregate) -> int:
        recordings = self.save(*aggregates)
        for callback in self._saved_callbacks:
            callback()
        return max((r.notification.id for r in recordings), default=0)

    def _update(
        self, cls: type[A], aggregate_id: UUID, what: str, change: Callable[[A], Any]
    ) -> int:
        """Load, change, save; on a version conflict load again and retry, so no write is lost."""
        return self._retrying(lambda: self._load(cls, aggregate_id, what), change, what)

    def _retrying(self, load: Callable[[], A], change: Callable[[A], Any], what: str) -> int:
        pause = threading.Event()
        for attempt in range(WRITE_ATTEMPTS):
            aggregate = load()
            change(aggregate)
            try:
                return self._save(aggregate)
            except IntegrityError:
                pause.wait(random.uniform(0, min(BACKOFF_CAP, 0.001 * 2**attempt)))  # noqa: S311
        raise ConcurrentUpdate(f"{what} is being changed by many writers at once; try again")

    def create_organisation(
        self, name: str, kind: str, urn: str | None, org_id: UUID | None = None
    ) -> Written:
        kind = member_of(OrganisationKind, "kind", kind).value
        org = new(Organisation, org_id, name=name, kind=kind, urn=urn)
        return Written(org.id, self._save(org))

    def add_staff(
        self,
        org_id: UUID,
        name: str,
        email: str,
        roles: list[str],
        staff_id: UUID | None = None,
        secret: str | None = None,
    ) -> IssuedStaff:
        staff_id = staff_id or uuid4()
        token, token_hash = issue_token(org_id, staff_id, secret)
        position = self._update(
            Organisation,
            org_id,
            "the organisation",
            lambda org: org.add_staff(staff_id, name, email, roles, token_hash),
        )
        member = self.organisation(org_id).member(staff_id)
        assert member is not None
        return IssuedStaff(member, token, position)

    def reissue_token(self, org_id: UUID, staff_id: UUID, token_hash: str) -> Written:
        position = self._update(
            Organisation,
            org_id,
            "the organisation",
            lambda org: org.reissue_token(staff_id, token_hash),
        )
        return Written(staff_id, position)

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
    ) -> Written:
        self.setting(setting_id)
        member_of(SendStatus, "send_status", send_status)
        Child.check_registration(date_of_birth, started_on, self.today())
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
        return Written(child.id, self._save(child))

    def enrol_child(
        self, child_id: UUID, setting_id: UUID, started_on: date, enrolled_by: UUID
    ) -> Written:
        self.setting(setting_id)
        today = self.today()
        position = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.enrol(setting_id, started_on, enrolled_by, today),
        )
        return Written(child_id, position)

    def assign_key_person(self, child_id: UUID, setting_id: UUID, staff_id: UUID) -> Written:
        if self.organisation(setting_id).member(staff_id) is None:
            raise InvalidField("staff_id", "is not a member of staff at this setting")
        position = self._update(
            Child, child_id, "the child", lambda c: c.assign_key_person(setting_id, staff_id)
        )
        return Written(child_id, position)

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
    ) -> Written:
        entry_id, now = uuid4(), self.clock()
        position = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.record_observation(
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
        )
        return Written(entry_id, position)

    def record_voice(
        self,
        child_id: UUID,
        *,
        kind: str,
        text: str,
        recorded_on: date,
        setting_id: UUID,
        recorded_by: UUID,
    ) -> Written:
        entry_id, now = uuid4(), self.clock()
        position = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.record_voice(
                entry_id,
                kind,
                text,
                recorded_on,
                setting_id,
                recorded_by,
                now,
            ),
        )
        return Written(entry_id, position)

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
    ) -> Written:
        entry_id, now = uuid4(), self.clock()
        position = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.record_assessment(
                entry_id,
                kind,
                assessed_on,
                summary,
                areas,
                setting_id,
                recorded_by,
                now,
            ),
        )
        return Written(entry_id, position)

    def correct_entry(
        self,
        child_id: UUID,
        entry_id: UUID,
        *,
        text: str,
        reason: str | None,
        setting_id: UUID,
        corrected_by: UUID,
    ) -> Written:
        correction_id, now = uuid4(), self.clock()
        position = self._update(
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
        return Written(correction_id, position)

    def withdraw_entry(
        self,
        child_id: UUID,
        entry_id: UUID,
        *,
        reason: str | None,
        setting_id: UUID,
        withdrawn_by: UUID,
    ) -> Written:
        now = self.clock()
        position = self._update(
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
        return Written(entry_id, position)

    def change_send_status(
        self, child_id: UUID, send_status: str, setting_id: UUID, changed_by: UUID
    ) -> Written:
        position = self._update(
            Child,
            child_id,
            "the child",
            lambda c: c.change_send_status(
                send_status,
                setting_id,
                changed_by,
            ),
        )
        return Written(child_id, position)

    # -- consent and sharing --------------------------------------------------------------

    def consents(self, child_id: UUID) -> ChildConsents | None:
        """The child's consents aggregate, or None while no consent was ever recorded."""
        try:
            found: object = self.repository.get(consents_id(child_id))
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, ChildConsents) else None

    def give_consent(
        self,
        child_id: UUID,
        *,
        given_by: str,
        relationship: str,
        parental_responsibility: bool,
        recipient_id: UUID,
        purpose: str,
        categories: list[str],
        valid_from: date | None,
        valid_until: date | None,
        evidence: str | None,
        setting_id: UUID,
        recorded_by: UUID,
    ) -> Written:
        """Record what a parent or carer decided about sharing with one school."""
        self.child(child_id).check_enrolled_at(setting_id)
        try:
            recipient = self.organisation(recipient_id)
        except NotFound:
            raise InvalidField("recipient_id", "no such organisation") from None
        if recipient.kind is not OrganisationKind.SCHOOL:
            raise InvalidField("recipient_id", "consent to share is given for a school")
        consent_id, now = uuid4(), self.clock()

        def give(consents: ChildConsents) -> None:
            consents.give(
                consent_id=consent_id,
                given_by=given_by,
                relationship=relationship,
                parental_responsibility=parental_responsibility,
                recipient_id=recipient_id,
                purpose=purpose,
                categories=categories,
                valid_from=valid_from or self.today(),
                valid_until=valid_until,
                evidence=evidence,
                setting_id=setting_id,
                recorded_by=recorded_by,
                recorded_at=now,
            )

        return Written(consent_id, self._change_consents(child_id, give))

    def withdraw_consent(
        self,
        child_id: UUID,
        consent_id: UUID,
        *,
        withdrawn_by: str,
        reason: str | None,
        setting_id: UUID,
        recorded_by: UUID,
    ) -> Written:
        """Stop future sharing at once; the consent and its history stay visible."""
        self.child(child_id).check_enrolled_at(setting_id)
        now = self.clock()
        position = self._change_consents(
            child_id, lambda c: c.withdraw(consent_id, withdrawn_by, reason, recorded_by, now)
        )
        return Written(consent_id, position)

    def expire_consents(self, child_id: UUID) -> int:
        """Record the end of consents whose period is over (run by the worker's sweep)."""
        now = self.clock()
        return self._change_consents(child_id, lambda c: c.expire_ended(now))

    def _change_consents(self, child_id: UUID, change: Callable[[ChildConsents], Any]) -> int:
        def load() -> ChildConsents:
            return self.consents(child_id) or new(
                ChildConsents, consents_id(child_id), created="Opened", child_id=child_id
            )

        return self._retrying(load, change, "the child's consents")

    def decide(self, request: ShareRequest) -> Decision:
        """The policy's decision on one share, on the latest recorded consents."""
        consents = self.consents(request.child_id)
        return decide(request, consents.all() if consents else [])

    def shared_entries(
        self, child: Child, entry_type: EntryType, viewer_org_id: UUID
    ) -> list[Entry]:
        """A setting's view of the journey: its own entries, and others' the policy allows."""
        category = ENTRY_CATEGORIES[entry_type]
        now = self.clock()
        consents = self.consents(child.id)
        records = consents.all() if consents else []
        visible = []
        for entry in child.entries_of(entry_type):
            if entry["setting_id"] == str(viewer_org_id):
                visible.append(entry)
                continue
            request = ShareRequest(
                child_id=child.id,
                category=category,
                recipient_id=viewer_org_id,
                purpose=Purpose.CARE,
                at=now,
                recipient_attends_with_child=child.is_enrolled_at(viewer_org_id),
                progress_check=entry["kind"] == "progress_check_at_two",
            )
            if decide(request, records):
                visible.append(entry)
        return visible


ENTRY_CATEGORIES: dict[EntryType, Category] = {
    "observation": Category.JOURNEY,
    "voice": Category.VOICES,
    "assessment": Category.ASSESSMENTS,
}
