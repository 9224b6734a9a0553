"""A child's learning journey: registration, enrolments and the entries settings record.

Entries (observations, voices, assessments) are never edited in place: a correction or a
withdrawal is a new event, and the history keeps both.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any, NotRequired, TypedDict
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from consent.calendar import local_date
from domain.errors import ChildErased, InvalidField, NotEnrolledHere, NotFound, OnHold, RuleBroken
from domain.journey.entries import (
    Correction,
    Entry,
    EntryType,
    Withdrawal,
    check_assessment,
    check_observation,
    new_entry,
)
from domain.journey.eyfs import (
    RECEPTION_BEFORE_MONTHS,
    RECEPTION_FROM_MONTHS,
    Area,
    AssessmentKind,
    SendStatus,
    VoiceKind,
    check_profile_goals,
    dfe_goal_codes,
    member_of,
)
from domain.organisations.organisation import Role

EARLY_YEARS_END_MONTHS = (
    72  # the early years end with the reception year, before a child's sixth birthday
)


class Enrolment(TypedDict):
    setting_id: str
    started_on: date
    enrolled_by: str
    left_on: NotRequired[date]  # recorded when the child leaves the setting


class Hold(TypedDict):
    """A DSL's hold on the child's record (a child protection matter): no erasure while on."""

    id: str
    reason: str
    org_id: str
    placed_by: str
    placed_at: datetime
    released_by: str | None
    released_at: datetime | None


class AttachedPhoto(TypedDict):
    """What the journey knows of a photo: its entry and its digest (never its pixels)."""

    id: str
    entry_id: str
    sha256: str  # of the image kept (resized, metadata stripped)
    setting_id: str
    # Other children the photo shows (tagged by staff): a parent sees it only with every one
    # of those children's parents' agreement (``group_photos_agreed``).
    also_shows: NotRequired[list[str]]


class ParentLink(TypedDict):
    """A parent or carer who signs in to see this child's shared journal (their name and email
    live on their own account, ``domain/parents/parent.py``)."""

    parent_id: str
    relationship: str
    setting_id: str  # the setting that invited them
    linked_by: str
    active: bool  # False once a manager ended their access
    ended_reason: str | None
    # Whether photos showing this child with other children may be shown to those children's
    # families: None until the parent decides.
    group_photos: bool | None


class EyfsProfile(TypedDict):
    """The EYFS profile a school records at the end of the reception year: each of the 17 goals
    ``expected`` or ``emerging``. Never edited: a correction is a later profile that
    ``replaces`` the one before it."""

    id: str
    assessed_on: date
    goals: dict[str, str]  # DfE code -> "expected" | "emerging", in the DfE's order
    comments: str | None
    setting_id: str  # the school
    recorded_by: str
    recorded_at: datetime
    replaces: str | None


PHOTO_ENTRY_TYPES = ("observation", "voice")
MAX_PHOTOS_PER_ENTRY = 10


def display_name(given_name: str, preferred_name: str | None, family_name: str) -> str:
    """The name a child is known by: the preferred name, else the given one, then the family's."""
    return f"{preferred_name or given_name} {family_name}"


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``.

    >>> months_between(date(2022, 3, 31), date(2024, 3, 30))
    23
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


# The name this aggregate's events are stored under (``module:Class.Event``), fixed where it was
# first written: views select events by it and the store finds old events by it, so a move of
# this module never renames a stored event.
STORED_AS = "domain.child:Child"


