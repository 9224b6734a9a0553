"""``baton keys generate`` and ``baton packet open``: a school's own key, and opening offline.

Neither command reads settings or touches a store: a school can run them on a machine that has
never seen the Baton server (docs/envelope.md describes the envelope they open).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any, NoReturn

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from domain.sealing import (
    EnvelopeError,
    Opened,
    key_id_of,
    open_envelope,
    parse_private_key,
    private_key_text,
    public_key_text,
    raw_public,
)

# Exit codes: 0 opened (or written); 1 the envelope was refused; 2 a file or argument problem.
REFUSED, UNUSABLE = 1, 2


class CommandError(Exception):
    """The command cannot go on; ``code`` is the exit status and the message says why."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def register(sub: Any, keys_sub: Any) -> None:
    """Add the packet and key commands to the ``baton`` parser."""
    generate = keys_sub.add_parser(
        "generate",
        help="a new X25519 key pair for an organisation that holds its own key",
        description=(
            "Write a new private key to FILE (mode 0600) and its public key to FILE.pub, "
            "for POST /v1/organisations/{org_id}/keys. Nothing is overwritten."
        ),
    )
    generate.add_argument("--out", type=Path, required=True, metavar="FILE")
    generate.set_defaults(run=cmd_keys_generate)

    packet = sub.add_parser("packet", help="sealed handover packets, offline")
    packet_sub = packet.add_subparsers(dest="packet_command", required=True)
    opener = packet_sub.add_parser(
        "open",
        help="verify and open an envelope with the school's own private key",
        description=(
            "Verify the sender's signature and open ENVELOPE (the JSON of GET "
            "/v1/handovers/{id}/envelope) with the private key in FILE. Prints the body as "
            "JSON. Exit status: 0 opened; 1 refused (altered, replayed, re-addressed, or not "
            "sealed to this key); 2 a file cannot be read or the key is malformed. Pin what you "
            "know from elsewhere: without --expect-sender-key-id anyone who knows your public "
            "key can make an envelope that opens."
        ),
    )
    opener.add_argument("--key", type=Path, required=True, metavar="FILE")
    opener.add_argument("envelope", type=Path, metavar="ENVELOPE.json")
    opener.add_argument(
        "--expect-sender-key-id", metavar="ID", help="the sending setting's signing key id"
    )
    opener.add_argument("--expect-packet-id", metavar="ID", help="the packet's id")
    opener.add_argument("--expect-recipient-id", metavar="ID", help="your organisation's id")
    opener.set_defaults(run=cmd_packet_open)


def _fail(message: str, code: int) -> NoReturn:
    raise CommandError(message, code)


def _report(error: CommandError) -> int:
    print(f"baton: {error}", file=sys.stderr)
    return error.code


# -- keys generate ------------------------------------------------------------------------------


