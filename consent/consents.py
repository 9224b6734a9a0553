"""A child's consents: what parents and carers decided, per recipient, as events.

One aggregate per child holds every consent with its history, so a share is always decided on
the latest decision (a withdrawal stops sharing at once) and the past stays visible.
Modelled on FHIR Consent: grantor (with relationship and parental responsibility), grantee
organisation, purpose, data categories, period, evidence, and who recorded it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from consent.calendar import local_date
from consent.errors import ConsentNotActive, ConsentNotFound, InvalidConsent
from consent.vocabulary import Category, Purpose, Relationship, Status


class HistoryItem(TypedDict):
    event: str  # given, withdrawn, expired, superseded
    at: datetime
    by: str | None  # the staff member who recorded it
    detail: str | None


class ConsentRecord(TypedDict):
    id: str
    child_id: str
    given_by: str
    relationship: str
    parental_responsibility: bool
    recipient_id: str
    purpose: str
    categories: list[str]
    valid_from: date
    valid_until: date | None
    evidence: str | None
    setting_id: str
    recorded_by: str
    recorded_at: datetime
    status: str
    withdrawn_by: str | None
    withdrawal_reason: str | None
    history: list[HistoryItem]


def consents_id(child_id: UUID) -> UUID:
    """The id of a child's consents aggregate (derived, so it needs no index)."""
    return uuid5(NAMESPACE_URL, f"baton:consents:{child_id}")


def status_at(record: ConsentRecord, day: date) -> Status:
    """The consent's status on ``day``: an active consent past its end is expired."""
    status = Status(record["status"])
    if (
        status is Status.ACTIVE
        and record["valid_until"] is not None
        and day > record["valid_until"]
    ):
        return Status.EXPIRED
    return status


