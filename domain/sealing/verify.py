"""The one envelope verifier, run by the server opening a stored packet and by ``baton packet
open`` on a school's own machine: the same checks, in the same order, wherever it is opened.

``open_envelope`` proves the signature and opens the body; around it this refuses what a
signature alone does not cover (docs/envelope.md, sections 1 and 7): JSON that repeats a member,
a binary field not in its one canonical base64 spelling, a body whose ids are not the signed
header's, and (failing closed) a sender key that is neither pinned nor trusted: a signature
under a key nobody vouched for shows only that the envelope is intact, not who sealed it.
"""

from __future__ import annotations

import base64
import json
from typing import Any, NoReturn

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from domain.sealing.envelope import EnvelopeError, Opened, open_envelope, verify_signature
from domain.sealing.trust import TrustedKeys

_BINARY = ("nonce", "ciphertext", "sender_public_key", "signature")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        repeated = sorted({n for n in names if names.count(n) > 1})
        raise EnvelopeError(f"the envelope repeats the member(s) {', '.join(repeated)}")
    return dict(pairs)


def _no_constant(name: str) -> NoReturn:
    raise EnvelopeError(f"the envelope holds {name}, which is not JSON")


def parse_envelope_json(text: str) -> Any:
    """The JSON document holding an envelope. A member named twice is refused (EnvelopeError):
    two readers could take different values from it, and the signature covers only one. Text
    that is not JSON raises ValueError (or RecursionError)."""
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)


def check_base64(envelope: dict[str, Any]) -> None:
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


def check_body(opened: Opened) -> None:
    """A Baton body repeats the packet's id, kind and time and the sender's id: they must be the
    signed header's (a body from one packet can never be presented as another's)."""
    body, header = opened.body, opened.header
    for field in ("packet_id", "kind", "sealed_at"):
        if field in body and body[field] != header[field]:
            raise EnvelopeError(f"the body's {field} is not the envelope's")
    sender = body.get("from")
    if isinstance(sender, dict) and "id" in sender and sender["id"] != header["sender_id"]:
        raise EnvelopeError("the body's sender is not the envelope's")


class UntrustedSender(EnvelopeError):
    """The envelope is intact, but signed by a key that is neither pinned nor trusted."""

    def __init__(self, key_id: str) -> None:
        super().__init__(
            f"it is signed by sender key {key_id}, which is neither pinned nor trusted"
        )
        self.key_id = key_id


def sender_pins(
    envelope: dict[str, Any],
    expected_sender_key_id: str | None,
    expected: dict[str, str],
    trusted: TrustedKeys | None,
) -> tuple[str, dict[str, str]]:
    """The sender key id to pin, and the header pins with the trusted key's sender added.

    Fail closed: with no pinned key id, the envelope's key must be in ``trusted`` (with the
    public key written there, and for the sender the trust names); else UntrustedSender, once
    the signature shows the envelope is intact (so that "altered" is said before "untrusted").
    """
    if expected_sender_key_id is not None:
        return expected_sender_key_id, expected
    entry = trusted.get(envelope.get("sender_key_id")) if trusted is not None else None
    if entry is None or entry.public_key != envelope.get("sender_public_key"):
        verify_signature(envelope)
        raise UntrustedSender(str(envelope.get("sender_key_id")))
    if entry.sender_id is not None:
        if expected.get("sender_id", entry.sender_id) != entry.sender_id:
            raise EnvelopeError("the trusted sender key is not trusted for the expected sender")
        expected = {**expected, "sender_id": entry.sender_id}
    return entry.key_id, expected


def verify_envelope(
    envelope: dict[str, Any],
    private_key: X25519PrivateKey,
    *,
    expected_sender_key_id: str | None,
    expected: dict[str, str],
    trusted: TrustedKeys | None = None,
) -> Opened:
    """Verify and open ``envelope``, pinned to what the caller knows (``expected`` header fields
    and the sender's key id, or the keys it trusts); every refusal is an EnvelopeError saying
    why, UntrustedSender for a sender key neither pinned nor trusted."""
    try:
        check_base64(envelope)
        sender_key_id, expected = sender_pins(envelope, expected_sender_key_id, expected, trusted)
        opened = open_envelope(
            envelope,
            private_key,
            expected_sender_key_id=sender_key_id,
            expected=expected,
        )
        check_body(opened)
    except (TypeError, ValueError, KeyError, AttributeError) as e:
        # malformed beyond what open_envelope checks (see docs/envelope.md, "Known gaps")
        raise EnvelopeError(f"it is malformed ({type(e).__name__}: {e})") from e
    return opened
