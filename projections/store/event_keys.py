"""Events and snapshots of a child's record, encrypted under that child's key.

The library's mapper encrypts every event with one cipher. This one picks the key by whose data
the event holds (``domain.base.owner_of_event``): a child's events (its ``Child``, its
``ChildConsents``, packets about it) are sealed under the child's key of the event's class of
data; an organisation's stay under the global events key. A child's stored state is

    b"BK1\\x00" | child id (16 bytes) | class (1 byte) | nonce (12) | AES-256-GCM ciphertext

with everything before the nonce, and the event's originator, version and topic, as associated
data (so no state can be moved to another event). Events written before, under the global key,
still read: they do not start with the marker, or, one time in 2**32, start with it by chance
and then fail to open under any child's key and are read as before.

After ``ChildKeys.destroy`` reading one of the child's events raises ``ChildErased``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from eventsourcing.persistence import Mapper, StoredEvent

from domain.base import (
    JOURNEY,
    SAFEGUARDING,
    DataOwner,
    owner_of_event,
)
from domain.errors import ChildErased
from projections.store.child_keys import ChildKeys, KeyMissing

MARKER = b"BK1\x00"
CLASS_CODES = {JOURNEY: 1, SAFEGUARDING: 2}
CLASSES = {code: name for name, code in CLASS_CODES.items()}
HEADER = len(MARKER) + 16 + 1


class ChildKeyMapper(Mapper[UUID]):
    """The application's mapper, with a key per child."""

    def __init__(self, mapper: Mapper[UUID], keys: ChildKeys) -> None:
        super().__init__(mapper.transcoder, mapper.compressor, mapper.cipher)
        self.plain: Mapper[UUID] = Mapper(mapper.transcoder, mapper.compressor)
        self.keys = keys

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        owner = owner_of_event(domain_event)
        if owner is None:
            return super().to_stored_event(domain_event)
        return self.sealed(owner, self.plain.to_stored_event(domain_event))

    def sealed(self, owner: DataOwner, stored: StoredEvent) -> StoredEvent:
        """``stored`` (as the plain mapper made it) sealed under ``owner``'s key."""
        header = MARKER + owner.child_id.bytes + bytes([CLASS_CODES[owner.data_class]])
        sealed = self.keys.seal(
            owner.child_id, stored.state, _aad(header, stored), owner.data_class
        )
        return replace(stored, state=header + sealed)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        state = stored_event.state
        if state[: len(MARKER)] != MARKER or len(state) <= HEADER:
            return super().to_domain_event(stored_event)
        header = state[:HEADER]
        data_class = CLASSES.get(header[-1])
        child_id = UUID(bytes=header[len(MARKER) : len(MARKER) + 16])
        if data_class is None:
            return super().to_domain_event(stored_event)
        try:
            plain = self.keys.open(child_id, state[HEADER:], _aad(header, stored_event), data_class)
        except (KeyMissing, InvalidTag):
            # Not sealed under a child's key after all (a global-key event whose nonce begins
            # like the marker), or altered: the library's own check says which.
            return super().to_domain_event(stored_event)
        return self.plain.to_domain_event(replace(stored_event, state=plain))

    def readable(self, notes: Sequence[StoredEvent]) -> list[Any]:
        """``notes`` as events, leaving out those of erased children (a projection skips them),
        with the keys they need unwrapped together first."""
        children = {
            str(UUID(bytes=n.state[len(MARKER) : len(MARKER) + 16]))
            for n in notes
            if n.state[: len(MARKER)] == MARKER and len(n.state) > HEADER
        }
        self.keys.preload(children)
        events = []
        for note in notes:
            try:
                events.append(self.to_domain_event(note))
            except ChildErased:
                continue
        return events


def _aad(header: bytes, stored: StoredEvent) -> bytes:
    where = f"{UUID(str(stored.originator_id))}/{stored.originator_version}/{stored.topic}"
    return header + where.encode()


def readable(mapper: Mapper[UUID], notes: Sequence[StoredEvent]) -> list[Any]:
    """Events from ``notes``; with per-child keys, erased children's are left out."""
    if isinstance(mapper, ChildKeyMapper):
        return mapper.readable(notes)
    return [mapper.to_domain_event(n) for n in notes]