def _create(path: Path, text: str, mode: int) -> None:
    """Write ``text`` to a new file with exactly ``mode``; never replace an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)  # the umask may have narrowed it; 0600 must not be wider either
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            fd = -1
            out.write(text + "\n")
    finally:
        if fd != -1:
            os.close(fd)


def cmd_keys_generate(args: argparse.Namespace) -> int:
    try:
        return _keys_generate(args.out)
    except CommandError as e:
        return _report(e)


def _keys_generate(out: Path) -> int:
    public_path = out.with_name(out.name + ".pub")
    for path in (out, public_path):
        if path.exists() or path.is_symlink():
            _fail(f"{path} already exists; nothing was written or overwritten", UNUSABLE)
    key = X25519PrivateKey.generate()
    public_text = public_key_text(key.public_key())
    try:
        _create(out, private_key_text(key), 0o600)
    except FileExistsError:
        _fail(f"{out} already exists; nothing was written or overwritten", UNUSABLE)
    except OSError as e:
        _fail(f"cannot write {out}: {e.strerror or e}", UNUSABLE)
    try:
        _create(public_path, public_text, 0o644)
    except OSError as e:
        out.unlink()  # the private key file is ours, made a moment ago: leave nothing half done
        reason = "already exists" if isinstance(e, FileExistsError) else e.strerror or str(e)
        _fail(f"cannot write {public_path} ({reason}); nothing was written", UNUSABLE)
    key_id = key_id_of(raw_public(key.public_key()))
    print(f"wrote the private key to {out} (mode 0600) and the public key to {public_path}")
    print(f"key id: {key_id}")
    print(
        "Keep the private key file secret and backed up: packets sealed to this key can be "
        "opened with it and nothing else."
    )
    print(
        "Next, register the public key (as the operator, or a manager or dsl of the organisation):"
    )
    print(f"  POST /v1/organisations/{{org_id}}/keys {json.dumps({'public_key': public_text})}")
    print(
        "From then on new packets to the organisation are sealed to this key; open them with "
        f"`baton packet open --key {out} ENVELOPE.json`."
    )
    return 0


# -- packet open --------------------------------------------------------------------------------


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        _fail(f"the {what} {path} is not UTF-8 text", UNUSABLE)
    except OSError as e:
        _fail(f"cannot read the {what} {path}: {e.strerror or e}", UNUSABLE)


def _read_key(path: Path) -> X25519PrivateKey:
    text = _read_text(path, "key file")
    try:
        key = parse_private_key(text)
    except ValueError as e:
        _fail(f"{path} is not a Baton private key: {e}", UNUSABLE)
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


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        repeated = sorted({n for n in names if names.count(n) > 1})
        raise EnvelopeError(f"the envelope repeats the member(s) {', '.join(repeated)}")
    return dict(pairs)


def _no_constant(name: str) -> NoReturn:
    raise EnvelopeError(f"the envelope holds {name}, which is not JSON")


def _read_envelope(path: Path) -> dict[str, Any]:
    """The envelope, bare or as ``{"envelope": {...}}``. A member named twice is refused: two
    readers could take different values from it, and the signature covers only one."""
    text = _read_text(path, "envelope file")
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except EnvelopeError as e:
        _fail(f"the envelope was refused: {e}", REFUSED)
    except (ValueError, RecursionError) as e:
        _fail(f"{path} is not JSON: {e}", UNUSABLE)
    if isinstance(document, dict) and "version" not in document and "envelope" in document:
        document = document["envelope"]
    if not isinstance(document, dict):
        _fail(f"{path} holds no envelope object", REFUSED)
    return document


_BINARY = ("nonce", "ciphertext", "sender_public_key", "signature")


def _check_base64(envelope: dict[str, Any]) -> None:
    """Only the canonical spelling of each binary field: the signature's own text is not signed,
    and a lenient decoder ignores its padding bits, so without this one signature would have
    sixteen spellings (docs/envelope.md, section 1)."""
    texts = [envelope.get(field) for field in _BINARY]
    recipients = envelope.get("recipients")
    if isinstance(recipients, list):
        texts += [r.get("sealed_key") for r in recipients if isinstance(r, dict)]
    for text in texts:
        if not isinstance(text, str):
            continue  # open_envelope refuses it
        try:
            raw = base64.b64decode(text, validate=True)
        except ValueError:
            continue  # open_envelope refuses it
        if base64.b64encode(raw).decode() != text:
            raise EnvelopeError("a binary field is not canonical base64")


def _check_body(opened: Opened) -> None:
    """A Baton body repeats the packet's id, kind and time and the sender's id: they must be the
    signed header's (a body from one packet can never be presented as another's)."""
    body, header = opened.body, opened.header
    for field in ("packet_id", "kind", "sealed_at"):
        if field in body and body[field] != header[field]:
            raise EnvelopeError(f"the body's {field} is not the envelope's")
    sender = body.get("from")
    if isinstance(sender, dict) and "id" in sender and sender["id"] != header["sender_id"]:
        raise EnvelopeError("the body's sender is not the envelope's")


def cmd_packet_open(args: argparse.Namespace) -> int:
    try:
        return _packet_open(args)
    except CommandError as e:
        return _report(e)


def _packet_open(args: argparse.Namespace) -> int:
    key = _read_key(args.key)
    envelope = _read_envelope(args.envelope)
    expected = {
        field: value
        for field, value in (
            ("packet_id", args.expect_packet_id),
            ("recipient_id", args.expect_recipient_id),
        )
        if value is not None
    }
    try:
        _check_base64(envelope)
        opened = open_envelope(
            envelope,
            key,
            expected_sender_key_id=args.expect_sender_key_id,
            expected=expected,
        )
        _check_body(opened)
    except EnvelopeError as e:
        _fail(f"the envelope was refused: {e}", REFUSED)
    except (TypeError, ValueError, KeyError, AttributeError) as e:
        # malformed beyond what open_envelope checks (see docs/envelope.md, "Known gaps")
        _fail(f"the envelope was refused: it is malformed ({type(e).__name__}: {e})", REFUSED)
    sys.stdout.write(json.dumps(opened.body, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    header = opened.header
    recipients = envelope.get("recipients")
    others = len(recipients) - 1 if isinstance(recipients, list) else 0
    pinned = "pinned" if args.expect_sender_key_id else "NOT pinned"
    print(
        f"baton: verified: signed by sender key {opened.sender_key_id} ({pinned}); "
        f"packet {header['packet_id']} ({header['kind']}) from {header['sender_id']} "
        f"to {header['recipient_id']}, sealed at {header['sealed_at']}"
        + (f"; also sealed to {others} other key(s)" if others else ""),
        file=sys.stderr,
    )
    if not args.expect_sender_key_id:
        print(
            "baton: warning: the sender's key was not pinned, so the signature only shows the "
            "envelope is intact; pass --expect-sender-key-id with the sender's key id, obtained "
            "independently, to know who sealed it",
            file=sys.stderr,
        )
    return 0
