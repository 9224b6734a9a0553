"""``baton audit verify`` and ``baton audit checkpoint``: check the whole log, keep an anchor."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from api.master_key import ConfigurationError
from domain.access_log.checkpoint import (
    CheckpointError,
    parse_verifier_key,
    verifier_key,
    verify_checkpoint,
)
from domain.access_log.leaf import Finding, SignedHead, verify_log


def register(sub: Any) -> None:
    audit = sub.add_parser("audit", help="the tamper-evident access log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser(
        "verify",
        help="check the whole log against its signed checkpoints (exit 1 naming the "
        "first entry that does not match)",
    )
    verify.add_argument(
        "--checkpoint",
        type=Path,
        help="a checkpoint saved earlier: also prove the log still extends it",
    )
    verify.add_argument("--key", help="the verifier key to trust (default: the service's own)")
    verify.set_defaults(run=cmd_verify)
    save = audit_sub.add_parser("checkpoint", help="print (or save) the latest signed checkpoint")
    save.add_argument("--out", type=Path, help="write it to this file")
    save.set_defaults(run=cmd_checkpoint)


def cmd_verify(args: argparse.Namespace) -> int:
    from api.cli.common import load_settings, record_command
    from api.services import build_services
    from projections.store import audit_log

    services = build_services(load_settings())
    try:
        record_command(services, "audit-verify")
        signer = services.audit_signer
        origin, public = signer.origin, signer.key.public_key()
        if args.key:
            try:
                origin, public = parse_verifier_key(args.key)
            except CheckpointError as e:
                raise ConfigurationError(f"--key is not a verifier key: {e}") from e
        saved = None
        if args.checkpoint:
            try:
                saved = verify_checkpoint(
                    args.checkpoint.read_text(), origin, public, origin=origin
                )
            except (OSError, CheckpointError) as e:
                print(
                    f"baton audit verify: the saved checkpoint cannot be trusted: {e}",
                    file=sys.stderr,
                )
                return 1
        heads = [SignedHead(c.size, c.note) for c in audit_log.checkpoints(services.db)]
        result = verify_log(audit_log.stored_leaves(services.db), heads, origin, public, saved)
    finally:
        services.close()
    if isinstance(result, Finding):
        print(
            f"baton audit verify: FAILED at entry {result.index}: {result.problem}", file=sys.stderr
        )
        return 1
    anchored = f", consistent with the saved checkpoint of size {saved.size}" if saved else ""
    print(
        f"ok: {result.size} entries, {result.checkpoints} signed checkpoints, root "
        f"{result.root.hex()}{anchored}"
    )
    return 0


def cmd_checkpoint(args: argparse.Namespace) -> int:
    from api.cli.common import load_settings
    from api.services import build_services
    from projections.store import audit_log

    services = build_services(load_settings())
    try:
        latest = audit_log.latest_checkpoint(services.db)
        signer = services.audit_signer
        vkey = verifier_key(signer.origin, signer.key.public_key())
    finally:
        services.close()
    if latest is None:
        print("baton audit checkpoint: the log has no checkpoint yet", file=sys.stderr)
        return 1
    if args.out:
        args.out.write_text(latest.note)
        print(f"saved the checkpoint of size {latest.size} to {args.out}; verifier key: {vkey}")
    else:
        sys.stdout.write(latest.note)
    return 0
