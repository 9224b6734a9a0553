"""``baton packet open``: verify and open an envelope offline, with a school's own key.

It reads no settings and touches no store: a school can run it on a machine that has never seen
the Baton server (docs/envelope.md describes the envelope it opens). The checks are the
server's own, ``domain.sealing.verify``.
"""

from __future__ import annotations

import argparse
import base64
import json
import stat
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from api.cli import trusted
from api.cli.common import CommandError, fail, report
from domain.sealing.envelope import EnvelopeError, Opened, parse_private_key
from domain.sealing.trust import TrustedKeys
from domain.sealing.verify import UntrustedSender, parse_envelope_json, verify_envelope

# Exit codes: 0 opened (or written); 1 the envelope was refused; 2 a file or argument problem.
REFUSED, UNUSABLE = 1, 2


def register(sub: Any) -> None:
    packet = sub.add_parser("packet", help="sealed handover packets, offline")
    packet_sub = packet.add_subparsers(dest="packet_command", required=True)
    opener = packet_sub.add_parser(
        "open",
        help="verify and open an envelope with the school's own private key",
        description=(
            "Verify the sender's signature and open ENVELOPE (the JSON of GET "
            "/v1/handovers/{id}/envelope) with the private key in FILE. Prints the body as "
            "JSON. Exit status: 0 opened; 1 refused (altered, replayed, re-addressed, or not "
            "sealed to this key, or signed by a sender key that is neither pinned with "
            "--expect-sender-key-id nor in your trusted keys: see `baton keys trust`); 2 a file "
            "cannot be read or a key or the trusted keys file is malformed."
        ),
    )
    opener.add_argument("--key", type=Path, required=True, metavar="FILE")
    opener.add_argument("envelope", type=Path, metavar="ENVELOPE.json")
    opener.add_argument(
        "--expect-sender-key-id", metavar="ID", help="the sending setting's signing key id"
    )
    opener.add_argument("--expect-packet-id", metavar="ID", help="the packet's id")
    opener.add_argument(
        "--photos",
        type=Path,
        metavar="DIR",
        help="also write the packet's photos into DIR, one <photo id>.jpg each",
    )
    opener.add_argument("--expect-recipient-id", metavar="ID", help="your organisation's id")
    trusted.add_arguments(opener)
    opener.set_defaults(run=cmd_packet_open)


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        fail(f"the {what} {path} is not UTF-8 text", UNUSABLE)
    except OSError as e:
        fail(f"cannot read the {what} {path}: {e.strerror or e}", UNUSABLE)


def _read_key(path: Path) -> X25519PrivateKey:
    text = _read_text(path, "key file")
    try:
        key = parse_private_key(text)
    except ValueError as e:
        fail(f"{path} is not a Baton private key: {e}", UNUSABLE)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0
    if mode & 0o077:
        print(
            f"baton: warning: {path} is readable by others (mode {mode:04o}); `chmod 600 {path}`",
            file=sys.stderr,
        )
    return key


def _read_envelope(path: Path) -> dict[str, Any]:
    """The envelope, bare or as ``{"envelope": {...}}``. A member named twice is refused: two
    readers could take different values from it, and the signature covers only one."""
    text = _read_text(path, "envelope file")
    try:
        document = parse_envelope_json(text)
    except EnvelopeError as e:
        fail(f"the envelope was refused: {e}", REFUSED)
    except (ValueError, RecursionError) as e:
        fail(f"{path} is not JSON: {e}", UNUSABLE)
    if isinstance(document, dict) and "version" not in document and "envelope" in document:
        document = document["envelope"]
    if not isinstance(document, dict):
        fail(f"{path} holds no envelope object", REFUSED)
    return document


def cmd_packet_open(args: argparse.Namespace) -> int:
    try:
        return _packet_open(args)
    except CommandError as e:
        return report(e)


def _trusted(args: argparse.Namespace) -> tuple[TrustedKeys | None, Path | None]:
    """The trusted keys (and their file) when no sender key id is pinned."""
    if args.expect_sender_key_id:
        return None, None
    path, named = trusted.resolve(args.trusted_keys)
    return trusted.load(path, named), path


def _packet_open(args: argparse.Namespace) -> int:
    key = _read_key(args.key)
    envelope = _read_envelope(args.envelope)
    keys, keys_path = _trusted(args)
    expected = {
        field: value
        for field, value in (
            ("packet_id", args.expect_packet_id),
            ("recipient_id", args.expect_recipient_id),
        )
        if value is not None
    }
    try:
        opened = verify_envelope(
            envelope,
            key,
            expected_sender_key_id=args.expect_sender_key_id,
            expected=expected,
            trusted=keys,
        )
    except UntrustedSender as e:
        sender = envelope.get("sender_id")
        fail(
            f"the envelope was refused: {e}; nothing was opened. If that key is the sending "
            f"setting's (ask them; GET /v1/organisations/{sender}/keys lists it), pin it with "
            f"--expect-sender-key-id, or add it to your trusted keys ({keys_path}) with "
            f"`baton keys trust PUBLIC_KEY --sender-id {sender}`",
            REFUSED,
        )
    except EnvelopeError as e:
        fail(f"the envelope was refused: {e}", REFUSED)
    sys.stdout.write(json.dumps(opened.body, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    print(_summary(opened, envelope, keys), file=sys.stderr)
    if args.photos is not None:
        written = write_photos(opened.body, args.photos)
        print(f"baton: wrote {written} photo(s) to {args.photos}", file=sys.stderr)
    return 0


def write_photos(body: dict[str, Any], folder: Path) -> int:
    """Write each photo a packet carries as ``<photo id>.jpg`` (its id as the packet says it;
    a name that is not a plain id is refused, so nothing lands outside ``folder``)."""
    photos = [
        photo
        for section in ("observations", "voices")
        for item in body.get(section, [])
        for photo in item.get("photos", [])
    ]
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for photo in photos:
            name = str(UUID(str(photo["id"])))
            (folder / f"{name}.jpg").write_bytes(base64.b64decode(photo["data"], validate=True))
    except (KeyError, ValueError) as e:
        fail(f"the packet holds a photo that cannot be written: {e}", REFUSED)
    except OSError as e:
        fail(f"cannot write the photos to {folder}: {e.strerror or e}", UNUSABLE)
    return len(photos)


def _summary(opened: Opened, envelope: dict[str, Any], keys: TrustedKeys | None) -> str:
    header = opened.header
    recipients = envelope.get("recipients")
    others = len(recipients) - 1 if isinstance(recipients, list) else 0
    entry = keys.get(opened.sender_key_id) if keys is not None else None
    how = "pinned" if entry is None else "trusted" + (f": {entry.note}" if entry.note else "")
    return (
        f"baton: verified: signed by sender key {opened.sender_key_id} ({how}); "
        f"packet {header['packet_id']} ({header['kind']}) from {header['sender_id']} "
        f"to {header['recipient_id']}, sealed at {header['sealed_at']}"
        + (f"; also sealed to {others} other key(s)" if others else "")
    )
