"""RFC 9162 (Certificate Transparency v2) Merkle trees: hashes, proofs, and an append-only log.

Leaf hash SHA-256(0x00 || data), node hash SHA-256(0x01 || left || right), the empty tree's hash
SHA-256(""). ``root`` is the Merkle Tree Hash of §2.1.1; ``inclusion_proof`` and
``consistency_proof`` generate the PATH and PROOF of §2.1.3.1 and §2.1.4.1; ``verify_inclusion``
and ``verify_consistency`` are the verification algorithms of §2.1.3.2 and §2.1.4.2, step for
step. ``MerkleLog`` keeps only the right border of a growing tree (a compact range over
``[0, size)``: one perfect-subtree hash per set bit of the size), so a verifier can stream a
million leaves through it in constant memory.

Generating a proof needs the hashes of the subtrees beside the path, which together cover every
leaf but one, so it costs O(n) hashing whatever the tree. The ``*_from`` variants read those
leaves through a ``LeafReader`` in bounded chunks, so memory stays O(chunk + log n).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
DEFAULT_CHUNK = 65_536

LeafReader = Callable[[int, int], Sequence[bytes]]
"""``read(start, end)`` returns the leaf hashes of leaves ``start`` .. ``end - 1``, in order."""

_SubtreeHash = Callable[[int, int], bytes]


class ProofError(Exception):
    """A Merkle inclusion or consistency proof does not verify."""


def leaf_hash(data: bytes) -> bytes:
    """Hash of a leaf: SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Hash of an interior node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly less than ``n`` (for n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """Merkle Tree Hash of the leaves (RFC 9162 §2.1.1); ``EMPTY_ROOT`` for no leaves.

    Computed bottom-up: pairing neighbours level by level and carrying an unpaired last node up
    unchanged builds exactly the tree that splits at the largest power of two below n. O(n).
    """
    level = list(leaf_hashes)
    if not level:
        return EMPTY_ROOT
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


class MerkleLog:
    """An append-only Merkle tree that keeps only its right border, not its leaves.

    ``border`` holds the roots of the perfect subtrees that tile ``[0, size)``, largest (leftmost)
    first: one per set bit of ``size``. ``append`` is O(1) amortised (O(log n) worst case),
    ``root`` is O(log n), and memory is O(log n) hashes.
    """

    __slots__ = ("_border", "_size")

    def __init__(self) -> None:
        self._size = 0
        self._border: list[bytes] = []

    @classmethod
    def from_state(cls, size: int, border: Sequence[bytes]) -> MerkleLog:
        """Resume a log from a saved ``(size, border)``; the border must fit the size."""
        if size < 0 or len(border) != size.bit_count():
            raise ValueError("a border holds one hash per set bit of the size")
        for h in border:
            require_hash(h, "border hash", ValueError)
        log = cls()
        log._size = size
        log._border = list(border)
        return log

    @property
    def size(self) -> int:
        """How many leaves have been appended."""
        return self._size

    @property
    def border(self) -> tuple[bytes, ...]:
        """Roots of the perfect subtrees covering every leaf, largest first."""
        return tuple(self._border)

    def append(self, leaf_hash: bytes) -> None:
        """Add the next leaf (by its leaf hash), merging the equal-sized subtrees it completes."""
        require_hash(leaf_hash, "leaf hash", ValueError)
        h = leaf_hash
        n = self._size
        while n & 1:
            h = node_hash(self._border.pop(), h)
            n >>= 1
        self._border.append(h)
        self._size += 1

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append every leaf hash in order (``append`` in a loop, with the lookups hoisted)."""
        border, size, sha256 = self._border, self._size, hashlib.sha256
        try:
            for h in leaf_hashes:
                require_hash(h, "leaf hash", ValueError)
                n = size
                while n & 1:
                    h = sha256(b"\x01" + border.pop() + h).digest()
                    n >>= 1
                border.append(h)
                size += 1
        finally:
            self._size = size

    def root(self) -> bytes:
        """Merkle Tree Hash of every leaf appended so far."""
        if not self._border:
            return EMPTY_ROOT
        h = self._border[-1]
        for left in reversed(self._border[:-1]):
            h = node_hash(left, h)
        return h


# --- generation (RFC 9162 §2.1.3.1 and §2.1.4.1) --------------------------------------------


def _path(subtree: _SubtreeHash, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]), leaf to root, taking subtree hashes from ``subtree``."""
    proof: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            proof.append(subtree(lo + k, hi))
            hi = lo + k
        else:
            proof.append(subtree(lo, lo + k))
            lo += k
    proof.reverse()
    return proof


def _subproof(subtree: _SubtreeHash, old_size: int, new_size: int) -> list[bytes]:
    """PROOF(old_size, D[0:new_size]) = SUBPROOF(old_size, D[0:new_size], true)."""
    proof: list[bytes] = []
    lo, hi, complete = 0, new_size, True
    while True:
        m, n = old_size - lo, hi - lo
        if m == n:
            if not complete:
                proof.append(subtree(lo, hi))
            break
        k = _split(n)
        if m <= k:
            proof.append(subtree(lo + k, hi))
            hi = lo + k
        else:
            proof.append(subtree(lo, lo + k))
            lo += k
            complete = False
    proof.reverse()
    return proof


def _check_inclusion_args(index: int, size: int, available: int | None) -> None:
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    if available is not None and size > available:
        raise ValueError(f"tree size {size} exceeds the {available} leaves given")


def _check_consistency_args(old_size: int, new_size: int, available: int | None) -> None:
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    if available is not None and new_size > available:
        raise ValueError(f"tree size {new_size} exceeds the {available} leaves given")


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int, size: int) -> list[bytes]:
    """Audit path for leaf ``index`` in the tree of the first ``size`` leaves (§2.1.3.1).

    Needs 0 <= index < size <= len(leaf_hashes). O(size) hashing, O(size) memory for slices.
    """
    _check_inclusion_args(index, size, len(leaf_hashes))
    return _path(lambda a, b: root(leaf_hashes[a:b]), index, size)


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int, new_size: int) -> list[bytes]:
    """Proof that the tree of ``old_size`` leaves is a prefix of the one of ``new_size`` (§2.1.4.1).

    Needs 0 < old_size <= new_size <= len(leaf_hashes); equal sizes give an empty proof. RFC 9162
    defines no proof from the empty tree (every tree extends it). O(new_size) hashing.
    """
    _check_consistency_args(old_size, new_size, len(leaf_hashes))
    return _subproof(lambda a, b: root(leaf_hashes[a:b]), old_size, new_size)


