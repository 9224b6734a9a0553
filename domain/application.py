"""Baton, the application: every command group assembled into one ``Application``.

Each command handler loads an aggregate, calls one of its methods and saves it. The groups are
mixins over ``BatonBase`` (the store, the clock, load, save and retry), one per part of the
domain, each built on the ones it uses (journey on organisations; handover on consents and
organisations):

    OrganisationCommands   domain/organisations/commands.py   organisations, staff, tokens, keys
    JourneyCommands        domain/journey/commands.py         children and their learning journey
    EnrolmentCommands      domain/journey/enrolments.py       a second setting, agreed or consented
    ForgettingCommands     domain/journey/forgetting.py       leaving a setting, holds, erasure
    ConsentCommands        domain/consents/commands.py        parents' decisions, and shares
    DeliveryCommands       domain/handover/delivery.py        opening, acknowledging, revoking
    HandoverCommands       domain/handover/commands.py        sealing a packet for a school
    ParentCommands         domain/parents/commands.py         parents' accounts, home moments
    PartnershipCommands    domain/partnerships/commands.py    partnerships, moderation samples
"""

from __future__ import annotations

from consent.consents import ChildConsents
from domain.base import Written
from domain.handover.commands import HandoverCommands
from domain.handover.packet import HandoverPacket
from domain.journey.child import Child
from domain.journey.commands import JourneyCommands
from domain.journey.enrolments import EnrolmentCommands
from domain.journey.forgetting import ForgettingCommands
from domain.organisations.commands import IssuedStaff
from domain.organisations.organisation import Organisation
from domain.parents.commands import ParentCommands
from domain.parents.parent import Parent
from domain.partnerships.commands import PartnershipCommands
from domain.partnerships.partnership import Partnership

__all__ = ["Baton", "IssuedStaff", "Written"]


class Baton(
    PartnershipCommands,
    ParentCommands,
    HandoverCommands,
    EnrolmentCommands,
    ForgettingCommands,
    JourneyCommands,
):
    """Organisations, staff, children's learning journeys, consent and handovers."""

    name = "Baton"
    snapshotting_intervals = {  # noqa: RUF012 - the library's own class attribute
        Child: 50,
        Organisation: 50,
        ChildConsents: 50,
        HandoverPacket: 50,
        Parent: 50,
        Partnership: 50,
    }
