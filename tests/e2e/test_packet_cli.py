"""The installed ``baton`` as a school runs it, offline: its own key, and opening an envelope."""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BATON = Path(sys.executable).parent / "baton"
VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "envelope-v1"
VECTOR: dict[str, Any] = json.loads((VECTORS / "vector.json").read_text(encoding="utf-8"))
KEYS = VECTOR["keys"]


def run_baton(
    *args: str | Path, cwd: Path, umask: int = 0o022, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    # No BATON_ settings, and HOME elsewhere (so the default trusted keys file is under cwd):
    # the commands must need neither.
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("BATON_") and k != "XDG_CONFIG_HOME"
    }
    env["HOME"] = str(cwd)
    env.update(env_extra or {})
    return subprocess.run(
        [str(BATON), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        umask=umask,
    )


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """A working directory that is not the repository, with no data directory in it."""
    work = tmp_path / "school"
    work.mkdir()
    return work


def write_key(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def write_envelope(path: Path, envelope: Any) -> Path:
    path.write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def school_key(here: Path) -> Path:
    return write_key(here / "school.key", KEYS["recipient"]["private_key"])


SENDER_ID = VECTOR["header"]["sender_id"]
PINNED = ("--expect-sender-key-id", KEYS["sender"]["key_id"])


def outsiders_envelope() -> dict[str, Any]:
    """What anyone who knows the school's public key can make: sealed to it, signed by a key
    of their own, claiming to come from the vector's sender."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from domain.sealing import envelope as sealing

    school = sealing.parse_public_key(KEYS["recipient"]["public_key"])
    outsider = Ed25519PrivateKey.generate()
    return sealing.seal(
        {"child": {"given_name": "Not a real packet"}},
        header={
            k: VECTOR["header"][k]
            for k in ("packet_id", "kind", "sender_id", "recipient_id", "sealed_at")
        },
        recipients=[sealing.Recipient(KEYS["recipient"]["key_id"], school)],
        signing_key=outsider,
        signing_key_id=sealing.key_id_of(sealing.raw_public(outsider.public_key())),
    )


# -- keys generate ------------------------------------------------------------------------------


def test_keys_generate_writes_a_private_key_0600_and_a_public_key_0644(here: Path) -> None:
    done = run_baton("keys", "generate", "--out", "school.key", cwd=here)
    assert done.returncode == 0, done.stderr
    private, public = here / "school.key", here / "school.key.pub"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(public.stat().st_mode) == 0o644
    private_text, public_text = private.read_text().strip(), public.read_text().strip()
    assert private_text.startswith("baton-x25519-private-v1:")
    assert public_text.startswith("baton-x25519-public-v1:")
    assert len(base64.b64decode(public_text.split(":", 1)[1], validate=True)) == 32
    assert "baton-x25519-private-v1" not in done.stdout  # the secret never reaches the screen
    assert "POST /v1/organisations/{org_id}/keys" in done.stdout
    assert json.dumps({"public_key": public_text}) in done.stdout
    key_line = next(line for line in done.stdout.splitlines() if line.startswith("key id: "))
    assert len(key_line.removeprefix("key id: ")) == 32


@pytest.mark.parametrize("umask", [0o000, 0o077])
def test_keys_generate_sets_the_modes_whatever_the_umask(here: Path, umask: int) -> None:
    assert run_baton("keys", "generate", "--out", "k", cwd=here, umask=umask).returncode == 0
    assert stat.S_IMODE((here / "k").stat().st_mode) == 0o600
    assert stat.S_IMODE((here / "k.pub").stat().st_mode) == 0o644


def test_keys_generate_refuses_to_overwrite_either_file(here: Path) -> None:
    first = run_baton("keys", "generate", "--out", "school.key", cwd=here)
    assert first.returncode == 0, first.stderr
    before = (here / "school.key").read_bytes(), (here / "school.key.pub").read_bytes()
    again = run_baton("keys", "generate", "--out", "school.key", cwd=here)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert ((here / "school.key").read_bytes(), (here / "school.key.pub").read_bytes()) == before

    (here / "other.key.pub").write_text("someone else's\n")
    clash = run_baton("keys", "generate", "--out", "other.key", cwd=here)
    assert clash.returncode == 2
    assert "other.key.pub already exists" in clash.stderr
    assert not (here / "other.key").exists()
    assert (here / "other.key.pub").read_text() == "someone else's\n"


def test_a_generated_key_opens_what_is_sealed_to_it(here: Path) -> None:
    """From the school's side: generate, (the server) seals to FILE.pub, open with FILE."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from domain.sealing import envelope as sealing

    assert run_baton("keys", "generate", "--out", "own.key", cwd=here).returncode == 0
    public = sealing.parse_public_key((here / "own.key.pub").read_text())
    signer = Ed25519PrivateKey.generate()
    envelope = sealing.seal(
        {"child": {"given_name": "Amélie"}},
        header={
            k: VECTOR["header"][k]
            for k in ("packet_id", "kind", "sender_id", "recipient_id", "sealed_at")
        },
        recipients=[sealing.Recipient(sealing.key_id_of(sealing.raw_public(public)), public)],
        signing_key=signer,
        signing_key_id=sealing.key_id_of(sealing.raw_public(signer.public_key())),
    )
    write_envelope(here / "packet.json", envelope)
    pin = ("--expect-sender-key-id", envelope["sender_key_id"])
    done = run_baton("packet", "open", "--key", "own.key", *pin, "packet.json", cwd=here)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"child": {"given_name": "Amélie"}}


# -- packet open --------------------------------------------------------------------------------


def test_packet_open_prints_the_vectors_body(here: Path, school_key: Path) -> None:
    done = run_baton(
        "packet",
        "open",
        "--key",
        school_key,
        "--expect-sender-key-id",
        KEYS["sender"]["key_id"],
        "--expect-packet-id",
        VECTOR["header"]["packet_id"],
        "--expect-recipient-id",
        VECTOR["header"]["recipient_id"],
        VECTORS / "envelope.json",
        cwd=here,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == VECTOR["body"]
    summary = done.stderr.strip().splitlines()
    assert len(summary) == 1
    assert KEYS["sender"]["key_id"] in summary[0]
    assert VECTOR["header"]["packet_id"] in summary[0]
    assert VECTOR["header"]["sealed_at"] in summary[0]


def test_packet_open_takes_the_api_wrapping(here: Path, school_key: Path) -> None:
    wrapped = write_envelope(here / "wrapped.json", {"envelope": VECTOR["envelope"]})
    done = run_baton("packet", "open", "--key", school_key, *PINNED, wrapped, cwd=here)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == VECTOR["body"]
    assert "(pinned)" in done.stderr


def _flip(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda e: {**e, "ciphertext": _flip(e["ciphertext"])},
        lambda e: {**e, "recipient_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"},
        lambda e: {**e, "signature": _flip(e["signature"])},
        lambda e: {**e, "note": "added"},
    ],
    ids=["ciphertext bit", "re-addressed", "signature bit", "field added"],
)
def test_packet_open_refuses_a_tampered_envelope(here: Path, school_key: Path, tamper: Any) -> None:
    path = write_envelope(here / "tampered.json", tamper(dict(VECTOR["envelope"])))
    done = run_baton("packet", "open", "--key", school_key, *PINNED, path, cwd=here)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert "refused" in done.stderr


def test_packet_open_refuses_an_envelope_that_names_a_member_twice(
    here: Path, school_key: Path
) -> None:
    text = (VECTORS / "envelope.json").read_text(encoding="utf-8")
    path = here / "twice.json"
    path.write_text(text.replace("{", '{"kind": "safeguarding",', 1), encoding="utf-8")
    done = run_baton("packet", "open", "--key", school_key, path, cwd=here)
    assert done.returncode == 1
    assert "repeats" in done.stderr


def test_packet_open_refuses_another_spelling_of_the_signature(
    here: Path, school_key: Path
) -> None:
    """The last base64 character of the 64-byte signature has 4 unused bits, which a lenient
    decoder ignores; the reader insists on the one canonical spelling."""
    envelope = dict(VECTOR["envelope"])
    text = envelope["signature"]
    envelope["signature"] = text[:-3] + chr(ord(text[-3]) ^ 0b10) + text[-2:]
    assert base64.b64decode(envelope["signature"]) == base64.b64decode(text)
    path = write_envelope(here / "respelt.json", envelope)
    done = run_baton("packet", "open", "--key", school_key, path, cwd=here)
    assert done.returncode == 1
    assert "canonical base64" in done.stderr


def test_packet_open_refuses_when_a_pin_does_not_match(here: Path, school_key: Path) -> None:
    for flag, value in (
        ("--expect-sender-key-id", KEYS["other_sender"]["key_id"]),
        ("--expect-packet-id", "c3a9e1f7-2b4d-4c6e-8a0f-1b3d5e7f9a2c"),
        ("--expect-recipient-id", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
    ):
        done = run_baton(
            "packet", "open", "--key", school_key, flag, value, VECTORS / "envelope.json", cwd=here
        )
        assert done.returncode == 1, flag
        assert done.stdout == ""


def test_packet_open_with_the_wrong_key_exits_non_zero(here: Path) -> None:
    other = write_key(here / "other.key", KEYS["other_recipient"]["private_key"])
    done = run_baton("packet", "open", "--key", other, *PINNED, VECTORS / "envelope.json", cwd=here)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "not sealed to this key" in done.stderr


def test_packet_open_with_an_unusable_key_or_envelope_exits_2(here: Path, school_key: Path) -> None:
    public = here / "school.key.pub"
    public.write_text(KEYS["recipient"]["public_key"] + "\n")
    garbage = here / "garbage.json"
    garbage.write_text("not json")
    for key, envelope in (
        (here / "missing.key", VECTORS / "envelope.json"),
        (public, VECTORS / "envelope.json"),
        (school_key, here / "missing.json"),
        (school_key, garbage),
    ):
        done = run_baton("packet", "open", "--key", key, envelope, cwd=here)
        assert done.returncode == 2, (key, envelope, done.stderr)
        assert done.stdout == ""
        assert done.stderr.startswith("baton: ")


def test_packet_open_refuses_a_signed_but_malformed_envelope_without_a_traceback(
    here: Path, school_key: Path
) -> None:
    """open_envelope raises TypeError here (docs/envelope.md, "Known gaps"); the CLI refuses."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from domain.sealing import envelope as sealing

    signer = Ed25519PrivateKey.from_private_bytes(base64.b64decode(KEYS["sender"]["ed25519_seed"]))
    envelope = {k: v for k, v in VECTOR["envelope"].items() if k != "signature"}
    envelope["recipients"] = None
    envelope["signature"] = sealing.b64(signer.sign(sealing.transcript(envelope)))
    path = write_envelope(here / "malformed.json", envelope)
    done = run_baton("packet", "open", "--key", school_key, *PINNED, path, cwd=here)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "refused" in done.stderr


# -- the sender: pinned or trusted, never neither ----------------------------------------------


def open_with(
    here: Path,
    key: Path,
    *options: str | Path,
    envelope: Path = VECTORS / "envelope.json",
    env_extra: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    return run_baton(
        "packet", "open", "--key", key, *options, envelope, cwd=here, env_extra=env_extra
    )


def trust(here: Path, *args: str, env_extra: dict[str, str] | None = None) -> str:
    done = run_baton("keys", "trust", *args, cwd=here, env_extra=env_extra)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_packet_open_refuses_a_sender_key_neither_pinned_nor_trusted(
    here: Path, school_key: Path
) -> None:
    for envelope in (VECTOR["envelope"], outsiders_envelope()):
        path = write_envelope(here / "unvouched.json", envelope)
        done = open_with(here, school_key, envelope=path)
        assert done.returncode == 1, done.stderr
        assert done.stdout == ""  # nothing of the body, not even a warning beside it
        assert "neither pinned nor trusted" in done.stderr
        assert envelope["sender_key_id"] in done.stderr
        assert "baton keys trust" in done.stderr


def test_a_sender_key_trusted_with_keys_trust_opens_from_the_default_file(
    here: Path, school_key: Path
) -> None:
    printed = trust(
        here, KEYS["sender"]["public_key"], "--sender-id", SENDER_ID, "--note", "Acorns"
    )
    assert KEYS["sender"]["key_id"] in printed
    default = here / ".config" / "baton" / "trusted-keys"
    assert KEYS["sender"]["key_id"] in default.read_text()

    done = open_with(here, school_key)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == VECTOR["body"]
    assert "(trusted: Acorns)" in done.stderr

    # The trust is in that one key: an outsider claiming the same sender is still refused.
    forged = write_envelope(here / "forged.json", outsiders_envelope())
    refused = open_with(here, school_key, envelope=forged)
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert "neither pinned nor trusted" in refused.stderr


def test_a_key_trusted_for_one_sender_does_not_vouch_for_another(
    here: Path, school_key: Path
) -> None:
    someone_else = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
    trust(here, KEYS["sender"]["public_key"], "--sender-id", someone_else)
    done = open_with(here, school_key)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "sender_id is not the one expected" in done.stderr


def test_the_trusted_keys_file_can_be_named_by_option_or_environment(
    here: Path, school_key: Path
) -> None:
    named = here / "school-trust.txt"
    trust(here, KEYS["sender"]["public_key"], "--trusted-keys", str(named))
    assert not (here / ".config").exists()
    by_option = open_with(here, school_key, "--trusted-keys", named)
    assert by_option.returncode == 0, by_option.stderr
    by_env = open_with(here, school_key, env_extra={"BATON_TRUSTED_KEYS": str(named)})
    assert by_env.returncode == 0, by_env.stderr

    missing = open_with(here, school_key, "--trusted-keys", here / "absent")
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr


def test_a_trusted_keys_file_with_a_wrong_line_is_refused_whole(
    here: Path, school_key: Path
) -> None:
    path = here / "trust.txt"
    trust(here, KEYS["sender"]["public_key"], "--trusted-keys", str(path))
    with path.open("a") as out:  # a key id that is not the key's: a typo, or a swap
        out.write(f"{KEYS['other_sender']['key_id']} {KEYS['sender']['public_key']} *\n")
    done = open_with(here, school_key, "--trusted-keys", path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "line 3" in done.stderr


def test_keys_trust_refuses_what_is_not_an_ed25519_key_and_is_idempotent(here: Path) -> None:
    path = here / "trust.txt"
    for bad in (
        "not-base64!",
        KEYS["recipient"]["public_key"],
        base64.b64encode(b"x" * 31).decode(),
    ):
        done = run_baton("keys", "trust", bad, "--trusted-keys", path, cwd=here)
        assert done.returncode == 2, bad
        assert not path.exists()
    first = trust(here, KEYS["sender"]["public_key"], "--trusted-keys", str(path))
    again = trust(here, KEYS["sender"]["public_key"], "--trusted-keys", str(path))
    assert "already trusted" in again and "already" not in first
    assert path.read_text().count(KEYS["sender"]["key_id"]) == 1
    clash = run_baton(
        "keys",
        "trust",
        KEYS["sender"]["public_key"],
        "--sender-id",
        SENDER_ID,
        "--trusted-keys",
        path,
        cwd=here,
    )
    assert clash.returncode == 2
    assert "differently" in clash.stderr


def test_packet_open_writes_the_packets_photos_into_a_folder(here: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from domain.sealing import envelope as sealing
    from tests.images import opened, png

    assert run_baton("keys", "generate", "--out", "own.key", cwd=here).returncode == 0
    public = sealing.parse_public_key((here / "own.key.pub").read_text())
    signer = Ed25519PrivateKey.generate()
    photo_id = "5b0f4c52-9d0e-4c1e-8d7e-3f7f7a2b9c11"
    body = {
        "observations": [
            {"id": "e1", "photos": [{"id": photo_id, "data": base64.b64encode(png()).decode()}]}
        ],
        "voices": [],
    }
    envelope = sealing.seal(
        body,
        header={
            k: VECTOR["header"][k]
            for k in ("packet_id", "kind", "sender_id", "recipient_id", "sealed_at")
        },
        recipients=[sealing.Recipient(sealing.key_id_of(sealing.raw_public(public)), public)],
        signing_key=signer,
        signing_key_id=sealing.key_id_of(sealing.raw_public(signer.public_key())),
    )
    write_envelope(here / "packet.json", envelope)
    pin = ("--expect-sender-key-id", envelope["sender_key_id"])
    done = run_baton(
        "packet", "open", "--key", "own.key", *pin, "--photos", "photos", "packet.json", cwd=here
    )
    assert done.returncode == 0, done.stderr
    assert "wrote 1 photo(s)" in done.stderr
    assert opened((here / "photos" / f"{photo_id}.jpg").read_bytes()).size == (64, 48)