def root_from(read: LeafReader, size: int, *, chunk: int = DEFAULT_CHUNK) -> bytes:
    """Merkle Tree Hash of the first ``size`` leaves, read ``chunk`` at a time."""
    if size < 0:
        raise ValueError("a tree size cannot be negative")
    return _streamed_root(read, 0, size, chunk)


def inclusion_proof_from(
    read: LeafReader, index: int, size: int, *, chunk: int = DEFAULT_CHUNK
) -> list[bytes]:
    """``inclusion_proof`` reading leaves through ``read``: O(size) hashing, O(chunk) memory."""
    _check_inclusion_args(index, size, None)
    return _path(lambda a, b: _streamed_root(read, a, b, chunk), index, size)


def consistency_proof_from(
    read: LeafReader, old_size: int, new_size: int, *, chunk: int = DEFAULT_CHUNK
) -> list[bytes]:
    """``consistency_proof`` reading leaves through ``read``: O(new_size) work, O(chunk) memory."""
    _check_consistency_args(old_size, new_size, None)
    return _subproof(lambda a, b: _streamed_root(read, a, b, chunk), old_size, new_size)


def _streamed_root(read: LeafReader, start: int, end: int, chunk: int) -> bytes:
    """MTH(D[start:end]) from leaves read in chunks through a ``MerkleLog``."""
    if chunk < 1:
        raise ValueError("chunk must be positive")
    log = MerkleLog()
    for lo in range(start, end, chunk):
        hi = min(end, lo + chunk)
        batch = read(lo, hi)
        if len(batch) != hi - lo:
            raise ValueError(f"reader returned {len(batch)} leaves for [{lo}, {hi})")
        log.extend(batch)
    return log.root()


class SubtreeCache:
    """Proofs over a growing log, remembering the hash of every aligned perfect subtree it
    computes: such a subtree's leaves never change once they exist, so after the first proof a
    proof reads one block of leaves and hashes O(log n) nodes.

    ``read`` gives leaf hashes; blocks of ``block`` leaves are hashed straight from their leaves
    (memory: one hash per aligned perfect subtree above that size, about 2n / block).
    """

    def __init__(self, read: LeafReader, block: int = 4096) -> None:
        if block < 1 or block & (block - 1):
            raise ValueError("block must be a power of two")
        self.read, self.block = read, block
        self.memo: dict[tuple[int, int], bytes] = {}

    def hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end])."""
        n = end - start
        if n == 1:
            return self.read(start, end)[0]
        if n & (n - 1) == 0 and start % n == 0:
            found = self.memo.get((start, n))
            if found is None:
                if n <= self.block:
                    found = root(self.read(start, end))
                else:
                    found = node_hash(
                        self.hash(start, start + n // 2), self.hash(start + n // 2, end)
                    )
                self.memo[(start, n)] = found
            return found
        k = _split(n)
        return node_hash(self.hash(start, start + k), self.hash(start + k, end))

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        _check_inclusion_args(index, size, None)
        return _path(self.hash, index, size)

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        _check_consistency_args(old_size, new_size, None)
        return _subproof(self.hash, old_size, new_size)


def require_hash(value: bytes, what: str, error: type[Exception] = ProofError) -> None:
    if len(value) != HASH_SIZE:
        raise error(f"{what} must be {HASH_SIZE} bytes, not {len(value)}")
