"""A child's consents: what parents and carers decided, per recipient, as events.

One aggregate per child holds every consent with its history, so a share is always decided on
the latest decision (a withdrawal stops sharing at once) and the past stays visible.
Modelled on FHIR Consent: grantor (with relationship and parental responsibility), grantee
organisation, purpose, data categories, period, evidence, and who recorded it: a member of
staff writing down a decision made on paper, or the parent themselves, signed in (then the
record names their account: ``given_by_parent_id``, ``withdrawn_by_parent_id``).

A setting may ask the parents for a consent (``ConsentRequested``): the request stays open until
a consent for that recipient and purpose is given (it names the request), a parent declines it,
or the setting cancels it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NotRequired, TypedDict
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from consent.calendar import local_date
from consent.errors import ConsentNotActive, ConsentNotFound, InvalidConsent, RequestNotOpen
from consent.vocabulary import Category, Purpose, Relationship, RequestStatus, Status


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
    # Recorded since parents decide on the web (absent from records made before):
    given_by_parent_id: NotRequired[str | None]  # the signed-in parent who gave it
    withdrawn_by_parent_id: NotRequired[str | None]  # the signed-in parent who withdrew it
    request_id: NotRequired[str | None]  # the setting's request it answers


class ConsentRequest(TypedDict):
    """A setting asking the child's parents for a consent."""

    id: str
    child_id: str
    recipient_id: str
    purpose: str
    categories: list[str]
    setting_id: str
    requested_by: str
    requested_at: datetime
    status: str  # RequestStatus
    consent_id: str | None  # the consent that answered it
    closed_by: str | None  # who answered (a parent, or staff recording paper) or cancelled it
    closed_at: datetime | None
    reason: str | None  # why it was declined or cancelled


