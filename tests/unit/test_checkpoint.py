"""Signed checkpoints: C2SP tlog-checkpoint bodies in C2SP signed notes, Ed25519 signed."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from domain.access_log.checkpoint import (
    Checkpoint,
    CheckpointError,
    key_id,
    parse_verifier_key,
    sign_checkpoint,
    sign_note,
    verifier_key,
    verify_checkpoint,
    verify_note,
)
from domain.access_log.merkle import leaf_hash, root

EM_DASH = "\u2014"
NAME = "baton.example/access-log"
# RFC 8032 §7.1 test 1: a fixed Ed25519 key, so signatures are fixed too.
KEY = Ed25519PrivateKey.from_private_bytes(
    bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
)
PUBLIC = KEY.public_key()
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
# The root of RFC 6962's eight-leaf test tree.
ROOT_8 = bytes.fromhex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
CHECKPOINT = Checkpoint(NAME, 8, ROOT_8)

KNOWN_NOTE = (
    "baton.example/access-log\n"
    "8\n"
    "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
    "\n"
    "— baton.example/access-log 7nw7Zwx91eIH+AvPKnUBlWh7R8paEaxlu6W4+C3l9IJJnhW"
    "AW4GHaRnEm+nRV8M12aB4yyrhorUavIpbDSPplJGtqw8=\n"
)
KNOWN_VKEY = "baton.example/access-log+ee7c3b67+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea"

# golang.org/x/mod/sumdb/note's documented example: another implementation's exact bytes.
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNX"
    "gKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)


def _raw(key: Ed25519PrivateKey) -> bytes:
    public = key.public_key()
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _signature_line(text: str, name: str, key: Ed25519PrivateKey) -> str:
    """A signature line built by hand from the spec, independently of the module."""
    kid = hashlib.sha256(name.encode() + b"\n\x01" + _raw(key)).digest()[:4]
    blob = base64.b64encode(kid + key.sign(text.encode())).decode()
    return f"{EM_DASH} {name} {blob}\n"


# --- known answers ----------------------------------------------------------------------------


def test_a_fixed_key_signs_a_fixed_note() -> None:
    assert sign_checkpoint(CHECKPOINT, NAME, KEY) == KNOWN_NOTE
    assert verify_checkpoint(KNOWN_NOTE, NAME, PUBLIC) == CHECKPOINT
    assert verifier_key(NAME, PUBLIC) == KNOWN_VKEY
    assert _raw(KEY).hex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"


def test_the_go_sumdb_note_example_signs_and_verifies_byte_for_byte() -> None:
    _, _, name, id_hex, material = GO_SKEY.split("+", 4)
    seed = base64.b64decode(material)
    assert seed[0] == 0x01
    go_key = Ed25519PrivateKey.from_private_bytes(seed[1:])
    assert key_id(name, go_key.public_key()).hex() == id_hex
    assert verifier_key(name, go_key.public_key()) == GO_VKEY
    assert sign_note(GO_TEXT, name, go_key) == GO_NOTE
    pinned_name, pinned_key = parse_verifier_key(GO_VKEY)
    assert verify_note(GO_NOTE, pinned_name, pinned_key) == GO_TEXT
    with pytest.raises(CheckpointError):
        verify_note(GO_NOTE.replace("cryptography", "cryptographY"), pinned_name, pinned_key)


def test_the_note_body_is_the_tlog_checkpoint_text() -> None:
    assert CHECKPOINT.body() == f"{NAME}\n8\n{base64.b64encode(ROOT_8).decode()}\n"
    note = sign_checkpoint(CHECKPOINT, NAME, KEY)
    body, signatures = note.split("\n\n")
    assert body + "\n" == CHECKPOINT.body()
    assert signatures.startswith(EM_DASH + " " + NAME + " ")
    assert "\u2014 ".encode() == b"\xe2\x80\x94 "
    blob = base64.b64decode(signatures.rstrip("\n").split(" ")[2])
    assert blob[:4] == hashlib.sha256(NAME.encode() + b"\n\x01" + _raw(KEY)).digest()[:4]
    PUBLIC.verify(blob[4:], CHECKPOINT.body().encode())


# --- round trips ------------------------------------------------------------------------------


def test_round_trip_with_a_real_tree_and_extension_lines() -> None:
    leaves = [leaf_hash(f"entry {i}".encode()) for i in range(1000)]
    cp = Checkpoint("baton.example/log", 1000, root(leaves), ("ext one", "ext two"))
    note = sign_checkpoint(cp, NAME, KEY)
    assert verify_checkpoint(note, NAME, PUBLIC, origin="baton.example/log") == cp
    empty = Checkpoint("baton.example/log", 0, hashlib.sha256(b"").digest())
    assert verify_checkpoint(sign_checkpoint(empty, NAME, KEY), NAME, PUBLIC) == empty


@given(
    origin=st.text(st.characters(min_codepoint=0x20, codec="utf-8"), min_size=1),
    size=st.integers(0, 2**64 - 1),
    root_hash=st.binary(min_size=32, max_size=32),
)
def test_any_valid_checkpoint_round_trips(origin: str, size: int, root_hash: bytes) -> None:
    cp = Checkpoint(origin, size, root_hash)
    assert verify_checkpoint(sign_checkpoint(cp, NAME, KEY), NAME, PUBLIC, origin=origin) == cp


# --- tampering --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\n8\n", "\n9\n"),
        ("XcnaeacG", "XcnaeacH"),
        ("baton.example/access-log\n8", "baton.example/access-lug\n8"),
        ("=\n\n", "=\nextension\n\n"),
    ],
    ids=["size", "root", "origin", "added-extension"],
)
def test_a_tampered_body_is_rejected(old: str, new: str) -> None:
    assert old in KNOWN_NOTE
    with pytest.raises(CheckpointError, match="does not verify"):
        verify_checkpoint(KNOWN_NOTE.replace(old, new, 1), NAME, PUBLIC)


def test_a_tampered_signature_is_rejected() -> None:
    body, line = KNOWN_NOTE.split("\n\n")
    prefix, blob = line.rstrip("\n").rsplit(" ", 1)
    raw = bytearray(base64.b64decode(blob))
    raw[10] ^= 1
    note = f"{body}\n\n{prefix} {base64.b64encode(bytes(raw)).decode()}\n"
    with pytest.raises(CheckpointError, match="does not verify"):
        verify_checkpoint(note, NAME, PUBLIC)


def test_the_wrong_key_or_key_name_finds_no_signature() -> None:
    with pytest.raises(CheckpointError, match="not signed by"):
        verify_checkpoint(KNOWN_NOTE, NAME, OTHER_KEY.public_key())
    with pytest.raises(CheckpointError, match="not signed by"):
        verify_checkpoint(KNOWN_NOTE, "baton.example/other-log", PUBLIC)
    with pytest.raises(CheckpointError, match="invalid key name"):
        verify_checkpoint(KNOWN_NOTE, "two words", PUBLIC)


def test_a_checkpoint_for_another_origin_is_rejected() -> None:
    with pytest.raises(CheckpointError, match=r"not 'baton\.example/other'"):
        verify_checkpoint(KNOWN_NOTE, NAME, PUBLIC, origin="baton.example/other")


# --- other signers (signed-note rules) --------------------------------------------------------


def test_signatures_from_unknown_keys_are_ignored() -> None:
    body = CHECKPOINT.body()
    ours = _signature_line(body, NAME, KEY)
    witness = _signature_line(body, "witness.example/w1", OTHER_KEY)
    # Same name, another key (so another key ID): an unknown key, whatever its signature says.
    rotated = _signature_line(body, NAME, OTHER_KEY)
    # Another name, any key ID, a junk signature: an unknown key, so never checked.
    garbage = f"{EM_DASH} witness.example/w2 {base64.b64encode(b'abcd' + bytes(64)).decode()}\n"
    for lines in ([witness, ours], [ours, witness], [rotated, garbage, ours, witness]):
        note = body + "\n" + "".join(lines)
        assert verify_checkpoint(note, NAME, PUBLIC) == CHECKPOINT
    note = body + "\n" + witness + rotated
    with pytest.raises(CheckpointError, match="not signed by"):
        verify_checkpoint(note, NAME, PUBLIC)
    assert verify_checkpoint(note, "witness.example/w1", OTHER_KEY.public_key()) == CHECKPOINT


def test_a_bad_signature_from_the_known_key_spoils_the_note() -> None:
    body = CHECKPOINT.body()
    ours = _signature_line(body, NAME, KEY)
    kid = key_id(NAME, PUBLIC)
    forged = f"{EM_DASH} {NAME} {base64.b64encode(kid + bytes(64)).decode()}\n"
    with pytest.raises(CheckpointError, match="does not verify"):
        verify_checkpoint(body + "\n" + ours + forged, NAME, PUBLIC)


def test_malformed_unknown_signature_lines_spoil_the_note() -> None:
    body = CHECKPOINT.body()
    ours = _signature_line(body, NAME, KEY)
    for bad in [
        f"{EM_DASH} witness.example/w1 not-base64!\n",
        f"{EM_DASH} witness.example/w1 \n",
        f"{EM_DASH} witness.example/w1 AAAA\n",  # shorter than a key ID and one byte
        f"{EM_DASH} a+b {base64.b64encode(bytes(68)).decode()}\n",
    ]:
        with pytest.raises(CheckpointError):
            verify_checkpoint(body + "\n" + ours + bad, NAME, PUBLIC)


# --- note syntax ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dash",
    ["-", "\u2013", "\u2015", "--", EM_DASH + EM_DASH],
    ids=["hyphen", "en-dash", "horizontal-bar", "double-hyphen", "two-em-dashes"],
)
def test_only_an_em_dash_starts_a_signature_line(dash: str) -> None:
    note = KNOWN_NOTE.replace(EM_DASH, dash)
    with pytest.raises(CheckpointError, match="em dash"):
        verify_checkpoint(note, NAME, PUBLIC)


def test_the_em_dash_must_be_followed_by_one_space() -> None:
    for broken in (EM_DASH + NAME, EM_DASH + "  " + NAME, EM_DASH + "\u00a0" + NAME):
        note = KNOWN_NOTE.replace(EM_DASH + " " + NAME, broken)
        with pytest.raises(CheckpointError):
            verify_checkpoint(note, NAME, PUBLIC)


@pytest.mark.parametrize(
    "note",
    [
        KNOWN_NOTE.replace("=\n\n", "=\n"),  # no blank line before the signatures
        KNOWN_NOTE.rstrip("\n"),  # last signature line unterminated
        KNOWN_NOTE.split("\n\n")[0] + "\n\n",  # no signatures at all
        KNOWN_NOTE + "\n",  # a blank line after the signatures
        KNOWN_NOTE + "trailing text\n",
        KNOWN_NOTE.replace("\n", "\r\n"),  # control characters other than newline
        KNOWN_NOTE.replace("8\n", "8\t\n", 1),
        "",
        "\ud800" + KNOWN_NOTE,  # not encodable as UTF-8
    ],
    ids=[
        "missing-blank-line",
        "unterminated",
        "no-signatures",
        "blank-after",
        "trailing-text",
        "crlf",
        "tab",
        "empty",
        "lone-surrogate",
    ],
)
def test_malformed_notes_are_rejected(note: str) -> None:
    with pytest.raises(CheckpointError):
        verify_checkpoint(note, NAME, PUBLIC)


def test_too_many_signatures_are_refused() -> None:
    body = CHECKPOINT.body()
    witness = _signature_line(body, "witness.example/w1", OTHER_KEY)
    ours = _signature_line(body, NAME, KEY)
    assert verify_checkpoint(body + "\n" + witness * 15 + ours, NAME, PUBLIC) == CHECKPOINT
    with pytest.raises(CheckpointError, match="too many"):
        verify_checkpoint(body + "\n" + witness * 100 + ours, NAME, PUBLIC)


# --- checkpoint body syntax (signed, so only the body is at fault) -----------------------------

GOOD_ROOT = base64.b64encode(ROOT_8).decode()


@pytest.mark.parametrize(
    "body",
    [
        f"{NAME}\n08\n{GOOD_ROOT}\n",
        f"{NAME}\n+8\n{GOOD_ROOT}\n",
        f"{NAME}\n-8\n{GOOD_ROOT}\n",
        f"{NAME}\n 8\n{GOOD_ROOT}\n",
        f"{NAME}\n1_000\n{GOOD_ROOT}\n",
        f"{NAME}\n\uff18\n{GOOD_ROOT}\n",  # a fullwidth digit eight
        f"{NAME}\n{2**64}\n{GOOD_ROOT}\n",
        f"{NAME}\n\n{GOOD_ROOT}\n",
        f"{NAME}\n8\n{GOOD_ROOT.rstrip('=')}\n",
        f"{NAME}\n8\n{GOOD_ROOT[:-2]}h=\n",  # decodes to the same bytes, but not canonically
        f"{NAME}\n8\n{base64.b64encode(ROOT_8[:31]).decode()}\n",
        f"{NAME}\n8\n{base64.urlsafe_b64encode(bytes([0xFB]) * 32).decode()}\n",
        f"{NAME}\n8\n",
        f"\n8\n{GOOD_ROOT}\n",
        f"{NAME}\n8\n{GOOD_ROOT}\n\nextension after an empty line\n",
    ],
    ids=[
        "leading-zero",
        "plus-sign",
        "negative",
        "space",
        "underscore",
        "fullwidth-digit",
        "too-large",
        "empty-size",
        "unpadded-root",
        "non-canonical-root",
        "short-root",
        "urlsafe-root",
        "no-root",
        "empty-origin",
        "empty-extension",
    ],
)
def test_malformed_checkpoint_bodies_are_rejected_even_when_signed(body: str) -> None:
    note = sign_note(body, NAME, KEY)
    assert verify_note(note, NAME, PUBLIC) == body  # the note is fine; the checkpoint is not
    with pytest.raises(CheckpointError):
        verify_checkpoint(note, NAME, PUBLIC)


def test_checkpoints_cannot_be_built_malformed() -> None:
    for origin in ["", "two\nlines", "bell\x07"]:
        with pytest.raises(CheckpointError):
            Checkpoint(origin, 1, ROOT_8)
    for size in [-1, 2**64]:
        with pytest.raises(CheckpointError, match="size"):
            Checkpoint(NAME, size, ROOT_8)
    with pytest.raises(CheckpointError, match="32 bytes"):
        Checkpoint(NAME, 1, ROOT_8[:31])
    with pytest.raises(CheckpointError, match="extension"):
        Checkpoint(NAME, 1, ROOT_8, ("",))
    with pytest.raises(CheckpointError, match="key name"):
        sign_checkpoint(CHECKPOINT, "a+b", KEY)
    with pytest.raises(CheckpointError, match="newline"):
        sign_note("no final newline", NAME, KEY)


# --- verifier keys ----------------------------------------------------------------------------


def test_verifier_key_format_and_round_trip() -> None:
    vkey = verifier_key(NAME, PUBLIC)
    match = re.fullmatch(
        r"(?P<name>[^+\s]+)\+(?P<id>[0-9a-f]{8})\+(?P<key>[A-Za-z0-9+/]{44})", vkey
    )
    assert match is not None
    assert match["name"] == NAME
    assert match["id"] == key_id(NAME, PUBLIC).hex()
    assert base64.b64decode(match["key"]) == b"\x01" + _raw(KEY)
    name, public = parse_verifier_key(vkey)
    assert name == NAME
    assert verify_checkpoint(KNOWN_NOTE, name, public) == CHECKPOINT


@pytest.mark.parametrize(
    "vkey",
    [
        KNOWN_VKEY.replace("+ee7c3b67+", "+ee7c3b68+"),  # key ID does not match
        KNOWN_VKEY.replace("+ee7c3b67+", "+EE7C3B67+"),
        KNOWN_VKEY.replace("baton.example/access-log", "baton.example/other"),
        KNOWN_VKEY.replace("+AddamAGC", "+AtdamAGC"),  # algorithm byte 0x02
        KNOWN_VKEY[:-4],
        KNOWN_VKEY.split("+", 1)[1],
        "+" + KNOWN_VKEY,
        "",
    ],
    ids=[
        "wrong-id",
        "upper-hex",
        "renamed",
        "wrong-algorithm",
        "truncated",
        "no-name",
        "empty-name",
        "empty",
    ],
)
def test_broken_verifier_keys_are_refused(vkey: str) -> None:
    with pytest.raises(CheckpointError):
        parse_verifier_key(vkey)
