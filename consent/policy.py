"""The one policy that decides every share of a child's record, and says why (see ``decide``).

Bases, in the order they are tried:
1. safeguarding — a designated safeguarding lead, with a written justification; no consent needed;
2. legal obligation — providers the child attends at the same time share what the EYFS expects
   them to (not the progress check at two, which goes to other professionals only with consent);
3. parental consent — an active consent for this recipient, purpose and category, in its period
   (a school for the transition, another setting for care, a health visiting team for the
   integrated review at two, another professional for the team around the child).
Everything else is refused, with a reason a practitioner can act on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from consent.calendar import local_date
from consent.consents import ConsentRecord, status_at
from consent.vocabulary import Basis, Category, Purpose, Status

MIN_JUSTIFICATION = 10


@dataclass(frozen=True)
class ShareRequest:
    """May ``category`` of the child's record go to ``recipient_id`` for ``purpose`` at ``at``?"""

    child_id: UUID
    category: Category
    recipient_id: UUID
    purpose: Purpose
    at: datetime
    recipient_attends_with_child: bool = False  # the recipient enrols the child now too
    progress_check: bool = False  # the item is a progress check at two
    actor_is_dsl: bool = False
    justification: str | None = None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    basis: Basis | None
    reason: str
    consent_id: UUID | None = None

    def __bool__(self) -> bool:
        return self.allowed


def refuse(reason: str) -> Decision:
    return Decision(False, None, reason)


def decide(request: ShareRequest, consents: Iterable[ConsentRecord]) -> Decision:
    """Whether the share may happen, on what basis, and why (in words a practitioner can act on).

    >>> from dataclasses import replace
    >>> from datetime import UTC, date
    >>> from consent.consents import ChildConsents
    >>> child, nursery, school = UUID(int=1), UUID(int=2), UUID(int=3)
    >>> at = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    >>> to_school = ShareRequest(child, Category.JOURNEY, school, Purpose.TRANSITION, at)
    >>> decide(to_school, consents=[]).reason
    'there is no active consent covering this recipient'
    >>> consents = ChildConsents(child)
    >>> consents.give(
    ...     consent_id=UUID(int=4), given_by="Amara Okafor", relationship="mother",
    ...     parental_responsibility=True, recipient_id=school, purpose="transition",
    ...     categories=["journey"], valid_from=date(2026, 5, 1), valid_until=None, evidence=None,
    ...     setting_id=nursery, recorded_by=UUID(int=5), recorded_at=at,
    ... )
    >>> decision = decide(to_school, consents.all())
    >>> decision.allowed, decision.basis
    (True, <Basis.PARENTAL_CONSENT: 'parental_consent'>)
    >>> decision.reason
    'Amara Okafor (mother) consented to journey going to this recipient'
    >>> decide(replace(to_school, category=Category.SEND), consents.all()).reason
    'the consent for this recipient does not cover send'
    """
    if request.purpose is Purpose.SAFEGUARDING:
        return _safeguarding(request)
    concurrent = request.purpose is Purpose.CARE and request.recipient_attends_with_child
    if concurrent and not request.progress_check:
        return Decision(
            True,
            Basis.LEGAL_OBLIGATION,
            "the recipient provides for the child at the same time (EYFS)",
        )
    return _consent(request, consents)


def _safeguarding(request: ShareRequest) -> Decision:
    if not request.actor_is_dsl:
        return refuse("safeguarding information is shared by a designated safeguarding lead only")
    if not request.justification or len(request.justification.strip()) < MIN_JUSTIFICATION:
        return refuse("a safeguarding share needs a written justification")
    return Decision(True, Basis.SAFEGUARDING, "safeguarding: shared DSL to DSL, justified")


def covers(record: ConsentRecord, request: ShareRequest) -> bool:
    """Whether a consent names the category asked for; a progress check at two read among the
    assessments is covered by consent to share the progress check alone, too."""
    if request.category.value in record["categories"]:
        return True
    return (
        request.progress_check
        and request.category is Category.ASSESSMENTS
        and Category.PROGRESS_CHECK.value in record["categories"]
    )


def _consent(request: ShareRequest, consents: Iterable[ConsentRecord]) -> Decision:
    day = local_date(request.at)
    relevant = [
        c
        for c in consents
        if c["child_id"] == str(request.child_id)
        and c["recipient_id"] == str(request.recipient_id)
        and c["purpose"] == request.purpose.value
    ]
    active = [c for c in relevant if status_at(c, day) is Status.ACTIVE and c["valid_from"] <= day]
    for record in active:
        if covers(record, request):
            return Decision(
                True,
                Basis.PARENTAL_CONSENT,
                f"{record['given_by']} ({record['relationship']}) consented to "
                f"{request.category.value} going to this recipient",
                UUID(record["id"]),
            )
    if active:
        return refuse(f"the consent for this recipient does not cover {request.category.value}")
    if any(status_at(c, day) is Status.WITHDRAWN for c in relevant):
        return refuse("consent for this recipient was withdrawn")
    if any(status_at(c, day) is Status.EXPIRED for c in relevant):
        return refuse("consent for this recipient has expired")
    if request.progress_check:
        return refuse("the progress check at two goes to other professionals only with consent")
    return refuse("there is no active consent covering this recipient")