# What a parent's consent is recorded for (safeguarding needs none).
CONSENTED_PURPOSES = frozenset(
    {
        Purpose.TRANSITION,
        Purpose.CARE,
        Purpose.INTEGRATED_REVIEW,
        Purpose.TEAM_AROUND_THE_CHILD,
    }
)


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
        parent_id: UUID | None = None,
        request_id: UUID | None = None,
    ) -> None:
        """Record a decision (``parent_id``: the signed-in parent who made it on the web). It
        answers ``request_id``, or else the open request for that recipient and purpose."""
        self.check_new(
            relationship,
            parental_responsibility,
            purpose,
            categories,
            valid_from,
            valid_until,
            local_date(recorded_at),
        )
        answers = self._answered_request(request_id, recipient_id, purpose)
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
            parent_id=parent_id,
            request_id=answers,
        )

    def _answered_request(
        self, request_id: UUID | None, recipient_id: UUID, purpose: str
    ) -> UUID | None:
        """The request a new consent answers: the one named (it must be open, and for that
        recipient and purpose), else the open one for the same recipient and purpose."""
        if request_id is None:
            open_ = self.open_request_for(recipient_id, purpose)
            return UUID(open_["id"]) if open_ else None
        asked = self.request(request_id)
        self.check_open(asked)
        if asked["recipient_id"] != str(recipient_id) or asked["purpose"] != purpose:
            raise InvalidConsent("request_id", "the request was for another recipient or purpose")
        return request_id

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
        if relationship not in {m.value for m in Relationship}:
            raise InvalidConsent(
                "relationship",
                f"{relationship!r} is not one of " + ", ".join(m.value for m in Relationship),
            )
        ChildConsents.check_scope(purpose, categories)
        if not parental_responsibility:
            raise InvalidConsent(
                "parental_responsibility", "only someone with parental responsibility can consent"
            )
        if valid_from > today:
            raise InvalidConsent("valid_from", "is in the future; record consent once it is given")
        if valid_until is not None and valid_until < valid_from:
            raise InvalidConsent("valid_until", "is before valid_from")

    @staticmethod
    def check_scope(purpose: str, categories: list[str]) -> None:
        """What a consent (or a request for one) covers: a purpose consent is recorded for, and
        at least one category of the record."""
        if purpose not in {m.value for m in Purpose}:
            raise InvalidConsent(
                "purpose", f"{purpose!r} is not one of " + ", ".join(m.value for m in Purpose)
            )
        if purpose not in CONSENTED_PURPOSES:
            raise InvalidConsent(
                "purpose",
                "consent is recorded for the transition to school, for care at another "
                "early-years setting, for the integrated review at two, or for the team around "
                "the child",
            )
        if not categories:
            raise InvalidConsent("categories", "name at least one category")
        for category in categories:
            if category not in {c.value for c in Category}:
                raise InvalidConsent(
                    "categories",
                    f"{category!r} is not one of " + ", ".join(c.value for c in Category),
                )

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
        parent_id: UUID | None = None,  # absent from events stored before parents signed in
        request_id: UUID | None = None,
    ) -> None:
        key = str(consent_id)
        on_the_web = " on the web" if parent_id else ""
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
                    detail=f"given by {given_by} ({relationship}){on_the_web}",
                )
            ],
            given_by_parent_id=str(parent_id) if parent_id else None,
            withdrawn_by_parent_id=None,
            request_id=str(request_id) if request_id else None,
        )
        self.order.append(key)
        if request_id is not None:
            self._close(request_id, RequestStatus.GIVEN, recorded_by, recorded_at, None, key)

    def withdraw(
        self,
        consent_id: UUID,
        withdrawn_by: str,
        reason: str | None,
        recorded_by: UUID,
        at: datetime,
        parent_id: UUID | None = None,
    ) -> None:
        """Stop the consent (``parent_id``: the signed-in parent who withdrew it on the web)."""
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
            parent_id=parent_id,
        )

    @event("ConsentWithdrawn")
    def _withdrawn(
        self,
        consent_id: UUID,
        withdrawn_by: str,
        reason: str | None,
        recorded_by: UUID,
        at: datetime,
        parent_id: UUID | None = None,  # absent from events stored before parents signed in
    ) -> None:
        record = self.consents[str(consent_id)]
        record["status"] = Status.WITHDRAWN.value
        record["withdrawn_by"] = withdrawn_by
        record["withdrawal_reason"] = reason
        record["withdrawn_by_parent_id"] = str(parent_id) if parent_id else None
        on_the_web = " on the web" if parent_id else ""
        record["history"].append(
            HistoryItem(
                event="withdrawn",
                at=at,
                by=str(recorded_by),
                detail=f"withdrawn by {withdrawn_by}{on_the_web}"
                + (f": {reason}" if reason else ""),
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

    # -- requests: a setting asking the parents ------------------------------------------------

    @property
    def requests(self) -> dict[str, ConsentRequest]:
        """Every request for consent, oldest first (aggregates snapshotted before requests
        existed have none)."""
        found: dict[str, ConsentRequest] = self.__dict__.setdefault("consent_requests", {})
        return found

    def request(self, request_id: UUID) -> ConsentRequest:
        found = self.requests.get(str(request_id))
        if found is None:
            raise ConsentNotFound("the request for consent was not found")
        return found

    def open_request_for(self, recipient_id: UUID, purpose: str) -> ConsentRequest | None:
        return next(
            (
                r
                for r in self.requests.values()
                if r["status"] == RequestStatus.OPEN
                and r["recipient_id"] == str(recipient_id)
                and r["purpose"] == purpose
            ),
            None,
        )

    @staticmethod
    def check_open(request: ConsentRequest) -> None:
        if request["status"] != RequestStatus.OPEN:
            raise RequestNotOpen(f"the request for consent was {request['status']} already")

    def ask(
        self,
        *,
        request_id: UUID,
        recipient_id: UUID,
        purpose: str,
        categories: list[str],
        setting_id: UUID,
        requested_by: UUID,
        requested_at: datetime,
    ) -> None:
        """A setting asks the parents for a consent (one open request per recipient and
        purpose: asking again while they have not answered is refused)."""
        self.check_scope(purpose, categories)
        if self.open_request_for(recipient_id, purpose) is not None:
            raise RequestNotOpen(
                "the parents were already asked for this consent and have not answered yet"
            )
        self._requested(
            request_id=request_id,
            child_id=UUID(self.child_id),
            recipient_id=recipient_id,
            purpose=purpose,
            categories=sorted(set(categories)),
            setting_id=setting_id,
            requested_by=requested_by,
            requested_at=requested_at,
        )

    # The mail sends the parents a link on this event (by its topic and ``child_id``).
    @event("ConsentRequested")
    def _requested(
        self,
        request_id: UUID,
        child_id: UUID,
        recipient_id: UUID,
        purpose: str,
        categories: list[str],
        setting_id: UUID,
        requested_by: UUID,
        requested_at: datetime,
    ) -> None:
        self.requests[str(request_id)] = ConsentRequest(
            id=str(request_id),
            child_id=str(child_id),
            recipient_id=str(recipient_id),
            purpose=purpose,
            categories=categories,
            setting_id=str(setting_id),
            requested_by=str(requested_by),
            requested_at=requested_at,
            status=RequestStatus.OPEN.value,
            consent_id=None,
            closed_by=None,
            closed_at=None,
            reason=None,
        )

    def decline(self, request_id: UUID, parent_id: UUID, reason: str | None, at: datetime) -> None:
        """A parent says no to the setting's request."""
        self.check_open(self.request(request_id))
        self._declined(request_id=request_id, parent_id=parent_id, reason=reason, at=at)

    @event("ConsentRequestDeclined")
    def _declined(
        self, request_id: UUID, parent_id: UUID, reason: str | None, at: datetime
    ) -> None:
        self._close(request_id, RequestStatus.DECLINED, parent_id, at, reason, None)

    def cancel(
        self,
        request_id: UUID,
        setting_id: UUID,
        cancelled_by: UUID,
        reason: str | None,
        at: datetime,
    ) -> None:
        """The setting that asked no longer asks."""
        asked = self.request(request_id)
        if asked["setting_id"] != str(setting_id):
            raise RequestNotOpen("only the setting that asked can cancel the request")
        self.check_open(asked)
        self._cancelled(request_id=request_id, cancelled_by=cancelled_by, reason=reason, at=at)

    @event("ConsentRequestCancelled")
    def _cancelled(
        self, request_id: UUID, cancelled_by: UUID, reason: str | None, at: datetime
    ) -> None:
        self._close(request_id, RequestStatus.CANCELLED, cancelled_by, at, reason, None)

    def _close(
        self,
        request_id: UUID,
        status: RequestStatus,
        by: UUID,
        at: datetime,
        reason: str | None,
        consent_id: str | None,
    ) -> None:
        asked = self.requests[str(request_id)]
        asked["status"] = status.value
        asked["closed_by"], asked["closed_at"] = str(by), at
        asked["reason"], asked["consent_id"] = reason, consent_id
