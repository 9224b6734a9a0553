"""The school's trusted-keys file: where it is, reading it for ``baton packet open``, and adding a
sender's key to it with ``baton keys trust``. No settings, no store: a school's own machine."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from api.cli.common import CommandError, fail, report
from domain.sealing.trust import FILE_HEADER, TrustedKeys, parse_trusted_keys, trusted_key

ENV = "BATON_TRUSTED_KEYS"
UNUSABLE = 2


def default_path() -> Path:
    """``$XDG_CONFIG_HOME/baton/trusted-keys`` (``~/.config`` when XDG_CONFIG_HOME is unset)."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "baton" / "trusted-keys"


def resolve(given: Path | None) -> tuple[Path, bool]:
    """The file to use, and whether it was named (``--trusted-keys``, or $BATON_TRUSTED_KEYS)."""
    if given is not None:
        return given, True
    named = os.environ.get(ENV)
    return (Path(named), True) if named else (default_path(), False)


def load(path: Path, named: bool) -> TrustedKeys:
    """The keys in ``path``. A file that was named must exist; the default may be absent (then
    no key is trusted). A file with one wrong line is refused whole (exit 2)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if named:
            fail(f"the trusted keys file {path} does not exist", UNUSABLE)
        return TrustedKeys()
    except (OSError, UnicodeDecodeError) as e:
        fail(f"cannot read the trusted keys file {path}: {e}", UNUSABLE)
    try:
        return parse_trusted_keys(text)
    except ValueError as e:
        fail(f"the trusted keys file {path} is not usable: {e}", UNUSABLE)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trusted-keys",
        type=Path,
        metavar="FILE",
        help=f"the sender keys you trust (default: ${ENV}, else {default_path()})",
    )


def register(keys_sub: Any) -> None:
    trust = keys_sub.add_parser(
        "trust",
        help="trust a sending setting's signing key, for `baton packet open`",
        description=(
            "Add a sender's Ed25519 public key (base64, as GET /v1/organisations/{id}/keys "
            'lists it with "algorithm": "ed25519") to the trusted keys file. Check the key id '
            "it prints with the sending setting by another channel before relying on it."
        ),
    )
    trust.add_argument("public_key", metavar="PUBLIC_KEY")
    trust.add_argument(
        "--sender-id", metavar="ORG_ID", help="trust it only for envelopes from this organisation"
    )
    trust.add_argument("--note", default="", help="a note kept beside it (e.g. the setting)")
    add_arguments(trust)
    trust.set_defaults(run=cmd_keys_trust)


def cmd_keys_trust(args: argparse.Namespace) -> int:
    try:
        return _trust(args)
    except CommandError as e:
        return report(e)


def _trust(args: argparse.Namespace) -> int:
    path, _ = resolve(args.trusted_keys)
    try:
        key = trusted_key(args.public_key.strip(), args.sender_id, args.note)
    except ValueError as e:
        fail(f"not trusted: {e}", UNUSABLE)
    known = load(path, named=False).get(key.key_id)
    if known == key:
        print(f"sender key {key.key_id} is already trusted in {path}")
        return 0
    if known is not None:
        fail(f"{path} already lists key {key.key_id} differently; edit that line", UNUSABLE)
    try:
        before = path.read_bytes() if path.exists() else b""
        lead = FILE_HEADER + "\n" if not before else "" if before.endswith(b"\n") else "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(lead + key.line() + "\n")
    except OSError as e:
        fail(f"cannot write {path}: {e.strerror or e}", UNUSABLE)
    sender = f"from organisation {key.sender_id}" if key.sender_id else "from any sender"
    print(f"trusted sender key {key.key_id} for envelopes {sender}, in {path}")
    return 0
