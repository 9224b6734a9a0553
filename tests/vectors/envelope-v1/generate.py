"""Generate the envelope v1 test vectors (vector.json, envelope.json, mutations.json).

Run once, from the repository root, with the project's interpreter::

    .venv/bin/python tests/vectors/envelope-v1/generate.py --force

Sealing is randomised (the data key, the AES-GCM nonce and the HPKE ephemeral key are fresh
each time), so every run writes a different, equally valid envelope: the committed JSON files
are the vectors, and the tests read those, never this script. The keys are fixed and published:
each is SHA-256 of a label, so anyone can re-derive them. They are test keys; never use them.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from domain.sealing import envelope as sealing

HERE = Path(__file__).resolve().parent

LABELS = {
    "recipient": b"baton envelope-v1 test vector: the school's X25519 key",
    "other_recipient": b"baton envelope-v1 test vector: another school's X25519 key",
    "sender": b"baton envelope-v1 test vector: the setting's Ed25519 signing key",
    "other_sender": b"baton envelope-v1 test vector: an impostor's Ed25519 signing key",
}

HEADER = {
    "packet_id": "5b1f0c3e-7a2d-4e8b-9c61-0d4f2a7e9b13",
    "kind": "transition",
    "sender_id": "0e6f9a42-3c1b-4d7e-8f25-6a9b0c1d2e3f",
    "recipient_id": "9d2c4b6a-8e1f-4a3b-b5c7-d9e0f1a2b3c4",
    "sealed_at": "2026-06-15T09:30:00+00:00",
}
OTHER = {
    "packet_id": "c3a9e1f7-2b4d-4c6e-8a0f-1b3d5e7f9a2c",
    "kind": "safeguarding",
    "sender_id": "6f8e7d6c-5b4a-4392-8170-fedcba987654",
    "recipient_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    "sealed_at": "2026-06-16T10:00:00+00:00",
}

CHANGED = {
    "packet_id": "replaced (replay as another packet)",
    "kind": "changed",
    "sender_id": "changed",
    "recipient_id": "re-addressed to another school",
    "sealed_at": "changed",
}

# A transition packet body shaped like domain.handover.content.transition_body, with non-ASCII
# text (written raw, not \u-escaped, by the canonical form), an empty list and a null.
BODY: dict[str, Any] = {
    "packet_id": HEADER["packet_id"],
    "kind": "transition",
    "sealed_at": HEADER["sealed_at"],
    "from": {
        "id": HEADER["sender_id"],
        "name": "Little Acorns Nursery",
        "kind": "setting",
        "urn": "EY123456",
    },
    "child": {
        "id": "2f4e6d8c-0b1a-4c3e-9d5f-7a8b9c0d1e2f",
        "given_name": "Zoë",
        "family_name": "Ōkafor-Nguyễn",
        "preferred_name": "Zo",
        "date_of_birth": "2021-09-03",
        "home_languages": ["English", "Yorùbá"],
    },
    "key_person": "Siân Davies",
    "categories": ["assessments", "journey"],
    "observations": [
        {
            "id": "8c7b6a59-4837-4261-9504-a3b2c1d0e9f8",
            "text": 'Built a tower of 10 blocks and said "mine is taller than the door!"',
            "dated": "2026-05-02",
            "corrected": False,
            "area": "PD",
            "observed_on": "2026-05-02",
            "elgs": ["PD-FMS"],
            "characteristics": [],
        }
    ],
    "assessments": [
        {
            "id": "17263544-5362-4718-89a0-b1c2d3e4f506",
            "text": "Confident talker; counts reliably to 20 — ready for reception.",
            "dated": "2026-06-01",
            "corrected": True,
            "kind": "summative",
            "assessed_on": "2026-06-01",
            "summary": "Confident talker; counts reliably to 20 — ready for reception.",
            "areas": {"CL": "expected", "M": "exceeding"},
        }
    ],
    "voices": [],
    "send_note": None,
}


def seed(name: str) -> bytes:
    return hashlib.sha256(LABELS[name]).digest()


def x25519(name: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(seed(name))


def ed25519(name: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed(name))


def x_key_id(key: X25519PrivateKey) -> str:
    return sealing.key_id_of(sealing.raw_public(key.public_key()))


def ed_key_id(key: Ed25519PrivateKey) -> str:
    return sealing.key_id_of(sealing.raw_public(key.public_key()))


def keys_section() -> dict[str, Any]:
    out: dict[str, Any] = {"derivation": "each private key is SHA-256 of its label (UTF-8)"}
    for name in ("recipient", "other_recipient"):
        key = x25519(name)
        out[name] = {
            "label": LABELS[name].decode(),
            "private_key": sealing.private_key_text(key),
            "public_key": sealing.public_key_text(key.public_key()),
            "key_id": x_key_id(key),
        }
    for name in ("sender", "other_sender"):
        signer = ed25519(name)
        out[name] = {
            "label": LABELS[name].decode(),
            "ed25519_seed": sealing.b64(seed(name)),
            "public_key": sealing.b64(sealing.raw_public(signer.public_key())),
            "key_id": ed_key_id(signer),
        }
    return out


def intermediates(envelope: dict[str, Any]) -> dict[str, Any]:
    """Values a second implementation can compare against, step by step."""
    recipient = x25519("recipient")
    header = {k: envelope[k] for k in sealing.HEADER_FIELDS}
    info = sealing.hpke_info(header, x_key_id(recipient))
    sealed_key = sealing.unb64(envelope["recipients"][0]["sealed_key"])
    data_key = sealing._HPKE.decrypt(sealed_key, recipient, info=info)
    transcript = sealing.transcript(envelope)
    return {
        "plaintext": sealing.canonical(BODY).decode(),
        "aad": sealing.canonical(header).decode(),
        "hpke_info": info.decode(),
        "hpke_enc": sealing.b64(sealed_key[:32]),
        "data_key": sealing.b64(data_key),
        "transcript": transcript.decode(),
        "transcript_sha256": hashlib.sha256(transcript).hexdigest(),
    }


def flip_hex(text: str) -> str:
    return text[:-1] + ("0" if text[-1] != "0" else "1")


def mutations(envelope: dict[str, Any], keys: dict[str, Any]) -> list[dict[str, Any]]:
    other_kid = keys["other_recipient"]["key_id"]
    stanza = envelope["recipients"][0]
    other_stanza = {
        "key_id": other_kid,
        "sealed_key": sealing.b64(
            sealing._HPKE.encrypt(
                sealing.unb64(intermediates(envelope)["data_key"]),
                x25519("other_recipient").public_key(),
                info=sealing.hpke_info(envelope, other_kid),
            )
        ),
    }
    sealed_len = len(sealing.unb64(stanza["sealed_key"]))
    ct_len = len(sealing.unb64(envelope["ciphertext"]))
    out: list[dict[str, Any]] = []

    def m(name: str, ops: list[dict[str, Any]], stage: str, **extra: Any) -> None:
        out.append({"name": name, "ops": ops, **extra, "expect": "reject", "stage": stage})

    def rep(path: str, value: Any) -> dict[str, Any]:
        return {"op": "replace", "path": path, "value": value}

    def flip(path: str, byte: int, bit: int = 0) -> dict[str, Any]:
        return {"op": "flip_bit", "path": path, "byte": byte, "bit": bit}

    # 1. Tampering, as anyone without a signing key would: the signature (or what the reader
    #    checks before it) rejects it.
    m("version changed", [rep("/version", "baton-envelope-v2")], "version")
    m("version removed", [{"op": "remove", "path": "/version"}], "version")
    m("suite changed", [rep("/suite", "HPKE-base/X25519/HKDF-SHA256/AES-128-GCM")], "signature")
    for field, value in OTHER.items():
        m(f"{field} {CHANGED[field]}", [rep(f"/{field}", value)], "signature")
    m("body_sha256 altered", [rep("/body_sha256", flip_hex(envelope["body_sha256"]))], "signature")
    m(
        "key_commitment altered",
        [rep("/key_commitment", flip_hex(envelope["key_commitment"]))],
        "signature",
    )
    m(
        "sender_key_id altered",
        [rep("/sender_key_id", flip_hex(envelope["sender_key_id"]))],
        "sender_key_id",
    )
    m("nonce bit 0 of byte 0 flipped", [flip("/nonce", 0)], "signature")
    m("nonce bit 7 of byte 11 flipped", [flip("/nonce", 11, 7)], "signature")
    m("ciphertext bit flipped (first byte)", [flip("/ciphertext", 0)], "signature")
    m("ciphertext bit flipped (GCM tag)", [flip("/ciphertext", ct_len - 1, 7)], "signature")
    m("sealed_key bit flipped (HPKE enc)", [flip("/recipients/0/sealed_key", 0)], "signature")
    m(
        "sealed_key bit flipped (HPKE tag)",
        [flip("/recipients/0/sealed_key", sealed_len - 1, 3)],
        "signature",
    )
    m("signature bit flipped (R)", [flip("/signature", 0)], "signature")
    m("signature bit flipped (S)", [flip("/signature", 63, 5)], "signature")
    m("sender_public_key bit flipped", [flip("/sender_public_key", 0)], "sender_key_id")
    m("recipient key_id changed", [rep("/recipients/0/key_id", other_kid)], "signature")
    m("recipient stanza removed", [{"op": "remove", "path": "/recipients/0"}], "signature")
    m(
        "recipient stanza duplicated under another key id",
        [{"op": "add", "path": "/recipients/-", "value": {**stanza, "key_id": other_kid}}],
        "signature",
    )
    m(
        "recipient stanza added for another school's key",
        [{"op": "add", "path": "/recipients/-", "value": other_stanza}],
        "signature",
    )
    m(
        "recipient stanzas reordered",
        [{"op": "add", "path": "/recipients/0", "value": other_stanza}],
        "signature",
    )
    m("unknown field added", [{"op": "add", "path": "/note", "value": "x"}], "signature")
    m(
        "unknown field added to a stanza",
        [{"op": "add", "path": "/recipients/0/note", "value": "x"}],
        "signature",
    )
    m("signature removed", [{"op": "remove", "path": "/signature"}], "encoding")
    m("signature not base64", [rep("/signature", "not base64!")], "encoding")
    m(
        "re-signed by another Ed25519 key, sender key id pinned",
        [],
        "sender_pin",
        resign="other_sender",
        open={"expected_sender_key_id": keys["sender"]["key_id"]},
    )

    # 2. A genuine envelope presented as something it is not: only pinning catches these.
    m(
        "genuine envelope replayed as another packet",
        [],
        "pin",
        open={"expected": {"packet_id": OTHER["packet_id"]}},
    )
    m(
        "genuine envelope re-addressed to another school",
        [],
        "pin",
        open={"expected": {"recipient_id": OTHER["recipient_id"]}},
    )
    m(
        "genuine envelope from another sender",
        [],
        "pin",
        open={"expected": {"sender_id": OTHER["sender_id"]}},
    )
    m("opened with another school's key", [], "recipient", key="other_recipient")

    # 3. Tampering by someone who holds the sender's signing key but not the school's private
    #    key (in own-key mode: the service itself), so re-signs: the HPKE info binding, the
    #    AES-GCM AAD, the key commitment and the body hash still reject it.
    for field in ("packet_id", "sender_id", "recipient_id"):
        m(
            f"{field} changed and re-signed",
            [rep(f"/{field}", OTHER[field])],
            "unseal",
            resign="sender",
        )
    for field in ("kind", "sealed_at"):
        m(
            f"{field} changed and re-signed",
            [rep(f"/{field}", OTHER[field])],
            "body_decrypt",
            resign="sender",
        )
    m(
        "suite changed and re-signed",
        [rep("/suite", "HPKE-base/X25519/HKDF-SHA256/AES-128-GCM")],
        "header",
        resign="sender",
    )
    m(
        "key_commitment altered and re-signed",
        [rep("/key_commitment", flip_hex(envelope["key_commitment"]))],
        "commitment",
        resign="sender",
    )
    m(
        "body_sha256 altered and re-signed",
        [rep("/body_sha256", flip_hex(envelope["body_sha256"]))],
        "body_hash",
        resign="sender",
    )
    m("nonce flipped and re-signed", [flip("/nonce", 5, 2)], "body_decrypt", resign="sender")
    m(
        "ciphertext flipped and re-signed",
        [flip("/ciphertext", ct_len // 2, 6)],
        "body_decrypt",
        resign="sender",
    )
    m(
        "sealed_key enc flipped and re-signed",
        [flip("/recipients/0/sealed_key", 7, 1)],
        "unseal",
        resign="sender",
    )
    m(
        "sealed_key ciphertext flipped and re-signed",
        [flip("/recipients/0/sealed_key", 40, 4)],
        "unseal",
        resign="sender",
    )
    m(
        "recipient key_id changed and re-signed",
        [rep("/recipients/0/key_id", other_kid)],
        "recipient",
        resign="sender",
    )
    m("recipients emptied and re-signed", [rep("/recipients", [])], "recipient", resign="sender")
    m(
        "stanza for another school relabelled with this key id and re-signed",
        [rep("/recipients/0", {**other_stanza, "key_id": stanza["key_id"]})],
        "unseal",
        resign="sender",
    )

    # 4. Re-addressing by an impostor with its own key, opened by a reader that pins nothing:
    #    the signature passes (self-signed), but the HPKE info binding still rejects it.
    m(
        "recipient_id re-addressed and re-signed by an impostor, nothing pinned",
        [rep("/recipient_id", OTHER["recipient_id"])],
        "unseal",
        resign="other_sender",
    )
    m(
        "packet_id replaced and re-signed by an impostor, nothing pinned",
        [rep("/packet_id", OTHER["packet_id"])],
        "unseal",
        resign="other_sender",
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--force", action="store_true", help="overwrite the committed vectors")
    args = parser.parse_args()
    targets = [HERE / n for n in ("vector.json", "envelope.json", "mutations.json")]
    if not args.force and any(t.exists() for t in targets):
        print("the vectors exist; pass --force to replace them", file=sys.stderr)
        return 2
    keys = keys_section()
    recipient = x25519("recipient")
    envelope = sealing.seal(
        copy.deepcopy(BODY),
        header=HEADER,
        recipients=[sealing.Recipient(x_key_id(recipient), recipient.public_key())],
        signing_key=ed25519("sender"),
        signing_key_id=ed_key_id(ed25519("sender")),
    )
    plaintext = sealing.canonical(BODY)
    vector = {
        "description": (
            "Baton envelope v1 test vector (docs/envelope.md). Opening `envelope` with "
            "keys.recipient.private_key, pinned to keys.sender.key_id and `header`, yields `body`."
        ),
        "version": sealing.VERSION,
        "keys": keys,
        "header": {**HEADER, "version": sealing.VERSION, "suite": sealing.SUITE},
        "body": BODY,
        "body_sha256": hashlib.sha256(plaintext).hexdigest(),
        "intermediates": intermediates(envelope),
        "envelope": envelope,
    }
    mutation_doc = {
        "description": (
            "Mutations of vector.json's envelope; every one must be rejected. Apply `ops` in "
            "order to a copy of the envelope (RFC 6902 add/replace/remove with RFC 6901 "
            "pointers; flip_bit: base64-decode the string at `path`, XOR byte `byte` with "
            "1 << `bit`, re-encode). If `resign` names a key of vector.json's keys: set "
            "sender_public_key and sender_key_id to that key's, drop `signature` and sign the "
            "transcript afresh (Ed25519 is deterministic). Open with the key named by `key` "
            "(default: recipient) and the pins in `open` (default: none). `stage` is the check "
            "of docs/envelope.md's verification order that rejects it first."
        ),
        "mutations": mutations(envelope, keys),
    }

    def dump(value: Any) -> str:
        return json.dumps(value, indent=2, ensure_ascii=False) + "\n"

    targets[0].write_text(dump(vector), encoding="utf-8")
    targets[1].write_text(dump(envelope), encoding="utf-8")
    targets[2].write_text(dump(mutation_doc), encoding="utf-8")
    print(f"wrote {', '.join(str(t) for t in targets)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
