"""Checking a proof with nothing but the hashes: RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2
(consistency). What a DSL's verifier runs; it needs no access to the log itself."""

from __future__ import annotations

import hmac
from collections.abc import Sequence

from domain.access_log.merkle import ProofError, node_hash, require_hash


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``size`` with hash ``root``.

    RFC 9162 §2.1.3.2 exactly; raises ``ProofError`` if the proof does not verify.
    """
    if index < 0 or size < 0 or index >= size:  # step 1
        raise ProofError(f"leaf index {index} is not in a tree of size {size}")
    require_hash(leaf_hash, "leaf hash")
    for p in proof:
        require_hash(p, "proof hash")
    fn, sn = index, size - 1  # step 2
    r = leaf_hash  # step 3
    for p in proof:  # step 4
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:  # step 5
        raise ProofError("inclusion proof is too short")
    if not hmac.compare_digest(r, root):
        raise ProofError("inclusion proof does not lead to the root")


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree (``old_size``, ``old_root``) is a prefix of (``new_size``, ``new_root``).

    RFC 9162 §2.1.4.2 exactly for 0 < old_size < new_size. Equal sizes need an empty proof and
    equal roots. Size 0 is refused: the RFC defines no proof from the empty tree, which every
    tree extends, so a caller holding size 0 has nothing to check. Raises ``ProofError``.
    """
    if old_size < 0 or new_size < 0 or old_size > new_size:
        raise ProofError(f"tree size {old_size} cannot grow into tree size {new_size}")
    if old_size == 0:
        raise ProofError("no consistency proof exists from the empty tree")
    if old_size == new_size:
        if proof:
            raise ProofError("equal tree sizes need an empty consistency proof")
        if not hmac.compare_digest(old_root, new_root):
            raise ProofError("equal tree sizes with different roots")
        return
    if not proof:  # step 1
        raise ProofError("consistency proof is empty")
    for c in proof:
        require_hash(c, "proof hash")
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # step 2
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1  # step 3
    while fn & 1:  # step 4
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:  # step 7
        raise ProofError("consistency proof is too short")
    if not hmac.compare_digest(fr, old_root):
        raise ProofError("consistency proof does not lead to the old root")
    if not hmac.compare_digest(sr, new_root):
        raise ProofError("consistency proof does not lead to the new root")