class ChildConsents(Aggregate):
    @event("Opened")
    def __init__(self, child_id: UUID) -> None:
        self.child_id = str(child_id)
        self.consents: dict[str, ConsentRecord] = {}
        self.order: list[str] = []

    def consent(self, consent_id: UUID) -> ConsentRecord:
        found = self.consents.get(str(consent_id))
        if found is None:
            raise ConsentNotFound("the consent was not found")
        return found

    def all(self) -> list[ConsentRecord]:
        return [self.consents[i] for i in self.order]

    def give(
        self,
        *,
        consent_id: UUID,
        given_by: str,
        relationship: str,
        parental_responsibility: bool,
        recipient_id: UUID,
        purpose: str,
        categories: list[str],
        valid_from: date,
        valid_until: date | None,
        evidence: str | None,
        setting_id: UUID,
        recorded_by: UUID,
        recorded_at: datetime,
    ) -> None:
        self.check_new(
            relationship,
            parental_responsibility,
            purpose,
            categories,
            valid_from,
            valid_until,
            local_date(recorded_at),
        )
        for earlier in self.all():
            if (
                earlier["recipient_id"] == str(recipient_id)
                and earlier["purpose"] == purpose
                and status_at(earlier, local_date(recorded_at)) is Status.ACTIVE
            ):
                self._superseded(
                    consent_id=UUID(earlier["id"]),
                    by_consent_id=consent_id,
                    at=recorded_at,
                    recorded_by=recorded_by,
                )
        self._given(
            consent_id=consent_id,
            child_id=UUID(self.child_id),
            given_by=given_by,
            relationship=relationship,
            parental_responsibility=parental_responsibility,
            recipient_id=recipient_id,
            purpose=purpose,
            categories=sorted(set(categories)),
            valid_from=valid_from,
            valid_until=valid_until,
            evidence=evidence,
            setting_id=setting_id,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        )

    @staticmethod
    def check_new(
        relationship: str,
        parental_responsibility: bool,
        purpose: str,
        categories: list[str],
        valid_from: date,
        valid_until: date | None,
        today: date,
    ) -> None:
        for value, kind, field in (
            (relationship, Relationship, "relationship"),
            (purpose, Purpose, "purpose"),
        ):
            if value not in {m.value for m in kind}:
                raise InvalidConsent(
                    field, f"{value!r} is not one of " + ", ".join(m.value for m in kind)
                )
        if purpose not in (Purpose.TRANSITION, Purpose.CARE):
            raise InvalidConsent(
                "purpose",
                "consent is recorded for the transition to school, or for care at another "
                "early-years setting",
            )
        if not categories:
            raise InvalidConsent("categories", "name at least one category")
        for category in categories:
            if category not in {c.value for c in Category}:
                raise InvalidConsent(
                    "categories",
                    f"{category!r} is not one of " + ", ".join(c.value for c in Category),
                )
        if not parental_responsibility:
            raise InvalidConsent(
                "parental_responsibility", "only someone with parental responsibility can consent"
            )
        if valid_from > today:
            raise InvalidConsent("valid_from", "is in the future; record consent once it is given")
        if valid_until is not None and valid_until < valid_from:
            raise InvalidConsent("valid_until", "is before valid_from")

    @event("ConsentGiven")
    def _given(
        self,
        consent_id: UUID,
        child_id: UUID,
        given_by: str,
        relationship: str,
        parental_responsibility: bool,
        recipient_id: UUID,
        purpose: str,
        categories: list[str],
        valid_from: date,
        valid_until: date | None,
        evidence: str | None,
        setting_id: UUID,
        recorded_by: UUID,
        recorded_at: datetime,
    ) -> None:
        key = str(consent_id)
        self.consents[key] = ConsentRecord(
            id=key,
            child_id=str(child_id),
            given_by=given_by,
            relationship=relationship,
            parental_responsibility=parental_responsibility,
            recipient_id=str(recipient_id),
            purpose=purpose,
            categories=categories,
            valid_from=valid_from,
            valid_until=valid_until,
            evidence=evidence,
            setting_id=str(setting_id),
            recorded_by=str(recorded_by),
            recorded_at=recorded_at,
            status=Status.ACTIVE.value,
            withdrawn_by=None,
            withdrawal_reason=None,
            history=[
                HistoryItem(
                    event="given",
                    at=recorded_at,
                    by=str(recorded_by),
                    detail=f"given by {given_by} ({relationship})",
                )
            ],
        )
        self.order.append(key)

    def withdraw(
        self,
        consent_id: UUID,
        withdrawn_by: str,
        reason: str | None,
        recorded_by: UUID,
        at: datetime,
    ) -> None:
        record = self.consent(consent_id)
        status = status_at(record, local_date(at))
        if status is not Status.ACTIVE:
            raise ConsentNotActive(f"the consent is already {status.value}")
        self._withdrawn(
            consent_id=consent_id,
            withdrawn_by=withdrawn_by,
            reason=reason,
            recorded_by=recorded_by,
            at=at,
        )

    @event("ConsentWithdrawn")
    def _withdrawn(
        self,
        consent_id: UUID,
        withdrawn_by: str,
        reason: str | None,
        recorded_by: UUID,
        at: datetime,
    ) -> None:
        record = self.consents[str(consent_id)]
        record["status"] = Status.WITHDRAWN.value
        record["withdrawn_by"] = withdrawn_by
        record["withdrawal_reason"] = reason
        record["history"].append(
            HistoryItem(
                event="withdrawn",
                at=at,
                by=str(recorded_by),
                detail=f"withdrawn by {withdrawn_by}" + (f": {reason}" if reason else ""),
            )
        )

    @event("ConsentSuperseded")
    def _superseded(
        self, consent_id: UUID, by_consent_id: UUID, at: datetime, recorded_by: UUID
    ) -> None:
        record = self.consents[str(consent_id)]
        record["status"] = Status.SUPERSEDED.value
        record["history"].append(
            HistoryItem(
                event="superseded",
                at=at,
                by=str(recorded_by),
                detail=f"replaced by consent {by_consent_id}",
            )
        )

    def expire_ended(self, at: datetime) -> None:
        """Record, as events, the end of consents whose period is over."""
        for record in self.all():
            if (
                record["status"] == Status.ACTIVE
                and status_at(record, local_date(at)) is Status.EXPIRED
            ):
                self._expired(consent_id=UUID(record["id"]), at=at)

    @event("ConsentExpired")
    def _expired(self, consent_id: UUID, at: datetime) -> None:
        record = self.consents[str(consent_id)]
        record["status"] = Status.EXPIRED.value
        record["history"].append(
            HistoryItem(
                event="expired",
                at=at,
                by=None,
                detail=f"its period ended on {record['valid_until']}",
            )
        )
