"""Parents and carers inside Baton: invited by a setting, signing in, following their child's
shared journal, adding moments from home; a manager can end a parent's access."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from consent.consents import ChildConsents
from consent.vocabulary import Relationship, holds_parental_responsibility
from domain.base import Written, new
from domain.consents.commands import ConsentCommands
from domain.errors import ChildErased, InvalidField, InvitationRefused, NotFound, RuleBroken
from domain.journey.child import Child, ParentLink
from domain.journey.eyfs import member_of
from domain.organisations.commands import invitation_expiry
from domain.organisations.credentials import hash_secret, issue_token, parse_token
from domain.parents.parent import Parent

PARENT_INVITATION_PREFIX = "pv"
# What a consent given by the parent themselves holds as its evidence.
GIVEN_ON_THE_WEB = "Given on the web by the parent, signed in to Baton with their own account"
NO_PARENTAL_RESPONSIBILITY = (
    "only someone with parental responsibility can give or withdraw consent; if you hold it "
    "(by a court order or an agreement), ask the setting to record your decision"
)


@dataclass(frozen=True)
class InvitedParent:
    parent_id: UUID
    invitation: str  # the single-use secret of the parent's sign-in link (shown once)
    position: int
    new_account: bool


class ParentCommands(ConsentCommands):
    """Listed before the handover commands in ``Baton``, so a parent's withdrawal revokes
    unopened packets through their ``revocations_for_withdrawal``."""

    def parent(self, parent_id: UUID) -> Parent:
        return self._load(Parent, parent_id, "the parent or carer")

    def children_seen_by(self, parent_id: UUID) -> list[UUID]:
        """The children the parent may see now, in the order they came to follow them (a child
        whose access a manager ended, or who was erased, is left out)."""
        seen = []
        for child_id in self.parent(parent_id).child_ids:
            try:
                if self.child(child_id).parent_may_see(parent_id):
                    seen.append(child_id)
            except (NotFound, ChildErased):
                continue
        return seen

    def invite_parent(
        self,
        child_id: UUID,
        *,
        name: str,
        email: str,
        relationship: str,
        setting_id: UUID,
        invited_by: UUID,
        existing: UUID | None,
    ) -> InvitedParent:
        """Link a parent or carer to the child and issue their sign-in link. ``existing`` is the
        account already signing in with that email (a second child of the same family): the
        child is added to it; otherwise a new account is opened."""
        member_of(Relationship, "relationship", relationship)
        if not name.strip():
            raise InvalidField("name", "must not be blank")
        child = self.child(child_id)
        account = self._find(Parent, existing) if existing else None
        parent = account or new(Parent, None, name=name.strip(), email=email.strip())
        child.link_parent(parent.id, relationship, setting_id, invited_by)
        parent.follow(child_id, setting_id)
        secret, secret_hash = issue_token(parent.id, parent.id, prefix=PARENT_INVITATION_PREFIX)
        parent.invite(secret_hash, invitation_expiry(self.clock()))
        position = self._save(child, parent)
        return InvitedParent(parent.id, secret, position, account is None)

    def new_parent_invitation(self, parent_id: UUID) -> tuple[str, int]:
        """A fresh sign-in link (forgotten password, or a lapsed link); earlier ones stop."""
        secret, secret_hash = issue_token(parent_id, parent_id, prefix=PARENT_INVITATION_PREFIX)
        expires = invitation_expiry(self.clock())
        position, _ = self._update(
            Parent, parent_id, "the parent or carer", lambda p: p.invite(secret_hash, expires)
        )
        return secret, position

    def _parent_invited(self, invitation: str) -> tuple[Parent, str]:
        parsed = parse_token(invitation, prefix=PARENT_INVITATION_PREFIX)
        parent = self._find(Parent, parsed.org_id) if parsed else None
        if parsed is None or parent is None:
            raise InvitationRefused("the invitation is not known")
        return parent, hash_secret(parsed.secret)

    def parent_invitation_for(self, invitation: str) -> Parent:
        """The account a parent's link is for, while it can be used; nothing is changed."""
        parent, secret_hash = self._parent_invited(invitation)
        parent.check_invitation(secret_hash, self.clock())
        return parent

    def redeem_parent_invitation(self, invitation: str, password_hash: str) -> UUID:
        """Use the link once and set the account's password, in one save."""
        parent, secret_hash = self._parent_invited(invitation)
        at = self.clock()

        def redeem(p: Parent) -> None:
            p.redeem_invitation(secret_hash, at)
            p.choose_password(password_hash)

        self._update(Parent, parent.id, "the parent or carer", redeem)
        return parent.id

    def choose_parent_password(self, parent_id: UUID, password_hash: str) -> int:
        position, _ = self._update(
            Parent, parent_id, "the parent or carer", lambda p: p.choose_password(password_hash)
        )
        return position

    def _on_child(
        self, child_id: UUID, written_id: UUID, change: Callable[[Child], None]
    ) -> Written[Child]:
        position, child = self._update(Child, child_id, "the child", change)
        return Written(written_id, position, child)

    def end_parent_access(
        self,
        child_id: UUID,
        parent_id: UUID,
        *,
        setting_id: UUID,
        ended_by: UUID,
        reason: str | None,
    ) -> Written[Child]:
        return self._on_child(
            child_id,
            parent_id,
            lambda c: c.end_parent_access(parent_id, setting_id, ended_by, reason),
        )

    def record_home_moment(
        self, child_id: UUID, parent_id: UUID, *, text: str, recorded_on: date
    ) -> Written[Child]:
        """A moment from home (or the parent's view), written by the parent."""
        entry_id, now = uuid4(), self.clock()
        return self._on_child(
            child_id,
            entry_id,
            lambda c: c.record_parent_voice(entry_id, text, recorded_on, parent_id, now),
        )

    def attach_photo_from_home(
        self,
        child_id: UUID,
        entry_id: UUID,
        *,
        digest: str,
        parent_id: UUID,
        photo_id: UUID | None = None,
    ) -> Written[Child]:
        """A photo on the parent's own moment from home; as for staff, the caller keeps its
        pixels in the same unit of work (``attach_photo``)."""
        photo_id, now = photo_id or uuid4(), self.clock()
        return self._on_child(
            child_id,
            photo_id,
            lambda c: c.attach_photo_from_home(photo_id, entry_id, digest, parent_id, now),
        )

    def share_with_parents(
        self, child_id: UUID, entry_id: UUID, *, setting_id: UUID, shared_by: UUID
    ) -> Written[Child]:
        now = self.clock()
        return self._on_child(
            child_id, entry_id, lambda c: c.share_with_parents(entry_id, setting_id, shared_by, now)
        )

    def decide_group_photos(self, child_id: UUID, parent_id: UUID, agreed: bool) -> Written[Child]:
        now = self.clock()
        return self._on_child(
            child_id, child_id, lambda c: c.decide_group_photos(parent_id, agreed, now)
        )

    def tag_photo(
        self,
        child_id: UUID,
        photo_id: UUID,
        *,
        also_shows: list[UUID],
        setting_id: UUID,
        tagged_by: UUID,
    ) -> Written[Child]:
        """Name the other children a photo shows; each must be a child the setting enrols."""
        for other in also_shows:
            if other != child_id and not self._enrolled_at(other, setting_id):
                raise InvalidField("also_shows", "name children this setting enrols")
        return self._on_child(
            child_id, photo_id, lambda c: c.tag_photo(photo_id, also_shows, setting_id, tagged_by)
        )

    def _enrolled_at(self, child_id: UUID, setting_id: UUID) -> bool:
        """Whether the child is enrolled at the setting now (an unknown or erased child is
        not: naming one is the caller's mistake, not a missing resource)."""
        try:
            found = self._find(Child, child_id)
        except ChildErased:
            return False
        return found is not None and found.is_enrolled_at(setting_id)

    def photo_shown_to_parents(self, child: Child, photo_id: str) -> bool:
        """A photo of ``child`` may be shown to its parents: it shows no other child, or every
        other child it shows has its parents' agreement (an erased or unknown child has none)."""
        photo = child.photos.get(photo_id)
        if photo is None:
            return False
        for other in photo.get("also_shows", []):
            found = self._find(Child, UUID(other))
            if found is None or not found.group_photos_agreed:
                return False
        return True

    # -- consent in the parent's own hands ---------------------------------------------------

    def _deciding_parent(self, child_id: UUID, parent_id: UUID) -> tuple[Child, ParentLink]:
        """The child and the parent's link to it, for a parent who may decide consent: their
        access is open (else, as for any child not theirs, not found) and their relationship
        carries parental responsibility (``holds_parental_responsibility``)."""
        child = self.child(child_id)
        if not child.parent_may_see(parent_id):
            raise NotFound("the child")
        link = child.parents[str(parent_id)]
        if not holds_parental_responsibility(link["relationship"]):
            raise RuleBroken(NO_PARENTAL_RESPONSIBILITY)
        return child, link

    def parent_may_decide(self, child: Child, parent_id: UUID) -> bool:
        link = child.parents.get(str(parent_id))
        return (
            link is not None
            and link["active"]
            and holds_parental_responsibility(link["relationship"])
        )

    def parent_gives_consent(
        self,
        child_id: UUID,
        parent_id: UUID,
        *,
        recipient_id: UUID,
        purpose: str,
        categories: list[str],
        valid_until: date | None = None,
        request_id: UUID | None = None,
    ) -> Written[ChildConsents]:
        """The parent, signed in, consents themselves: the consent names them (their account,
        their name, their relationship on the child), recorded for the setting that invited
        them; it answers ``request_id``, or the setting's open request for the same."""
        child, link = self._deciding_parent(child_id, parent_id)
        return self.give_consent(
            child_id,
            given_by=self.parent(parent_id).name,
            relationship=link["relationship"],
            parental_responsibility=True,
            recipient_id=recipient_id,
            purpose=purpose,
            categories=categories,
            valid_from=None,
            valid_until=valid_until,
            evidence=GIVEN_ON_THE_WEB,
            setting_id=child.home_setting(parent_id),
            recorded_by=parent_id,
            parent_id=parent_id,
            request_id=request_id,
        )

    def parent_withdraws_consent(
        self, child_id: UUID, consent_id: UUID, parent_id: UUID, reason: str | None
    ) -> Written[ChildConsents]:
        """The parent withdraws a consent (theirs, the other parent's, or one recorded on
        paper): sharing under it stops now, and its unopened packets are revoked in the same
        transaction, as when staff record a withdrawal."""
        self._deciding_parent(child_id, parent_id)
        name, now = self.parent(parent_id).name, self.clock()
        position, state = self._change_consents(
            child_id,
            lambda c: self._withdrawing(c, consent_id, name, reason, parent_id, now, parent_id),
        )
        return Written(consent_id, position, state)

    def parent_declines_request(
        self, child_id: UUID, request_id: UUID, parent_id: UUID, reason: str | None
    ) -> Written[ChildConsents]:
        """The parent says no to the setting's request for a consent."""
        self._deciding_parent(child_id, parent_id)
        now = self.clock()
        position, state = self._change_consents(
            child_id, lambda c: c.decline(request_id, parent_id, reason, now)
        )
        return Written(request_id, position, state)
