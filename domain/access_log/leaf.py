"""What the tamper-evident access log commits to: each entry's leaf bytes, in RFC 9162 terms.

A leaf is the canonical JSON of the entry's contract fields, its ``seq`` (leaf index) included,
so a reordered or renumbered entry no longer matches its own leaf. Leaves hold ids, never
names, so erasing a child later never breaks verification.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from domain.access_log.checkpoint import Checkpoint, CheckpointError, verify_checkpoint
from domain.access_log.entry import AccessEntry
from domain.access_log.merkle import MerkleLog, leaf_hash

LEAF_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_org_id",
    "actor_roles",
    "action",
    "child_id",
    "resource",
    "outcome",
    "purpose",
)
# Fields added since the first release: in a leaf only when set, so every entry written before
# them (where they are NULL) keeps its leaf bytes, and its signed checkpoints still verify.
OPTIONAL_FIELDS = ("token_hash_prefix",)
STORED_FIELDS = LEAF_FIELDS[1:] + OPTIONAL_FIELDS
Stored = Mapping[str, Any]


def stored_form(entry: AccessEntry) -> dict[str, str | None]:
    """An entry as the access log stores it: text, exactly as written to the table."""
    return {
        "at": entry.at.isoformat(),
        "actor_id": str(entry.actor_id) if entry.actor_id else None,
        "actor_org_id": str(entry.actor_org_id) if entry.actor_org_id else None,
        "actor_roles": ",".join(entry.actor_roles),
        "action": entry.action.value,
        "child_id": str(entry.child_id) if entry.child_id else None,
        "resource": entry.resource,
        "outcome": entry.outcome.value,
        "purpose": entry.purpose,
        "token_hash_prefix": entry.token_hash_prefix,
    }


def leaf_bytes(entry: AccessEntry | Stored, seq: int) -> bytes:
    """The bytes whose RFC 9162 leaf hash goes into the log: canonical JSON (UTF-8) of the
    entry's stored text and its index. Built from the text as stored, never from a parse of it,
    so a verifier reading an altered row computes a different leaf instead of failing."""
    stored = stored_form(entry) if isinstance(entry, AccessEntry) else entry
    fields: dict[str, Any] = {"seq": seq, **{k: stored.get(k) for k in LEAF_FIELDS[1:]}}
    fields.update({k: stored[k] for k in OPTIONAL_FIELDS if stored.get(k) is not None})
    fields["actor_roles"] = [r for r in str(stored.get("actor_roles") or "").split(",") if r]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class Finding:
    """The first thing wrong with the log: from which leaf index it cannot be trusted, and why."""

    index: int
    problem: str


@dataclass(frozen=True)
class SignedHead:
    """A checkpoint as stored: its size and the signed note (the stored root is not trusted)."""

    size: int
    note: str


@dataclass(frozen=True)
class Verified:
    size: int
    root: bytes
    checkpoints: int


def _heads(
    heads: Sequence[SignedHead], origin: str, public_key: Ed25519PublicKey
) -> dict[int, bytes | str]:
    """Size → the root its signed note commits to, or why the note cannot be trusted."""
    found: dict[int, bytes | str] = {}
    for head in heads:
        try:
            cp = verify_checkpoint(head.note, origin, public_key, origin=origin)
        except CheckpointError as e:
            found[head.size] = (
                f"the checkpoint of size {head.size} is not signed by the log's key ({e})"
            )
            continue
        found[head.size] = (
            cp.root
            if cp.size == head.size
            else f"the checkpoint stored at size {head.size} is for size {cp.size}"
        )
    return found


def verify_log(
    leaves: Iterable[tuple[int, Stored, str | None]],
    heads: Sequence[SignedHead],
    origin: str,
    public_key: Ed25519PublicKey,
    saved: Checkpoint | None = None,
) -> Verified | Finding:
    """Recompute every leaf and the tree, check each signed checkpoint (and a saved one), and
    name the first leaf index that cannot be trusted."""
    trusted = _heads(heads, origin, public_key)
    sizes = sorted(trusted)
    tree, last_good = MerkleLog(), 0
    pending = iter(sizes)
    next_size = next(pending, None)
    for expected, (seq, entry, stored) in enumerate(leaves):
        if seq != expected:
            return Finding(expected, f"entry {expected} is missing (the next entry is {seq})")
        recomputed = leaf_hash(leaf_bytes(entry, seq))
        if stored != recomputed.hex():
            return Finding(seq, f"entry {seq} does not match its leaf hash: it was altered")
        tree.append(recomputed)
        while next_size is not None and next_size == tree.size:
            head = trusted[next_size]
            if isinstance(head, str):
                return Finding(last_good, f"{head}; entries from {last_good} cannot be trusted")
            if head != tree.root():
                return Finding(
                    last_good,
                    f"entries {last_good} to {tree.size - 1} do not match "
                    f"the signed checkpoint of size {tree.size}",
                )
            last_good = tree.size
            next_size = next(pending, None)
        if saved is not None and saved.size == tree.size and saved.root != tree.root():
            return Finding(
                0,
                f"the log is not consistent with the saved checkpoint of size "
                f"{saved.size}: its history was rewritten",
            )
    if next_size is not None:
        return Finding(
            tree.size,
            f"the log ends after {tree.size} entries but a signed checkpoint "
            f"covers {sizes[-1]}: entries from {tree.size} are missing",
        )
    if saved is not None and saved.size > tree.size:
        return Finding(
            tree.size,
            f"the saved checkpoint covers {saved.size} entries but the log "
            f"has {tree.size}: entries from {tree.size} are missing",
        )
    return Verified(tree.size, tree.root(), len(sizes))
