"""Every error the domain raises on purpose, drawn once. Those derived from ``DomainError`` are
defined here; the rest are defined beside the code that raises them (named on the right).

DomainError
 ├── NotFound                 an organisation, child, entry or packet that does not exist
 ├── RuleBroken               a command that would break a rule of the domain
 │    ├── InvalidField        one field of the command is wrong (names the field)
 │    ├── DuplicateStaffEmail a member of staff with that email is already on record
 │    └── PacketGone          the packet was revoked or superseded
 ├── NotEnrolledHere          the acting organisation has no relationship with the child
 ├── AgreementNeeded          a second setting's enrolment wants the other side, or consent
 ├── ChildErased              the child's record was erased (its key destroyed)
 ├── OnHold                   a DSL's hold stops the child's erasure
 ├── ConcurrentUpdate         retries ran out against concurrent writers
 ├── NoLawfulBasis            nothing of the record may go to that recipient (says why)
 ├── OwnKeyHeld               the school holds the packet's private key; the service cannot open it
 ├── InvitationRefused        an invitation link unknown, used already, expired or for a leaver
 └── EnvelopeRejected         the stored envelope failed verification

Raised by the layers below, not DomainErrors:
 ConsentError                 consent/errors.py: the consent rules (consent is below the domain)
 ├── ConsentNotFound
 ├── InvalidConsent           a field is wrong (names the field)
 └── ConsentNotActive         withdrawn twice, or withdrawn after it ended
 EnvelopeError                domain/sealing/envelope.py: an envelope that does not verify or open
 KeyUnavailable               domain/sealing/keyring.py: no usable private key
 CheckpointError (ValueError) domain/access_log/checkpoint.py: a checkpoint that does not verify
 ProofError                   domain/access_log/merkle.py: a Merkle proof that does not verify
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


class NotFound(DomainError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} was not found")
        self.what = what


class RuleBroken(DomainError):
    """A command that would break a domain rule; the message says which, in users' words."""


class InvalidField(RuleBroken):
    """``detail`` replaces the default message (``field: message``) where a sentence says more."""

    def __init__(self, field: str, message: str, detail: str | None = None) -> None:
        super().__init__(detail or f"{field}: {message}")
        self.field = field
        self.message = message


class DuplicateStaffEmail(RuleBroken):
    pass


class PacketGone(RuleBroken):
    """The packet was revoked or superseded: its contents are no longer available."""


class NotEnrolledHere(DomainError):
    """The acting organisation does not enrol the child."""


class ChildErased(DomainError):
    """The child's record was erased: its keys are destroyed, so its events, snapshots and view
    rows can no longer be decrypted by anyone."""

    def __init__(self, child_id: object = None) -> None:
        super().__init__("the child's record was erased")
        self.child_id = child_id


class ConcurrentUpdate(DomainError):
    """Too many concurrent writers on one aggregate; the caller may try again."""


class NoLawfulBasis(DomainError):
    """Nothing of the record may go to that recipient; the message says why."""


class OwnKeyHeld(DomainError):
    """The school holds the private key for this packet; the service cannot open it."""


class EnvelopeRejected(DomainError):
    """The stored envelope failed verification (tampered, replayed or re-addressed)."""


class InvitationRefused(DomainError):
    """An invitation that cannot be redeemed; the message says why (unknown, used, expired)."""


class AgreementNeeded(DomainError):
    """Enrolling at another setting needs both settings' agreement, or the parent's consent."""


class OnHold(DomainError):
    """A designated safeguarding lead's hold on the child's record stops its erasure."""