class Child(Aggregate):
    TOPIC = STORED_AS
    # Version 2: goals carry the DfE's codes. Snapshots and observations stored at version 1
    # carried Baton's own codes (``CL_E01``) and are read with the DfE's (``COM_E01``).
    class_version = 2
    # Set by the Erased event; the class default serves children recorded before erasure was.
    erased_at: datetime | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        for entry in state["entries"].values():
            if "elgs" in entry:
                entry["elgs"] = dfe_goal_codes(entry["elgs"])

    class Created(Aggregate.Created):
        TOPIC = f"{STORED_AS}.Created"

    class ObservationRecorded(Aggregate.Event):
        TOPIC = f"{STORED_AS}.ObservationRecorded"
        class_version = 2
        entry_id: UUID
        area: str
        text: str
        observed_on: date
        elgs: list[str]
        characteristics: list[str]
        setting_id: UUID
        recorded_by: UUID
        recorded_at: datetime

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["elgs"] = dfe_goal_codes(state["elgs"])

    @event("Registered", topic=f"{STORED_AS}.Registered")
    def __init__(
        self,
        given_name: str,
        family_name: str,
        preferred_name: str | None,
        date_of_birth: date,
        home_languages: list[str],
        send_status: str,
        setting_id: UUID,
        started_on: date,
        registered_by: UUID,
    ) -> None:
        self.given_name = given_name
        self.family_name = family_name
        self.preferred_name = preferred_name
        self.date_of_birth = date_of_birth
        self.home_languages = home_languages
        self.send_status = send_status
        self.enrolments: list[Enrolment] = [
            Enrolment(
                setting_id=str(setting_id), started_on=started_on, enrolled_by=str(registered_by)
            )
        ]
        self.key_persons: dict[str, str] = {}
        self.entries: dict[str, Entry] = {}
        self.entry_order: list[str] = []
        self.handovers: list[dict[str, str]] = []
        self.break_glass: list[dict[str, str]] = []

    # -- rules ---------------------------------------------------------------------------

    @staticmethod
    def check_registration(date_of_birth: date, started_on: date, today: date) -> None:
        if date_of_birth > today:
            raise InvalidField("date_of_birth", "is in the future")
        if months_between(date_of_birth, today) >= EARLY_YEARS_END_MONTHS:
            raise InvalidField("date_of_birth", "the child is older than the early years (under 6)")
        check_start(date_of_birth, started_on, today)

    def check_enrolled_at(self, setting_id: UUID) -> None:
        if not self.is_enrolled_at(setting_id):
            raise NotEnrolledHere(f"the child is not enrolled at {setting_id}")

    def check_dated(self, field: str, day: date, today: date) -> None:
        if day > today:
            raise InvalidField(field, "is in the future")
        if day < self.date_of_birth:
            raise InvalidField(field, "is before the child's date of birth")

    def entry(self, entry_id: UUID) -> Entry:
        found = self.entries.get(str(entry_id))
        if found is None:
            raise NotFound("the entry")
        return found

    def check_amendable(self, entry_id: UUID, setting_id: UUID) -> Entry:
        found = self.entry(entry_id)
        if found["withdrawal"] is not None:
            raise RuleBroken(
                "the entry has been withdrawn; its history can be read but not amended"
            )
        if found["setting_id"] != str(setting_id):
            raise RuleBroken("only the setting that recorded an entry may correct or withdraw it")
        return found

    # -- queries -------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return display_name(self.given_name, self.preferred_name, self.family_name)

    def is_enrolled_at(self, setting_id: UUID) -> bool:
        """Enrolled there now: an enrolment the child has not left."""
        return any(
            e["setting_id"] == str(setting_id) and "left_on" not in e for e in self.enrolments
        )

    def has_enrolled_at(self, setting_id: UUID) -> bool:
        """Enrols or enrolled: a setting the child left keeps what it recorded, read-only."""
        return any(e["setting_id"] == str(setting_id) for e in self.enrolments)

    def entries_of(self, entry_type: EntryType) -> list[Entry]:
        """Entries of one type, newest first (by date, then by when they were recorded)."""
        found = [self.entries[i] for i in self.entry_order if self.entries[i]["type"] == entry_type]
        return sorted(found, key=lambda e: (e["dated"], e["recorded_at"], e["id"]), reverse=True)

    # -- commands ------------------------------------------------------------------------

    def enrol(self, setting_id: UUID, started_on: date, enrolled_by: UUID, today: date) -> None:
        if self.is_enrolled_at(setting_id):
            raise RuleBroken("the child is already enrolled at that setting")
        check_start(self.date_of_birth, started_on, today)
        self._enrolled(setting_id=setting_id, started_on=started_on, enrolled_by=enrolled_by)

    @event("Enrolled", topic=f"{STORED_AS}.Enrolled")
    def _enrolled(self, setting_id: UUID, started_on: date, enrolled_by: UUID) -> None:
        self.enrolments.append(
            Enrolment(
                setting_id=str(setting_id), started_on=started_on, enrolled_by=str(enrolled_by)
            )
        )

    def assign_key_person(self, setting_id: UUID, staff_id: UUID) -> None:
        self.check_enrolled_at(setting_id)
        self._key_person_assigned(setting_id=setting_id, staff_id=staff_id)

    @event("KeyPersonAssigned", topic=f"{STORED_AS}.KeyPersonAssigned")
    def _key_person_assigned(self, setting_id: UUID, staff_id: UUID) -> None:
        self.key_persons[str(setting_id)] = str(staff_id)

    def record_observation(
        self,
        entry_id: UUID,
        area: str,
        text: str,
        observed_on: date,
        elgs: list[str],
        characteristics: list[str],
        setting_id: UUID,
        recorded_by: UUID,
        recorded_at: datetime,
    ) -> None:
        self.check_enrolled_at(setting_id)
        member_of(Area, "area", area)
        self.check_dated("observed_on", observed_on, local_date(recorded_at))
        check_observation(elgs, characteristics)
        self._observation_recorded(
            entry_id=entry_id,
            area=area,
            text=text,
            observed_on=observed_on,
            elgs=sorted(set(elgs)),
            characteristics=sorted(set(characteristics)),
            setting_id=setting_id,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        )

    @event(ObservationRecorded)
    def _observation_recorded(
        self,
        entry_id: UUID,
        area: str,
        text: str,
        observed_on: date,
        elgs: list[str],
        characteristics: list[str],
        setting_id: UUID,
        recorded_by: UUID,
        recorded_at: datetime,
    ) -> None:
        new = self._add_entry(
            new_entry(
                "observation",
                entry_id,
                None,
                area,
                text,
                observed_on,
                setting_id,
                recorded_by,
                recorded_at,
            )
        )
        new["elgs"] = elgs
        new["characteristics"] = characteristics

    def record_voice(
        self,
        entry_id: UUID,
        kind: str,
        text: str,
        recorded_on: date,
        setting_id: UUID,
        recorded_by: UUID,
        recorded_at: datetime,
    ) -> None:
        self.check_enrolled_at(setting_id)
        member_of(VoiceKind, "kind", kind)
        self.check_dated("recorded_on", recorded_on, local_date(recorded_at))
        self._voice_recorded(
            entry_id=entry_id,
            kind=kind,
            text=text,
            recorded_on=recorded_on,
            setting_id=setting_id,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        )

    @event("VoiceRecorded", topic=f"{STORED_AS}.VoiceRecorded")
    def _voice_recorded(
        self,
        entry_id: UUID,
        kind: str,
        text: str,
        recorded_on: date,
        setting_id: UUID,
        recorded_by: UUID,
        recorded_at: datetime,
    ) -> None:
        self._add_entry(
            new_entry(
                "voice",
                entry_id,
                kind,
                None,
                text,
                recorded_on,
                setting_id,
                recorded_by,
                recorded_at,
            )
        )

    def record_assessment(
        self,
        entry_id: UUID,
        kind: str,
        assessed_on: date,
        summary: str,
        areas: dict[str, str],
        setting_id: UUID,
        recorded_by: UUID,
        recorded_at: datetime,
    ) -> None:
        self.check_enrolled_at(setting_id)
        self.check_dated("assessed_on", assessed_on, local_date(recorded_at))
        self.check_assessment(member_of(AssessmentKind, "kind", kind), assessed_on, areas)
        self._assessment_recorded(
            entry_id=entry_id,
            kind=kind,
            assessed_on=assessed_on,
            summary=summary,
            areas=areas,
            setting_id=setting_id,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        )

    def check_assessment(
        self, kind: AssessmentKind, assessed_on: date, areas: dict[str, str]
    ) -> None:
        check_assessment(kind, months_between(self.date_of_birth, assessed_on), areas)

    @event("AssessmentRecorded", topic=f"{STORED_AS}.AssessmentRecorded")
    def _assessment_recorded(
        self,
        entry_id: UUID,
        kind: str,
        assessed_on: date,
        summary: str,
        areas: dict[str, str],
        setting_id: UUID,
        recorded_by: UUID,
        recorded_at: datetime,
    ) -> None:
        new = self._add_entry(
            new_entry(
                "assessment",
                entry_id,
                kind,
                None,
                summary,
                assessed_on,
                setting_id,
                recorded_by,
                recorded_at,
            )
        )
        new["areas"] = areas

    def _add_entry(self, new: Entry) -> Entry:
        self.entries[new["id"]] = new
        self.entry_order.append(new["id"])
        return new

    def correct_entry(
        self,
        entry_id: UUID,
        correction_id: UUID,
        text: str,
        reason: str | None,
        setting_id: UUID,
        corrected_by: UUID,
        corrected_at: datetime,
    ) -> None:
        if self.check_amendable(entry_id, setting_id).get("recorded_by_parent"):
            raise RuleBroken(
                "a parent's moment from home is in their own words: the setting may withdraw "
                "it, but not correct it"
            )
        self._entry_corrected(
            entry_id=entry_id,
            correction_id=correction_id,
            text=text,
            reason=reason,
            setting_id=setting_id,
            corrected_by=corrected_by,
            corrected_at=corrected_at,
        )

    @event("EntryCorrected", topic=f"{STORED_AS}.EntryCorrected")
    def _entry_corrected(
        self,
        entry_id: UUID,
        correction_id: UUID,
        text: str,
        reason: str | None,
        setting_id: UUID,
        corrected_by: UUID,
        corrected_at: datetime,
    ) -> None:
        self.entries[str(entry_id)]["corrections"].append(
            Correction(
                id=str(correction_id),
                text=text,
                reason=reason,
                corrected_by=str(corrected_by),
                setting_id=str(setting_id),
                corrected_at=corrected_at,
            )
        )

    def withdraw_entry(
        self,
        entry_id: UUID,
        reason: str | None,
        setting_id: UUID,
        withdrawn_by: UUID,
        withdrawn_at: datetime,
    ) -> None:
        self.check_amendable(entry_id, setting_id)
        self._entry_withdrawn(
            entry_id=entry_id,
            reason=reason,
            setting_id=setting_id,
            withdrawn_by=withdrawn_by,
            withdrawn_at=withdrawn_at,
        )

    @event("EntryWithdrawn", topic=f"{STORED_AS}.EntryWithdrawn")
    def _entry_withdrawn(
        self,
        entry_id: UUID,
        reason: str | None,
        setting_id: UUID,
        withdrawn_by: UUID,
        withdrawn_at: datetime,
    ) -> None:
        self.entries[str(entry_id)]["withdrawal"] = Withdrawal(
            reason=reason,
            withdrawn_by=str(withdrawn_by),
            setting_id=str(setting_id),
            withdrawn_at=withdrawn_at,
        )

    # -- parents and carers -------------------------------------------------------------------

    @property
    def parents(self) -> dict[str, ParentLink]:
        """Every parent or carer linked to the child, by parent id (children recorded before
        parents signed in have none)."""
        found: dict[str, ParentLink] = self.__dict__.setdefault("parent_links", {})
        return found

    def parent_may_see(self, parent_id: UUID) -> bool:
        """The parent's access to this child is open: linked, and not ended by a manager."""
        link = self.parents.get(str(parent_id))
        return link is not None and link["active"]

    def link_parent(
        self, parent_id: UUID, relationship: str, setting_id: UUID, linked_by: UUID
    ) -> None:
        """A setting enrolling the child invites a parent or carer (again, after an ending)."""
        self.check_enrolled_at(setting_id)
        if self.parent_may_see(parent_id):
            raise RuleBroken("that parent or carer already has access to this child")
        self._parent_linked(
            parent_id=parent_id,
            relationship=relationship,
            setting_id=setting_id,
            linked_by=linked_by,
        )

    @event("ParentLinked", topic=f"{STORED_AS}.ParentLinked")
    def _parent_linked(
        self, parent_id: UUID, relationship: str, setting_id: UUID, linked_by: UUID
    ) -> None:
        earlier = self.parents.get(str(parent_id))
        self.parents[str(parent_id)] = ParentLink(
            parent_id=str(parent_id),
            relationship=relationship,
            setting_id=str(setting_id),
            linked_by=str(linked_by),
            active=True,
            ended_reason=None,
            group_photos=earlier["group_photos"] if earlier else None,
        )

    def end_parent_access(
        self, parent_id: UUID, setting_id: UUID, ended_by: UUID, reason: str | None
    ) -> None:
        """A manager ends a parent's access (a court order, a change of carer): from now on
        they see nothing of the child, and decide nothing for it on the web."""
        if not self.has_enrolled_at(setting_id):
            raise NotEnrolledHere(f"the child was never enrolled at {setting_id}")
        if not self.parent_may_see(parent_id):
            raise RuleBroken("that parent or carer has no access to this child")
        self._parent_access_ended(parent_id=parent_id, ended_by=ended_by, reason=reason)

    @event("ParentAccessEnded", topic=f"{STORED_AS}.ParentAccessEnded")
    def _parent_access_ended(self, parent_id: UUID, ended_by: UUID, reason: str | None) -> None:
        link = self.parents[str(parent_id)]
        link["active"] = False
        link["ended_reason"] = reason

    def current_settings(self) -> list[str]:
        """The settings enrolling the child now, in the order they enrolled."""
        return [e["setting_id"] for e in self.enrolments if "left_on" not in e]

    def home_setting(self, parent_id: UUID) -> UUID:
        """Where a parent's moments from home go: the setting that invited them while it
        enrols the child, else the first setting enrolling the child now."""
        link = self.parents[str(parent_id)]
        current = self.current_settings()
        if link["setting_id"] in current:
            return UUID(link["setting_id"])
        if not current:
            raise RuleBroken("the child is not at a setting in Baton now")
        return UUID(current[0])

    def record_parent_voice(
        self, entry_id: UUID, text: str, recorded_on: date, parent_id: UUID, recorded_at: datetime
    ) -> None:
        """A moment from home, or the parent's view, written by the parent themselves: a parent
        voice marked as theirs, shared with the child's parents from the start."""
        if not self.parent_may_see(parent_id):
            raise NotFound("the child")
        if not text.strip():
            raise InvalidField("text", "write what happened, or what you think")
        self.check_dated("recorded_on", recorded_on, local_date(recorded_at))
        self._parent_voice_recorded(
            entry_id=entry_id,
            text=text,
            recorded_on=recorded_on,
            setting_id=self.home_setting(parent_id),
            parent_id=parent_id,
            recorded_at=recorded_at,
        )

    @event("ParentVoiceRecorded", topic=f"{STORED_AS}.ParentVoiceRecorded")
    def _parent_voice_recorded(
        self,
        entry_id: UUID,
        text: str,
        recorded_on: date,
        setting_id: UUID,
        parent_id: UUID,
        recorded_at: datetime,
    ) -> None:
        new = self._add_entry(
            new_entry(
                "voice",
                entry_id,
                VoiceKind.PARENT.value,
                None,
                text,
                recorded_on,
                setting_id,
                parent_id,
                recorded_at,
            )
        )
        new["recorded_by_parent"] = True
        new["shared_with_parents"] = True

    def share_with_parents(
        self, entry_id: UUID, setting_id: UUID, shared_by: UUID, shared_at: datetime
    ) -> None:
        """The setting that recorded an entry shows it to the child's parents from now on."""
        entry = self.check_amendable(entry_id, setting_id)
        if entry.get("shared_with_parents"):
            raise RuleBroken("the entry is already shared with the child's parents")
        self._shared_with_parents(entry_id=entry_id, shared_by=shared_by, shared_at=shared_at)

    @event("EntrySharedWithParents", topic=f"{STORED_AS}.EntrySharedWithParents")
    def _shared_with_parents(self, entry_id: UUID, shared_by: UUID, shared_at: datetime) -> None:
        self.entries[str(entry_id)]["shared_with_parents"] = True

    def decide_group_photos(self, parent_id: UUID, agreed: bool, at: datetime) -> None:
        """The parent's answer: may photos showing this child with others be shown to the
        other children's families?"""
        if not self.parent_may_see(parent_id):
            raise NotFound("the child")
        self._group_photos_decided(parent_id=parent_id, agreed=agreed, at=at)

    @event("GroupPhotosDecided", topic=f"{STORED_AS}.GroupPhotosDecided")
    def _group_photos_decided(self, parent_id: UUID, agreed: bool, at: datetime) -> None:
        self.parents[str(parent_id)]["group_photos"] = agreed

    @property
    def group_photos_agreed(self) -> bool:
        """Every parent with access has agreed to photos with other children (and there is at
        least one): one parent's refusal, or no answer, keeps such photos from other families."""
        active = [p for p in self.parents.values() if p["active"]]
        return bool(active) and all(p["group_photos"] is True for p in active)

    def tag_photo(
        self, photo_id: UUID, child_ids: list[UUID], setting_id: UUID, tagged_by: UUID
    ) -> None:
        """Name the other children a photo shows (replacing an earlier tagging)."""
        photo = self.photos.get(str(photo_id))
        if photo is None:
            raise NotFound("the photo")
        self.check_amendable(UUID(photo["entry_id"]), setting_id)
        others = sorted({str(c) for c in child_ids} - {str(self.id)})
        self._photo_tagged(photo_id=photo_id, also_shows=others, tagged_by=tagged_by)

    @event("PhotoTagged", topic=f"{STORED_AS}.PhotoTagged")
    def _photo_tagged(self, photo_id: UUID, also_shows: list[str], tagged_by: UUID) -> None:
        self.photos[str(photo_id)]["also_shows"] = also_shows

    # -- photos ------------------------------------------------------------------------------

    @property
    def photos(self) -> dict[str, AttachedPhoto]:
        """Every photo attached, by id (children recorded before photos existed have none)."""
        found: dict[str, AttachedPhoto] = self.__dict__.setdefault("photos_attached", {})
        return found

    def photos_of(self, entry_id: UUID | str) -> list[str]:
        """The ids of an entry's photos, in the order they were attached."""
        return [p["id"] for p in self.photos.values() if p["entry_id"] == str(entry_id)]

    def attach_photo(
        self,
        photo_id: UUID,
        entry_id: UUID,
        digest: str,
        setting_id: UUID,
        attached_by: UUID,
        attached_at: datetime,
    ) -> None:
        """A photo on an observation or a voice ("All about me"), by the setting that recorded
        it; the pixels are kept beside the journey, sealed under the child's key."""
        self.check_enrolled_at(setting_id)
        entry = self.check_amendable(entry_id, setting_id)
        if entry["type"] not in PHOTO_ENTRY_TYPES:
            raise RuleBroken("photos go on observations and voices only")
        if len(self.photos_of(entry_id)) >= MAX_PHOTOS_PER_ENTRY:
            raise RuleBroken(f"an entry holds at most {MAX_PHOTOS_PER_ENTRY} photos")
        self._photo_attached(
            photo_id=photo_id,
            entry_id=entry_id,
            digest=digest,
            setting_id=setting_id,
            attached_by=attached_by,
            attached_at=attached_at,
        )

    def attach_photo_from_home(
        self, photo_id: UUID, entry_id: UUID, digest: str, parent_id: UUID, attached_at: datetime
    ) -> None:
        """A photo on a parent's own moment from home, by that parent."""
        entry = self.entry(entry_id)
        if not self.parent_may_see(parent_id) or entry["recorded_by"] != str(parent_id):
            raise NotFound("the entry")
        if entry["withdrawal"] is not None:
            raise RuleBroken("the entry has been withdrawn")
        if len(self.photos_of(entry_id)) >= MAX_PHOTOS_PER_ENTRY:
            raise RuleBroken(f"an entry holds at most {MAX_PHOTOS_PER_ENTRY} photos")
        self._photo_attached(
            photo_id=photo_id,
            entry_id=entry_id,
            digest=digest,
            setting_id=UUID(entry["setting_id"]),
            attached_by=parent_id,
            attached_at=attached_at,
        )

    @event("PhotoAttached", topic=f"{STORED_AS}.PhotoAttached")
    def _photo_attached(
        self,
        photo_id: UUID,
        entry_id: UUID,
        digest: str,
        setting_id: UUID,
        attached_by: UUID,
        attached_at: datetime,
    ) -> None:
        self.photos[str(photo_id)] = AttachedPhoto(
            id=str(photo_id), entry_id=str(entry_id), sha256=digest, setting_id=str(setting_id)
        )

    @staticmethod
    def may_break_glass(roles: Collection[Role]) -> bool:
        """Only a designated safeguarding lead may break the glass."""
        return Role.DSL in roles

    def open_break_glass(
        self, staff_id: UUID, org_id: UUID, justification: str, at: datetime, until: datetime
    ) -> None:
        """A DSL's emergency read access outside the normal relationship, justified and flagged."""
        if len(justification.strip()) < 20:
            raise InvalidField("justification", "explain the emergency in at least 20 characters")
        self._break_glass_opened(
            staff_id=staff_id, org_id=org_id, justification=justification, at=at, until=until
        )

    @event("BreakGlassOpened", topic=f"{STORED_AS}.BreakGlassOpened")
    def _break_glass_opened(
        self, staff_id: UUID, org_id: UUID, justification: str, at: datetime, until: datetime
    ) -> None:
        self.break_glass.append(
            {
                "staff_id": str(staff_id),
                "org_id": str(org_id),
                "justification": justification,
                "at": at.isoformat(),
                "until": until.isoformat(),
            }
        )

    def break_glass_active(self, staff_id: UUID, at: datetime) -> bool:
        return any(
            g["staff_id"] == str(staff_id) and datetime.fromisoformat(g["until"]) > at
            for g in self.break_glass
        )

    @event("HandoverRecorded", topic=f"{STORED_AS}.HandoverRecorded")
    def record_handover(
        self, packet_id: UUID, school_id: UUID, from_id: UUID, kind: str, replaces: list[str]
    ) -> None:
        """A packet about this child was sealed for a school (the packet itself holds the rest);
        ``replaces`` names the packets it superseded, so later seals need not load them."""
        for sent in self.handovers:
            if sent["packet_id"] in replaces:
                sent["replaced"] = "yes"
        self.handovers.append(
            {
                "packet_id": str(packet_id),
                "school_id": str(school_id),
                "from_id": str(from_id),
                "kind": kind,
            }
        )

    def received_by(self, org_id: UUID) -> bool:
        """Whether ``org_id`` received a packet about this child (its copy is its record)."""
        return any(sent["school_id"] == str(org_id) for sent in self.handovers)

    def live_handovers(self, school_id: UUID, from_id: UUID, kind: str) -> list[str]:
        """Packets from one setting to one school of one kind that no later packet replaced."""
        return [
            sent["packet_id"]
            for sent in self.handovers
            if sent["school_id"] == str(school_id)
            and sent["from_id"] == str(from_id)
            and sent["kind"] == kind
            and "replaced" not in sent
        ]

    def change_send_status(self, send_status: str, setting_id: UUID, changed_by: UUID) -> None:
        self.check_enrolled_at(setting_id)
        member_of(SendStatus, "send_status", send_status)
        self._send_status_changed(
            send_status=send_status, setting_id=setting_id, changed_by=changed_by
        )

    @event("SendStatusChanged", topic=f"{STORED_AS}.SendStatusChanged")
    def _send_status_changed(self, send_status: str, setting_id: UUID, changed_by: UUID) -> None:
        self.send_status = send_status

    # -- the EYFS profile (the reception year) ---------------------------------------------

    @property
    def eyfs_profiles(self) -> list[EyfsProfile]:
        """Every profile recorded, oldest first (children recorded before profiles have none)."""
        found: list[EyfsProfile] = self.__dict__.setdefault("eyfs_profiles_recorded", [])
        return found

    def current_eyfs_profile(self, setting_id: UUID) -> EyfsProfile | None:
        """The school's latest profile of the child (its corrections replace earlier ones)."""
        mine = [p for p in self.eyfs_profiles if p["setting_id"] == str(setting_id)]
        return mine[-1] if mine else None

    def record_eyfs_profile(
        self,
        profile_id: UUID,
        assessed_on: date,
        goals: dict[str, str],
        comments: str | None,
        setting_id: UUID,
        recorded_by: UUID,
        recorded_at: datetime,
    ) -> None:
        """The profile, by a school enrolling the child, in the reception year: the child is
        4 or 5 on ``assessed_on``. A second profile corrects the first (both are kept)."""
        self.check_enrolled_at(setting_id)
        self.check_dated("assessed_on", assessed_on, local_date(recorded_at))
        months = months_between(self.date_of_birth, assessed_on)
        if not RECEPTION_FROM_MONTHS <= months < RECEPTION_BEFORE_MONTHS:
            raise InvalidField(
                "assessed_on",
                "the EYFS profile is completed in the reception year, when the child is 4 or 5; "
                f"the child was {months // 12} then",
            )
        checked = check_profile_goals(goals)
        earlier = self.current_eyfs_profile(setting_id)
        self._eyfs_profile_recorded(
            profile_id=profile_id,
            assessed_on=assessed_on,
            goals=checked,
            comments=comments,
            setting_id=setting_id,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
            replaces=UUID(earlier["id"]) if earlier else None,
        )

    @event("EyfsProfileRecorded", topic=f"{STORED_AS}.EyfsProfileRecorded")
    def _eyfs_profile_recorded(
        self,
        profile_id: UUID,
        assessed_on: date,
        goals: dict[str, str],
        comments: str | None,
        setting_id: UUID,
        recorded_by: UUID,
        recorded_at: datetime,
        replaces: UUID | None,
    ) -> None:
        self.eyfs_profiles.append(
            EyfsProfile(
                id=str(profile_id),
                assessed_on=assessed_on,
                goals=goals,
                comments=comments,
                setting_id=str(setting_id),
                recorded_by=str(recorded_by),
                recorded_at=recorded_at,
                replaces=str(replaces) if replaces else None,
            )
        )

    # -- leaving, holds and erasure ------------------------------------------------------

    def leave(self, setting_id: UUID, left_on: date, recorded_by: UUID, today: date) -> None:
        """The child leaves a setting: from then on its staff no longer write the journey."""
        self.check_enrolled_at(setting_id)
        if left_on > today:
            raise InvalidField("left_on", "is in the future; record a leaving on the day or after")
        started = max(
            e["started_on"]
            for e in self.enrolments
            if e["setting_id"] == str(setting_id) and "left_on" not in e
        )
        if left_on < started:
            raise InvalidField("left_on", "is before the child started at this setting")
        self._left(setting_id=setting_id, left_on=left_on, recorded_by=recorded_by)

    @event("Left", topic=f"{STORED_AS}.Left")
    def _left(self, setting_id: UUID, left_on: date, recorded_by: UUID) -> None:
        for enrolment in self.enrolments:
            if enrolment["setting_id"] == str(setting_id) and "left_on" not in enrolment:
                enrolment["left_on"] = left_on

    @property
    def holds(self) -> dict[str, Hold]:
        """Every hold placed, by id (children recorded before holds existed have none)."""
        found: dict[str, Hold] = self.__dict__.setdefault("holds_placed", {})
        return found

    def active_holds(self) -> list[Hold]:
        return [h for h in self.holds.values() if h["released_at"] is None]

    @event("HoldPlaced", topic=f"{STORED_AS}.HoldPlaced")
    def place_hold(
        self, hold_id: UUID, reason: str, org_id: UUID, placed_by: UUID, placed_at: datetime
    ) -> None:
        self.holds[str(hold_id)] = Hold(
            id=str(hold_id),
            reason=reason,
            org_id=str(org_id),
            placed_by=str(placed_by),
            placed_at=placed_at,
            released_by=None,
            released_at=None,
        )

    def release_hold(self, hold_id: UUID, org_id: UUID, released_by: UUID, at: datetime) -> None:
        hold = self.holds.get(str(hold_id))
        if hold is None:
            raise NotFound("the hold")
        if hold["released_at"] is not None:
            raise RuleBroken("the hold was already released")
        if hold["org_id"] != str(org_id):
            raise RuleBroken("only a DSL of the organisation that placed a hold may release it")
        self._hold_released(hold_id=hold_id, released_by=released_by, released_at=at)

    @event("HoldReleased", topic=f"{STORED_AS}.HoldReleased")
    def _hold_released(self, hold_id: UUID, released_by: UUID, released_at: datetime) -> None:
        hold = self.holds[str(hold_id)]
        hold["released_by"], hold["released_at"] = str(released_by), released_at

    def erase(
        self, erased_by: UUID | None, org_id: UUID | None, reason: str, cause: str, at: datetime
    ) -> None:
        """Erase the record; refused while a DSL's hold is on. ``cause``: request or retention."""
        if self.erased_at is not None:
            raise ChildErased()
        held = len(self.active_holds())
        if held:
            raise OnHold(
                f"{held} hold(s) placed by a designated safeguarding lead stop this erasure"
            )
        self._erased(erased_by=erased_by, org_id=org_id, reason=reason, cause=cause, at=at)

    @event("Erased", topic=f"{STORED_AS}.Erased")
    def _erased(
        self, erased_by: UUID | None, org_id: UUID | None, reason: str, cause: str, at: datetime
    ) -> None:
        self.erased_at = at


def check_start(date_of_birth: date, started_on: date, today: date) -> None:
    if started_on < date_of_birth:
        raise InvalidField("started_on", "is before the child's date of birth")
    if (started_on - today).days > 366:
        raise InvalidField("started_on", "is more than a year ahead")
