"""``baton keys master``, ``baton keys generate`` and ``baton keys trust``: the service's master
key, a school's own key pair, and the senders' keys it trusts. None reads settings or touches a
store."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from api.cli import trusted
from api.cli.common import CommandError, fail, report
from api.master_key import write_master_key
from domain.sealing.envelope import key_id_of, private_key_text, public_key_text, raw_public

UNUSABLE = 2


def register(sub: Any) -> Any:
    """``baton keys``; the packet command is registered after it, as before. Returns the
    subcommands, for those that need the store (``key_rotation``)."""
    keys = sub.add_parser("keys", help="keys: the master key, organisations' keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    master = keys_sub.add_parser("master", help="write a new master key file (mode 0600)")
    master.add_argument("--out", type=Path, required=True)
    master.set_defaults(run=cmd_keys_master)
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
    trusted.register(keys_sub)
    return keys_sub


def cmd_keys_master(args: argparse.Namespace) -> int:
    write_master_key(args.out)
    print(
        f"wrote a new master key to {args.out} (mode 0600); keep a copy somewhere safe: "
        "without it no stored key or encrypted event can be read"
    )
    return 0


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
        return report(e)


def _keys_generate(out: Path) -> int:
    public_path = out.with_name(out.name + ".pub")
    for path in (out, public_path):
        if path.exists() or path.is_symlink():
            fail(f"{path} already exists; nothing was written or overwritten", UNUSABLE)
    key = X25519PrivateKey.generate()
    public_text = public_key_text(key.public_key())
    try:
        _create(out, private_key_text(key), 0o600)
    except FileExistsError:
        fail(f"{out} already exists; nothing was written or overwritten", UNUSABLE)
    except OSError as e:
        fail(f"cannot write {out}: {e.strerror or e}", UNUSABLE)
    try:
        _create(public_path, public_text, 0o644)
    except OSError as e:
        out.unlink()  # the private key file is ours, made a moment ago: leave nothing half done
        reason = "already exists" if isinstance(e, FileExistsError) else e.strerror or str(e)
        fail(f"cannot write {public_path} ({reason}); nothing was written", UNUSABLE)
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
