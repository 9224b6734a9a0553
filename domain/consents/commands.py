"""Consent commands: recording parents' decisions, and deciding shares with the one policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from consent.consents import ChildConsents, ConsentRecord, consents_id
from consent.policy import Decision, ShareRequest, decide
from consent.vocabulary import Category, Purpose
from domain.base import BatonBase, Written, new
from domain.errors import InvalidField, NotFound
from domain.journey.child import Child
from domain.journey.entries import EntryType
from domain.journey.eyfs import AssessmentKind
from domain.organisations.organisation import SETTINGS, OrganisationKind

# Who a consent for each purpose may name: a school for the transition; another early-years
# setting for care (so that it may enrol the child); a health visiting team for the integrated
# review at two; any other professional around the child for the team around the child.
RECIPIENTS: dict[Purpose, frozenset[OrganisationKind]] = {
    Purpose.TRANSITION: frozenset({OrganisationKind.SCHOOL}),
    Purpose.CARE: SETTINGS,
    Purpose.INTEGRATED_REVIEW: frozenset({OrganisationKind.HEALTH_VISITING}),
    Purpose.TEAM_AROUND_THE_CHILD: frozenset(
        {
            OrganisationKind.FAMILY_HUB,
            OrganisationKind.HEALTH_VISITING,
            OrganisationKind.SPEECH_AND_LANGUAGE,
            OrganisationKind.LOCAL_AUTHORITY,
        }
    ),
}
RECIPIENT_RULES = {
    Purpose.TRANSITION: "consent for the transition names a school",
    Purpose.CARE: "consent for care names another early-years setting (so that it may enrol "
    "the child)",
    Purpose.INTEGRATED_REVIEW: "consent for the integrated review at two names a health "
    "visiting team",
    Purpose.TEAM_AROUND_THE_CHILD: "consent for the team around the child names a family hub, "
    "a health visiting team, a speech and language therapy service or a local authority",
}


def purpose_for(kind: OrganisationKind) -> Purpose:
    """What sharing with an organisation of ``kind`` is for, when only the recipient is chosen
    (a parent choosing by name; a packet sent without a ``kind``): a health visiting team's
    is the integrated review at two."""
    return next(p for p, kinds in RECIPIENTS.items() if kind in kinds)


class ConsentCommands(BatonBase):
    # -- consent and sharing --------------------------------------------------------------

    def consents(self, child_id: UUID) -> ChildConsents | None:
        """The child's consents aggregate, or None while no consent was ever recorded."""
        return self._find(ChildConsents, consents_id(child_id))

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
        parent_id: UUID | None = None,
        request_id: UUID | None = None,
    ) -> Written[ChildConsents]:
        """Record what a parent or carer decided about sharing with one school (transition), or
        with another early-years setting, which may then enrol the child (care). ``parent_id``:
        the parent decided on the web themselves (``ParentCommands.parent_gives_consent``)."""
        self.child(child_id).check_enrolled_at(setting_id)
        self._check_recipient(recipient_id, purpose, setting_id)
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
                parent_id=parent_id,
                request_id=request_id,
            )

        position, state = self._change_consents(child_id, give)
        return Written(consent_id, position, state)

    def _check_recipient(self, recipient_id: UUID, purpose: str, setting_id: UUID) -> None:
        """The recipient's kind fits the purpose (``RECIPIENTS``); never the setting itself."""
        try:
            recipient = self.organisation(recipient_id)
        except NotFound:
            raise InvalidField("recipient_id", "no such organisation") from None
        if recipient_id == setting_id:
            raise InvalidField("recipient_id", "is the setting recording the consent")
        fits = RECIPIENTS.get(Purpose(purpose)) if purpose in set(Purpose) else None
        if fits is not None and recipient.kind not in fits:
            raise InvalidField("recipient_id", RECIPIENT_RULES[Purpose(purpose)])

    def request_consent(
        self,
        child_id: UUID,
        *,
        recipient_id: UUID,
        purpose: str,
        categories: list[str],
        setting_id: UUID,
        requested_by: UUID,
    ) -> Written[ChildConsents]:
        """A setting enrolling the child asks the parents for a consent; it stays open until a
        parent gives or declines it, or the setting cancels it."""
        self.child(child_id).check_enrolled_at(setting_id)
        ChildConsents.check_scope(purpose, categories)
        self._check_recipient(recipient_id, purpose, setting_id)
        request_id, now = uuid4(), self.clock()
        position, state = self._change_consents(
            child_id,
            lambda c: c.ask(
                request_id=request_id,
                recipient_id=recipient_id,
                purpose=purpose,
                categories=categories,
                setting_id=setting_id,
                requested_by=requested_by,
                requested_at=now,
            ),
        )
        return Written(request_id, position, state)

    def cancel_consent_request(
        self,
        child_id: UUID,
        request_id: UUID,
        *,
        setting_id: UUID,
        cancelled_by: UUID,
        reason: str | None,
    ) -> Written[ChildConsents]:
        """The setting that asked no longer asks (the parents' page stops showing it)."""
        self.child(child_id).check_enrolled_at(setting_id)
        now = self.clock()
        position, state = self._change_consents(
            child_id, lambda c: c.cancel(request_id, setting_id, cancelled_by, reason, now)
        )
        return Written(request_id, position, state)

    def withdraw_consent(
        self,
        child_id: UUID,
        consent_id: UUID,
        *,
        withdrawn_by: str,
        reason: str | None,
        setting_id: UUID,
        recorded_by: UUID,
    ) -> Written[ChildConsents]:
        """Stop future sharing at once; the consent and its history stay visible."""
        self.child(child_id).check_enrolled_at(setting_id)
        now = self.clock()
        position, state = self._change_consents(
            child_id,
            lambda c: self._withdrawing(
                c, consent_id, withdrawn_by, reason, recorded_by, now, None
            ),
        )
        return Written(consent_id, position, state)

    def expire_consents(self, child_id: UUID) -> int:
        """Record the end of consents whose period is over (run by the worker's sweep)."""
        now = self.clock()
        return self._change_consents(child_id, lambda c: c.expire_ended(now))[0]

    def _withdrawing(
        self,
        consents: ChildConsents,
        consent_id: UUID,
        withdrawn_by: str,
        reason: str | None,
        recorded_by: UUID,
        now: datetime,
        parent_id: UUID | None,
    ) -> list[Aggregate]:
        """Withdraw, and revoke (in the same transaction) what the consent covered unopened
        (``parent_id``: the signed-in parent withdrawing it themselves)."""
        consents.withdraw(consent_id, withdrawn_by, reason, recorded_by, now, parent_id)
        return self.revocations_for_withdrawal(consents, consents.consent(consent_id), now)

    def revocations_for_withdrawal(
        self, consents: ChildConsents, record: ConsentRecord, now: datetime
    ) -> list[Aggregate]:
        """Overridden by the handover commands: packets to revoke when ``record`` is withdrawn."""
        return []

    def _change_consents(
        self, child_id: UUID, change: Callable[[ChildConsents], list[Aggregate] | None]
    ) -> tuple[int, ChildConsents]:
        def load() -> ChildConsents:
            return self.consents(child_id) or new(
                ChildConsents, consents_id(child_id), created="Opened", child_id=child_id
            )

        return self._retrying(load, change, "the child's consents")

    def decide(self, request: ShareRequest) -> Decision:
        """The policy's decision on one share, on the latest recorded consents."""
        consents = self.consents(request.child_id)
        return decide(request, consents.all() if consents else [])

    def sharing(self, child: Child, entry_type: EntryType, viewer_org_id: UUID) -> Sharing:
        """What a setting sees of the child's entries of one type: its own, and others' as the
        policy decides now (one decision for progress checks at two, one for everything else)."""
        consents = self.consents(child.id)
        records, now = (consents.all() if consents else []), self.clock()

        def allowed(progress_check: bool) -> bool:
            request = ShareRequest(
                child_id=child.id,
                category=ENTRY_CATEGORIES[entry_type],
                recipient_id=viewer_org_id,
                purpose=Purpose.CARE,
                at=now,
                recipient_attends_with_child=child.is_enrolled_at(viewer_org_id),
                progress_check=progress_check,
            )
            return bool(decide(request, records))

        return Sharing(str(viewer_org_id), others=allowed(False), progress_checks=allowed(True))


@dataclass(frozen=True)
class Sharing:
    """Which entries of one type a setting sees: always its own (``viewer_id``); other
    settings' when ``others``, and their progress checks at two when ``progress_checks``."""

    viewer_id: str
    others: bool
    progress_checks: bool


def is_progress_check(kind: str | None) -> bool:
    """The progress check at two goes to other professionals only with consent."""
    return kind == AssessmentKind.PROGRESS_CHECK_AT_TWO.value


ENTRY_CATEGORIES: dict[EntryType, Category] = {
    "observation": Category.JOURNEY,
    "voice": Category.VOICES,
    "assessment": Category.ASSESSMENTS,
}
