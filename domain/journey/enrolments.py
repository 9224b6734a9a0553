"""Enrolment commands: a child joins another setting on both settings' agreement, or on a
parent's consent naming that setting; never on one manager's word alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from consent.consents import ChildConsents, consents_id, status_at
from consent.vocabulary import Status
from domain.base import new
from domain.errors import AgreementNeeded, NotEnrolledHere, RuleBroken
from domain.handover.packet import HandoverPacket, PacketKind
from domain.journey.agreement import Basis, EnrolmentAgreement, Side, agreement_id
from domain.journey.child import Child, check_start
from domain.journey.commands import JourneyCommands
from domain.organisations.organisation import Organisation, OrganisationKind


@dataclass(frozen=True)
class EnrolmentDecided:
    """What a proposal or an agreement came to: ``basis`` is None while the other side has yet
    to agree."""

    child_id: UUID
    setting_id: UUID
    started_on: date
    basis: Basis | None
    position: int


class EnrolmentCommands(JourneyCommands):
    @staticmethod
    def enrolment_side(child: Child, setting_id: UUID, org_id: UUID) -> Side | None:
        """Which side of an enrolment at ``setting_id`` the organisation is on, if any."""
        if child.is_enrolled_at(org_id):
            return Side.ENROLLING
        return Side.JOINING if org_id == setting_id else None

    def consent_names(self, child_id: UUID, org_id: UUID) -> bool:
        """A parent's consent naming the organisation is active today."""
        consents = self._find(ChildConsents, consents_id(child_id))
        today = self.today()
        return consents is not None and any(
            c["recipient_id"] == str(org_id)
            and c["valid_from"] <= today
            and status_at(c, today) is Status.ACTIVE
            for c in consents.all()
        )

    def acknowledged_transition(self, child: Child, school_id: UUID) -> bool:
        """The school acknowledged a transition packet about the child (one not revoked)."""
        for sent in child.handovers:
            if sent["school_id"] != str(school_id) or sent["kind"] != PacketKind.TRANSITION:
                continue
            packet = self._find(HandoverPacket, UUID(sent["packet_id"]))
            if packet is not None and packet.acknowledged_at is not None:
                return True
        return False

    def continue_at_school(
        self, child_id: UUID, school_id: UUID, started_on: date, by: UUID
    ) -> EnrolmentDecided:
        """A school enrols the child for the reception year, on its own acknowledgement of a
        transition packet (itself sent on the parent's consent naming the school): the journey
        goes on there. Anything less (no packet, or one not acknowledged) is AgreementNeeded."""
        child, today = self.child(child_id), self.today()
        if child.is_enrolled_at(school_id):
            raise RuleBroken("the child is already enrolled at that school")
        if not self.acknowledged_transition(child, school_id):
            raise AgreementNeeded(
                "a school continues a child's journey once it has acknowledged a transition "
                "packet about the child: acknowledge the packet in the inbox first"
            )
        check_start(child.date_of_birth, started_on, today)
        agreement = self._agreement(child_id, school_id)
        basis = Basis.ACKNOWLEDGED_TRANSITION
        agreement.agree(Side.JOINING, started_on, by, school_id, basis)
        child.enrol(school_id, started_on, by, today)
        position = self._save(child, agreement)
        return EnrolmentDecided(child_id, school_id, started_on, basis, position)

    def _agreement(self, child_id: UUID, setting_id: UUID) -> EnrolmentAgreement:
        """The enrolment's agreement so far, or a new one."""
        return self._find(EnrolmentAgreement, agreement_id(child_id, setting_id)) or new(
            EnrolmentAgreement,
            agreement_id(child_id, setting_id),
            created="Opened",
            child_id=child_id,
            setting_id=setting_id,
        )

    def is_school(self, org_id: UUID) -> bool:
        found = self._find(Organisation, org_id)
        return found is not None and found.kind is OrganisationKind.SCHOOL

    def propose_enrolment(
        self, child_id: UUID, setting_id: UUID, started_on: date, by: UUID, by_org: UUID
    ) -> EnrolmentDecided:
        """Propose the enrolment; it happens at once if the other side proposed the same, or
        a parent's consent names the setting."""
        return self._decide(child_id, setting_id, started_on, by, by_org, propose=True)

    def agree_enrolment(
        self, child_id: UUID, setting_id: UUID, started_on: date, by: UUID, by_org: UUID
    ) -> EnrolmentDecided:
        """Enrol on the parent's consent, or agreeing to the other side's proposal;
        AgreementNeeded otherwise."""
        return self._decide(child_id, setting_id, started_on, by, by_org, propose=False)

    def _decide(
        self,
        child_id: UUID,
        setting_id: UUID,
        started_on: date,
        by: UUID,
        by_org: UUID,
        *,
        propose: bool,
    ) -> EnrolmentDecided:
        self.setting(setting_id)
        child, today = self.child(child_id), self.today()
        if child.is_enrolled_at(setting_id):
            raise RuleBroken("the child is already enrolled at that setting")
        check_start(child.date_of_birth, started_on, today)
        side = self.enrolment_side(child, setting_id, by_org)
        if side is None:
            raise NotEnrolledHere("the organisation is on neither side of this enrolment")
        agreement = self._agreement(child_id, setting_id)
        awaiting = agreement.awaits(side)
        if self.consent_names(child_id, setting_id):
            basis: Basis | None = Basis.PARENTAL_CONSENT
        elif propose and (awaiting is None or awaiting["started_on"] != started_on):
            basis = None  # a proposal, or a counter-proposal for another day
        else:
            basis = Basis.BOTH_SETTINGS
        if basis is None:
            agreement.propose(side, started_on, by, by_org)
            position = self._save(agreement)
        else:
            agreement.agree(side, started_on, by, by_org, basis)
            child.enrol(setting_id, started_on, by, today)
            position = self._save(child, agreement)
        return EnrolmentDecided(child_id, setting_id, started_on, basis, position)
