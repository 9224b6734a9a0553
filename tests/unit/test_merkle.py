"""RFC 9162 Merkle trees: the transparency-dev vectors, a literal RFC reference, and properties."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.access_log.merkle import (
    EMPTY_ROOT,
    MerkleLog,
    ProofError,
    SubtreeCache,
    consistency_proof,
    consistency_proof_from,
    inclusion_proof,
    inclusion_proof_from,
    leaf_hash,
    node_hash,
    root,
    root_from,
)
from domain.access_log.verification import verify_consistency, verify_inclusion

# Vendored from transparency-dev/merkle testdata (Apache-2.0, see LICENSE there); fewer files
# than counted here means vectors went missing, and the tests below fail rather than skip.
VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "merkle"
VECTOR_COUNTS = {"inclusion": 98, "consistency": 98}

# The leaves and roots of RFC 6962's test tree (transparency-dev/merkle proof/verify_test.go).
RFC6962_LEAVES = [
    bytes.fromhex(h)
    for h in (
        *("", "00", "10", "2021", "3031", "40414243"),
        *("5051525354555657", "606162636465666768696a6b6c6d6e6f"),
    )
]
RFC6962_ROOTS = [
    bytes.fromhex(h)
    for h in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
RFC6962_HASHES = [leaf_hash(leaf) for leaf in RFC6962_LEAVES]


# --- the transparency-dev vectors -------------------------------------------------------------


def _vector_params(kind: str) -> list[Any]:
    files = sorted((VECTORS / kind).rglob("*.json")) if (VECTORS / kind).is_dir() else []
    if not files:  # an empty parameter set would skip: make the absence a failure instead
        return [pytest.param(None, id=f"{kind}-vectors-missing")]
    return [pytest.param(f, id=f.relative_to(VECTORS / kind).as_posix()) for f in files]


def _load(path: Path | None) -> dict[str, Any]:
    if path is None:
        pytest.fail(f"Merkle test vectors not found under {VECTORS}")
    case: dict[str, Any] = json.loads(path.read_text())
    return case


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def _proof(case: dict[str, Any]) -> list[bytes]:
    return [_b64(h) for h in case["proof"] or []]


def test_the_vector_folders_are_present_and_complete() -> None:
    for kind, count in VECTOR_COUNTS.items():
        files = list((VECTORS / kind).rglob("*.json"))
        assert len(files) >= count, f"{VECTORS / kind} holds {len(files)} vectors, not {count}"
        outcomes = {json.loads(f.read_text())["wantErr"] for f in files}
        assert outcomes == {True, False}


@pytest.mark.parametrize("path", _vector_params("inclusion"))
def test_inclusion_vector(path: Path | None) -> None:
    case = _load(path)
    args = (_b64(case["leafHash"]), case["leafIdx"], case["treeSize"], _proof(case))
    if case["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*args, _b64(case["root"]))
    else:
        verify_inclusion(*args, _b64(case["root"]))


@pytest.mark.parametrize("path", _vector_params("consistency"))
def test_consistency_vector(path: Path | None) -> None:
    case = _load(path)
    args = (case["size1"], case["size2"], _b64(case["root1"]), _b64(case["root2"]), _proof(case))
    if case["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


def _happy_paths(kind: str) -> list[Any]:
    # The numbered folders are proofs over the RFC 6962 test tree; "additional" ones are not.
    found = sorted((VECTORS / kind).glob("[0-9]*/happy-path.json"))
    return [pytest.param(f, id=f.parent.name) for f in found] or _vector_params(kind)[:1]


@pytest.mark.parametrize("path", _happy_paths("inclusion"))
def test_generated_inclusion_proofs_equal_the_vectors(path: Path | None) -> None:
    case = _load(path)
    size = case["treeSize"]
    assert root(RFC6962_HASHES[:size]) == _b64(case["root"])
    assert RFC6962_HASHES[case["leafIdx"]] == _b64(case["leafHash"])
    assert inclusion_proof(RFC6962_HASHES, case["leafIdx"], size) == _proof(case)


@pytest.mark.parametrize("path", _happy_paths("consistency"))
def test_generated_consistency_proofs_equal_the_vectors(path: Path | None) -> None:
    case = _load(path)
    old, new = case["size1"], case["size2"]
    assert root(RFC6962_HASHES[:old]) == _b64(case["root1"])
    assert root(RFC6962_HASHES[:new]) == _b64(case["root2"])
    assert consistency_proof(RFC6962_HASHES, old, new) == _proof(case)


# --- hashing and the tree hash ----------------------------------------------------------------


def test_hashes_are_domain_separated_sha256() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert root([]) == EMPTY_ROOT
    assert leaf_hash(b"").hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )
    a, b = leaf_hash(b"a"), leaf_hash(b"b")
    assert node_hash(a, b) != node_hash(b, a)
    assert node_hash(a, b) != leaf_hash(a + b)  # a leaf can never pass for an interior node


def test_roots_of_the_rfc6962_test_tree() -> None:
    for size, expected in enumerate(RFC6962_ROOTS, start=1):
        assert root(RFC6962_HASHES[:size]) == expected


# --- a literal transcription of RFC 9162 §2.1 to check generation against ------------------


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _ref_mth(d: Sequence[bytes]) -> bytes:
    if len(d) == 0:
        return EMPTY_ROOT
    if len(d) == 1:
        return d[0]
    k = _k(len(d))
    return node_hash(_ref_mth(d[:k]), _ref_mth(d[k:]))


def _ref_path(m: int, d: Sequence[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*_ref_path(m, d[:k]), _ref_mth(d[k:])]
    return [*_ref_path(m - k, d[k:]), _ref_mth(d[:k])]


def _ref_subproof(m: int, d: Sequence[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [_ref_mth(d)]
    k = _k(len(d))
    if m <= k:
        return [*_ref_subproof(m, d[:k], b), _ref_mth(d[k:])]
    return [*_ref_subproof(m - k, d[k:], False), _ref_mth(d[:k])]


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def test_every_proof_up_to_size_70_matches_the_rfc_and_verifies() -> None:
    leaves = _leaves(70)
    log = MerkleLog()

    def read(start: int, end: int) -> list[bytes]:
        return leaves[start:end]

    for size in range(1, 71):
        log.append(leaves[size - 1])
        tree = leaves[:size]
        expected_root = _ref_mth(tree)
        assert root(tree) == expected_root
        assert log.root() == expected_root
        assert root_from(read, size, chunk=3) == expected_root
        for index in range(size):
            proof = inclusion_proof(leaves, index, size)
            assert proof == _ref_path(index, tree)
            verify_inclusion(leaves[index], index, size, proof, expected_root)
        for old in range(1, size + 1):
            proof = consistency_proof(leaves, old, size)
            assert proof == (_ref_subproof(old, tree, True) if old < size else [])
            verify_consistency(old, size, root(leaves[:old]), expected_root, proof)


def test_streamed_proofs_equal_in_memory_ones() -> None:
    leaves = _leaves(70)
    calls: list[tuple[int, int]] = []

    def read(start: int, end: int) -> list[bytes]:
        assert end - start <= 4
        calls.append((start, end))
        return leaves[start:end]

    for size in (1, 2, 5, 16, 33, 70):
        for index in range(size):
            streamed = inclusion_proof_from(read, index, size, chunk=4)
            assert streamed == inclusion_proof(leaves, index, size)
        for old in range(1, size + 1):
            streamed = consistency_proof_from(read, old, size, chunk=4)
            assert streamed == consistency_proof(leaves, old, size)
    assert calls


def test_a_large_log_streams_through_in_bounded_memory() -> None:
    size = (1 << 16) + 3
    leaves = _leaves(size)
    log = MerkleLog()
    log.extend(leaves)
    assert len(log.border) == 3  # 2^16 + 2 + 1
    tree_root = log.root()
    assert tree_root == root(leaves)

    def read(start: int, end: int) -> list[bytes]:
        return leaves[start:end]

    index = 12_345
    proof = inclusion_proof_from(read, index, size, chunk=4096)
    verify_inclusion(leaves[index], index, size, proof, tree_root)
    old = 40_000
    proof = consistency_proof_from(read, old, size, chunk=4096)
    verify_consistency(old, size, root(leaves[:old]), tree_root, proof)


# --- argument checking ------------------------------------------------------------------------


def test_generation_refuses_impossible_requests() -> None:
    leaves = _leaves(8)
    for index, size in [(0, 0), (8, 8), (-1, 4), (3, 9)]:
        with pytest.raises(ValueError, match="size"):
            inclusion_proof(leaves, index, size)
    for old, new in [(0, 0), (0, 4), (5, 4), (-1, 3), (4, 9)]:
        with pytest.raises(ValueError, match="size"):
            consistency_proof(leaves, old, new)
    with pytest.raises(ValueError, match="reader returned"):
        inclusion_proof_from(lambda start, end: leaves[start : end - 1], 0, 8)
    with pytest.raises(ValueError, match="chunk"):
        root_from(lambda start, end: leaves[start:end], 8, chunk=0)


def test_verification_refuses_malformed_input() -> None:
    leaves = _leaves(8)
    tree_root = root(leaves)
    proof = inclusion_proof(leaves, 3, 8)
    with pytest.raises(ProofError, match="leaf hash"):
        verify_inclusion(leaves[3][:31], 3, 8, proof, tree_root)
    with pytest.raises(ProofError, match="proof hash"):
        verify_inclusion(leaves[3], 3, 8, [*proof[:2], proof[2] + b"\x00"], tree_root)
    for index, size in [(-1, 8), (3, -8), (8, 8), (2**64 - 1, 8)]:
        with pytest.raises(ProofError, match="not in a tree"):
            verify_inclusion(leaves[3], index, size, proof, tree_root)
    with pytest.raises(ProofError, match="cannot grow"):
        verify_consistency(-1, 8, tree_root, tree_root, [])
    with pytest.raises(ProofError, match="empty tree"):
        verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])


def test_merkle_log_checks_what_it_is_given() -> None:
    log = MerkleLog()
    with pytest.raises(ValueError, match="32 bytes"):
        log.append(b"short")
    with pytest.raises(ValueError, match="32 bytes"):
        log.extend([leaf_hash(b"a"), b"short"])
    assert log.size == 1  # the good leaf before the bad one went in
    assert log.root() == leaf_hash(b"a")
    with pytest.raises(ValueError, match="set bit"):
        MerkleLog.from_state(3, [leaf_hash(b"a")])
    with pytest.raises(ValueError, match="set bit"):
        MerkleLog.from_state(-1, [])


# --- properties (hypothesis) ------------------------------------------------------------------

distinct_leaves = st.lists(st.binary(max_size=12), min_size=1, max_size=150, unique=True).map(
    lambda data: [leaf_hash(d) for d in data]
)


def _flip(proof: list[bytes], element: int, byte: int, bit: int) -> list[bytes]:
    changed = bytearray(proof[element])
    changed[byte] ^= 1 << bit
    return [*proof[:element], bytes(changed), *proof[element + 1 :]]


def _rejects_inclusion(leaf: bytes, index: int, size: int, proof: list[bytes], r: bytes) -> bool:
    try:
        verify_inclusion(leaf, index, size, proof, r)
    except ProofError:
        return True
    return False


def _rejects_consistency(old: int, new: int, r1: bytes, r2: bytes, proof: list[bytes]) -> bool:
    try:
        verify_consistency(old, new, r1, r2, proof)
    except ProofError:
        return True
    return False


@settings(deadline=None)
@given(leaves=distinct_leaves, data=st.data())
def test_inclusion_proofs_verify_and_resist_tampering(leaves: list[bytes], data: Any) -> None:
    size = data.draw(st.integers(1, len(leaves)), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    tree_root = root(leaves[:size])
    proof = inclusion_proof(leaves, index, size)
    verify_inclusion(leaves[index], index, size, proof, tree_root)

    if proof:
        element = data.draw(st.integers(0, len(proof) - 1), label="element")
        byte = data.draw(st.integers(0, 31), label="byte")
        bit = data.draw(st.integers(0, 7), label="bit")
        flipped = _flip(proof, element, byte, bit)
        assert _rejects_inclusion(leaves[index], index, size, flipped, tree_root)
        assert _rejects_inclusion(leaves[index], index, size, proof[:-1], tree_root)
    assert _rejects_inclusion(leaves[index], index, size, [*proof, tree_root], tree_root)
    assert _rejects_inclusion(leaves[index], index, size, [tree_root, *proof], tree_root)
    assert _rejects_inclusion(leaves[index], index, size, proof, node_hash(tree_root, tree_root))

    other = data.draw(st.integers(0, len(leaves) - 1), label="other index")
    if other != index:
        assert _rejects_inclusion(leaves[other], index, size, proof, tree_root)  # wrong leaf
        assert _rejects_inclusion(leaves[index], other, size, proof, tree_root)  # wrong place

    other_size = data.draw(st.integers(index + 1, len(leaves)), label="other size")
    if other_size != size:
        other_root = root(leaves[:other_size])
        genuine = inclusion_proof(leaves, index, other_size) == proof
        rejected = _rejects_inclusion(leaves[index], index, other_size, proof, other_root)
        assert rejected != genuine
    assert _rejects_inclusion(leaves[index], index, size * 2, proof, tree_root)
    if size > 1:
        assert _rejects_inclusion(leaves[index], index, size // 2, proof, tree_root)


@settings(deadline=None)
@given(leaves=distinct_leaves, data=st.data())
def test_consistency_proofs_verify_and_resist_tampering(leaves: list[bytes], data: Any) -> None:
    new = data.draw(st.integers(1, len(leaves)), label="new size")
    old = data.draw(st.integers(1, new), label="old size")
    old_root, new_root = root(leaves[:old]), root(leaves[:new])
    proof = consistency_proof(leaves, old, new)
    verify_consistency(old, new, old_root, new_root, proof)

    if old == new:
        assert proof == []
        assert _rejects_consistency(old, new, old_root, new_root, [new_root])
        return
    element = data.draw(st.integers(0, len(proof) - 1), label="element")
    byte = data.draw(st.integers(0, 31), label="byte")
    bit = data.draw(st.integers(0, 7), label="bit")
    flipped = _flip(proof, element, byte, bit)
    assert _rejects_consistency(old, new, old_root, new_root, flipped)
    assert _rejects_consistency(old, new, old_root, new_root, proof[:-1])
    assert _rejects_consistency(old, new, old_root, new_root, proof[1:])
    assert _rejects_consistency(old, new, old_root, new_root, [*proof, new_root])
    assert _rejects_consistency(old, new, old_root, new_root, [old_root, *proof])
    assert _rejects_consistency(old, new, new_root, old_root, proof)
    assert _rejects_consistency(old, new, old_root, leaf_hash(new_root), proof)
    assert _rejects_consistency(old, new, leaf_hash(old_root), new_root, proof)
    assert _rejects_consistency(0, new, old_root, new_root, proof)

    other_old = data.draw(st.integers(1, len(leaves)), label="other old size")
    other_new = data.draw(st.integers(other_old, len(leaves)), label="other new size")
    if (other_old, other_new) != (old, new):
        genuine = consistency_proof(leaves, other_old, other_new) == proof
        rejected = _rejects_consistency(
            other_old, other_new, root(leaves[:other_old]), root(leaves[:other_new]), proof
        )
        assert rejected != genuine


@settings(deadline=None)
@given(leaves=distinct_leaves, cut=st.integers(0, 150))
def test_merkle_log_root_equals_the_tree_hash_of_every_prefix(
    leaves: list[bytes], cut: int
) -> None:
    log = MerkleLog()
    assert log.root() == EMPTY_ROOT
    for size, leaf in enumerate(leaves, start=1):
        log.append(leaf)
        assert log.size == size
        assert len(log.border) == size.bit_count()
        assert log.root() == root(leaves[:size])
    cut = min(cut, len(leaves))
    resumed = MerkleLog()
    resumed.extend(leaves[:cut])
    resumed = MerkleLog.from_state(resumed.size, resumed.border)
    resumed.extend(leaves[cut:])
    assert resumed.root() == log.root()
    assert resumed.border == log.border


@given(
    count=st.integers(min_value=1, max_value=600),
    block_bits=st.integers(min_value=0, max_value=6),
    picks=st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=8
    ),
)
def test_the_subtree_cache_serves_the_same_proofs_as_the_reference(
    count: int, block_bits: int, picks: list[tuple[float, float, float]]
) -> None:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(count)]
    cache = SubtreeCache(lambda a, b: leaves[a:b], block=1 << block_bits)
    for a, b, c in picks:  # one cache serves many proofs, as in a running service
        size = 1 + int(a * (count - 1))
        index = int(b * (size - 1))
        old = 1 + int(c * (size - 1))
        assert cache.inclusion_proof(index, size) == inclusion_proof(leaves, index, size)
        assert cache.consistency_proof(old, size) == consistency_proof(leaves, old, size)
