"""Enrolling a child at one more setting: both settings agree, or a parent's consent names it.

One ``EnrolmentAgreement`` per child and setting joined (its id derived from both, so it needs
no index): the pending proposal and which side made it, then who agreed and on what basis.
Never one manager alone: a proposal is agreed only by the other side.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TypedDict
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import AgreementNeeded, InvalidField, RuleBroken

STORED_AS = "domain.journey.agreement:EnrolmentAgreement"


class Side(StrEnum):
    ENROLLING = "enrolling"  # a manager of a setting the child already attends
    JOINING = "joining"  # a manager of the setting the child would join


class Basis(StrEnum):
    BOTH_SETTINGS = "both_settings"
    PARENTAL_CONSENT = "parental_consent"
    # A school that acknowledged a transition packet about the child (sent on the parent's
    # consent naming it) continues the journey in the reception year.
    ACKNOWLEDGED_TRANSITION = "acknowledged_transition"


class Proposal(TypedDict):
    side: str
    started_on: date
    proposed_by: str
    proposed_by_org: str


def agreement_id(child_id: UUID, setting_id: UUID) -> UUID:
    return uuid5(NAMESPACE_URL, f"baton:enrolment:{child_id}:{setting_id}")


class EnrolmentAgreement(Aggregate):
    TOPIC = STORED_AS

    class Created(Aggregate.Created):
        TOPIC = f"{STORED_AS}.Created"

    @event("Opened", topic=f"{STORED_AS}.Opened")
    def __init__(self, child_id: UUID, setting_id: UUID) -> None:
        self.child_id = str(child_id)
        self.setting_id = str(setting_id)
        self.proposal: Proposal | None = None
        self.basis: str | None = None

    def check_open(self) -> None:
        if self.basis is not None:
            raise RuleBroken("the child is already enrolled at that setting")

    def awaits(self, side: Side) -> Proposal | None:
        """The other side's pending proposal, which ``side`` may agree to."""
        found = self.proposal
        return found if found is not None and found["side"] != side.value else None

    def propose(self, side: Side, started_on: date, by: UUID, by_org: UUID) -> None:
        """Propose (or propose again, replacing this side's earlier proposal)."""
        self.check_open()
        self._proposed(side=side.value, started_on=started_on, by=by, by_org=by_org)

    @event("Proposed", topic=f"{STORED_AS}.Proposed")
    def _proposed(self, side: str, started_on: date, by: UUID, by_org: UUID) -> None:
        self.proposal = Proposal(
            side=side, started_on=started_on, proposed_by=str(by), proposed_by_org=str(by_org)
        )

    def agree(self, side: Side, started_on: date, by: UUID, by_org: UUID, basis: Basis) -> None:
        """Agree on the parent's consent, or to the other side's proposal for the same day."""
        self.check_open()
        if basis is Basis.BOTH_SETTINGS:
            proposal = self.awaits(side)
            if proposal is None:
                raise AgreementNeeded(
                    "enrolling the child at another setting needs both settings' agreement or "
                    "the parent's consent naming that setting: propose it with POST "
                    f"/v1/children/{self.child_id}/enrolment-proposals, and a manager of the "
                    "other setting then agrees"
                )
            if proposal["started_on"] != started_on:
                raise InvalidField(
                    "started_on",
                    f"the other setting proposed {proposal['started_on'].isoformat()}; "
                    "agree to that day, or propose another",
                )
        self._agreed(side=side.value, by=by, by_org=by_org, basis=basis.value)

    @event("Agreed", topic=f"{STORED_AS}.Agreed")
    def _agreed(self, side: str, by: UUID, by_org: UUID, basis: str) -> None:
        self.basis = basis
        self.proposal = None
