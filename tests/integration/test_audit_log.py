"""The access log is tamper-evident: every way of changing it after the fact is caught by
``verify_log`` and by ``baton audit verify``, naming the first entry that cannot be trusted;
the proofs the API serves verify against its signed checkpoints.

Each test runs on embedded SQLite and on a fresh PostgreSQL database of its own (a tampered log
must never leak into another test), with no background integrator: the tests integrate by hand.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.main import create_app
from api.services import Services, build_services
from domain.access_log.checkpoint import (
    Checkpoint,
    sign_checkpoint,
    verifier_key,
    verify_checkpoint,
)
from domain.access_log.entry import AccessEntry, Action, Outcome
from domain.access_log.leaf import Finding, SignedHead, Verified, leaf_bytes, verify_log
from domain.access_log.merkle import MerkleLog, ProofError, leaf_hash
from domain.access_log.verification import verify_consistency, verify_inclusion
from projections.runner import process_batch
from projections.store import audit_log
from projections.views.journey_entries import JourneyEntries
from tests import factories as f
from tests.conftest import ADMIN_TOKEN, cli_env, own_store

BATON = str(Path(sys.executable).parent / "baton")
OPERATOR = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@dataclass
class Log:
    """A fresh Baton store with its access log, and the environment for the ``baton`` CLI."""

    store: str
    services: Services
    env: dict[str, str]
    tmp: Path

    @property
    def db(self) -> Any:
        return self.services.db


@pytest.fixture(params=["sqlite", "postgres"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Log]:
    with own_store(request.param, tmp_path, request) as settings:
        services = build_services(settings)
        try:
            yield Log(request.param, services, cli_env(settings), tmp_path)
        finally:
            services.close()


# -- writing and integrating --------------------------------------------------------------------

_counter = itertools.count()
ACTORS = [uuid4() for _ in range(3)]
ORGS = [uuid4() for _ in range(2)]
CHILDREN = [uuid4() for _ in range(4)]
RESOURCES = ["child", "observation", "consent", "setting-children", "handover-contents"]


def entry() -> AccessEntry:
    """A varied, realistic entry (some by the operator, some about no child)."""
    n = next(_counter)
    operator = n % 11 == 5
    return AccessEntry(
        at=datetime(2025, 1, 6, 9, tzinfo=UTC) + timedelta(seconds=n, microseconds=n % 997),
        actor_id=None if operator else ACTORS[n % len(ACTORS)],
        actor_org_id=None if operator else ORGS[n % len(ORGS)],
        actor_roles=() if operator else (("practitioner",), ("dsl", "manager"))[n % 2],
        action=list(Action)[n % len(Action)],
        child_id=None if n % 7 == 3 else CHILDREN[n % len(CHILDREN)],
        resource=RESOURCES[n % len(RESOURCES)],
        outcome=Outcome.DENIED if n % 5 == 0 else Outcome.ALLOWED,
        purpose=["care", "transition", "audit", "break-glass"][n % 4],
        token_hash_prefix=f"{n:012x}" if n % 5 == 0 else None,
    )


def integrate_all(log: Log, limit: int = 1000) -> int:
    done = 0
    while n := audit_log.integrate(log.db, log.services.audit_signer, limit=limit):
        done += n
    return done


def grow(log: Log, batches: Sequence[int]) -> list[int]:
    """Append each batch of entries and integrate it: one signed checkpoint per batch.

    Entries already pending (a ``baton audit verify`` run records itself) are integrated first.
    """
    integrate_all(log)
    for size in batches:
        log.services.access_log.append_many([entry() for _ in range(size)])
        assert integrate_all(log) == size
    return [c.size for c in audit_log.checkpoints(log.db)]


def heads(log: Log) -> list[SignedHead]:
    return [SignedHead(c.size, c.note) for c in audit_log.checkpoints(log.db)]


def verify(log: Log, saved: Checkpoint | None = None) -> Verified | Finding:
    signer = log.services.audit_signer
    return verify_log(
        audit_log.stored_leaves(log.db), heads(log), signer.origin, signer.key.public_key(), saved
    )


def latest_saved(log: Log) -> Checkpoint:
    """The latest checkpoint, as a client who saved it would hold it (signature checked)."""
    latest = audit_log.latest_checkpoint(log.db)
    assert latest is not None
    signer = log.services.audit_signer
    return verify_checkpoint(latest.note, signer.origin, signer.key.public_key())


def execute(log: Log, sql: str, params: Sequence[Any] = ()) -> None:
    with log.db.transaction() as cur:
        cur.execute(sql, params)


# -- the CLI ------------------------------------------------------------------------------------


def baton(log: Log, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BATON, *args], env=log.env, capture_output=True, text=True, timeout=180, check=False
    )


def cli_ok(log: Log, *args: str) -> str:
    result = baton(log, "audit", "verify", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def cli_named(log: Log, *args: str) -> int:
    """Run ``baton audit verify``: it must exit 1 naming an entry; return that entry's index."""
    result = baton(log, "audit", "verify", *args)
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    named = re.search(r"at entry (\d+)", result.stderr)
    assert named, f"stderr names no entry: {result.stderr[-2000:]}"
    return int(named.group(1))


def saved_checkpoint_file(log: Log) -> tuple[Path, str]:
    """``baton audit checkpoint --out FILE``: the file, and the verifier key it prints."""
    path = log.tmp / f"checkpoint-{next(_counter)}.txt"
    result = baton(log, "audit", "checkpoint", "--out", str(path))
    assert result.returncode == 0, result.stderr
    vkey = re.search(r"verifier key: (\S+)", result.stdout)
    assert vkey, result.stdout
    return path, vkey.group(1)


def assert_named(log: Log, index: int, saved: Checkpoint | None = None, *cli: str) -> None:
    """Both verify_log and the CLI name exactly ``index``."""
    found = verify(log, saved)
    assert isinstance(found, Finding), found
    assert found.index == index, found
    assert cli_named(log, *cli) == index


# -- an untouched log ---------------------------------------------------------------------------


def test_an_untouched_log_verifies(log: Log) -> None:
    sizes = grow(log, [1, 6, 13, 2, 9])
    assert sizes == [1, 7, 20, 22, 31]
    result = verify(log)
    assert isinstance(result, Verified), result
    assert (result.size, result.checkpoints) == (31, 5)
    assert result.root == audit_log.latest_checkpoint(log.db).root  # type: ignore[union-attr]
    assert [seq for seq, _, _ in audit_log.stored_leaves(log.db, chunk=4)] == list(range(31))
    out = cli_ok(log)
    assert "31 entries" in out and result.root.hex() in out


def test_an_empty_log_verifies(log: Log) -> None:
    assert isinstance(verify(log), Verified)
    assert "0 entries" in cli_ok(log)


def test_entries_written_through_the_api_verify(log: Log) -> None:
    with TestClient(create_app(services=log.services)) as client:
        practitioner, child_id = f.setting_with_child(client)
        f.observation(client, practitioner, child_id)
        # No worker runs here: bring the journey list's view up to date by hand.
        while process_batch(log.db, log.services.app, JourneyEntries(log.services.child_keys)):
            pass
        for path in (f"/v1/children/{child_id}", f"/v1/children/{child_id}/observations"):
            assert client.get(path, headers=practitioner.headers).status_code == 200
        stranger = f.staff(client, f.organisation(client), "practitioner")
        assert client.get(f"/v1/children/{child_id}", headers=stranger.headers).status_code == 404
    assert log.services.integrator is None, "the tests integrate by hand"
    written = log.services.access_log.count()
    assert written >= 5
    assert integrate_all(log, limit=2) == written
    result = verify(log)
    assert isinstance(result, Verified) and result.size == written, result
    outcomes = [e["outcome"] for _, e, _ in audit_log.stored_leaves(log.db)]
    assert "denied" in outcomes and "allowed" in outcomes
    cli_ok(log)


def test_concurrent_writers_and_integrators_never_share_an_index(log: Log) -> None:
    stop = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(15):
                log.services.access_log.append_many([entry() for _ in range(3)])
        except BaseException as e:  # noqa: BLE001 - reported by the test
            errors.append(e)

    def integrate() -> None:
        try:
            while not stop.is_set():
                audit_log.integrate(log.db, log.services.audit_signer, limit=7)
        except BaseException as e:  # noqa: BLE001 - reported by the test
            errors.append(e)

    writers = [threading.Thread(target=write) for _ in range(4)]
    integrators = [threading.Thread(target=integrate) for _ in range(3)]
    for t in writers + integrators:
        t.start()
    for t in writers:
        t.join(60)
    stop.set()
    for t in integrators:
        t.join(60)
    assert not errors, errors
    integrate_all(log)
    result = verify(log)
    assert isinstance(result, Verified) and result.size == 4 * 15 * 3, result
    sizes = [c.size for c in audit_log.checkpoints(log.db)]
    assert sizes == sorted(set(sizes)) and sizes[-1] == 180


# -- (a) an entry's field changed ---------------------------------------------------------------

Stored = dict[str, Any]
# (column, new stored text from the old): meaningful changes, and the same meaning spelt another
# way (the leaf commits to the text as stored, so a respelling is a change too).
CHANGES: dict[str, tuple[str, Callable[[Stored], str]]] = {
    "outcome": ("outcome", lambda e: "denied" if e["outcome"] == "allowed" else "allowed"),
    "actor_id": ("actor_id", lambda e: str(uuid4())),
    "at": ("at", lambda e: (datetime.fromisoformat(e["at"]) - timedelta(hours=1)).isoformat()),
    "purpose": ("purpose", lambda e: "care" if e["purpose"] != "care" else "audit"),
    "child_id": ("child_id", lambda e: str(uuid4())),
    "actor_roles": ("actor_roles", lambda e: "dsl"),
    "resource": ("resource", lambda e: e["resource"] + "-x"),
    "at respelt": ("at", lambda e: e["at"].replace("+00:00", "Z")),
    "child_id respelt": ("child_id", lambda e: str(e["child_id"] or uuid4()).upper()),
    # Set on an entry that had none, or changed: either way another token is blamed.
    "token_hash_prefix": (
        "token_hash_prefix",
        lambda e: "0" * 12 if e["token_hash_prefix"] != "0" * 12 else "1" * 12,
    ),
}


def entry_at(log: Log, seq: int) -> Stored:
    """Entry ``seq`` as stored (the text of its columns)."""
    return dict(next(e for s, e, _ in audit_log.stored_leaves(log.db) if s == seq))


@pytest.mark.parametrize("change", CHANGES)
def test_a_changed_field_names_its_entry(log: Log, change: str) -> None:
    grow(log, [7, 9, 5, 11])
    k = 12
    column, new = CHANGES[change]
    value = new(entry_at(log, k))
    assert value != entry_at(log, k)[column]
    execute(log, f"UPDATE access_log SET {column} = %s WHERE seq = %s", (value, k))
    assert_named(log, k)


def test_a_changed_leaf_hash_names_its_entry(log: Log) -> None:
    grow(log, [7, 9, 5, 11])
    execute(log, "UPDATE access_log SET leaf_hash = %s WHERE seq = %s", ("00" * 32, 20))
    assert_named(log, 20)
    execute(log, "UPDATE access_log SET leaf_hash = NULL WHERE seq = %s", (3,))
    assert_named(log, 3)


def test_an_entry_changed_with_its_leaf_hash_recomputed_is_caught_by_its_checkpoint(
    log: Log,
) -> None:
    """Recomputing the leaf hash is not enough: the signed checkpoint no longer matches, and
    the finding starts where the last checkpoint that still holds ends."""
    grow(log, [7, 9, 5, 11])  # checkpoints 7, 16, 21, 32
    k = 18
    changed = {**entry_at(log, k), "outcome": "denied", "actor_id": str(uuid4())}
    execute(
        log,
        "UPDATE access_log SET outcome = %s, actor_id = %s, leaf_hash = %s WHERE seq = %s",
        (changed["outcome"], changed["actor_id"], leaf_hash(leaf_bytes(changed, k)).hex(), k),
    )
    assert_named(log, 16)


# Values the service never writes: verification must still name the entry, not crash.
GARBAGE = {
    "action": "bogus",
    "outcome": "maybe",
    "at": "yesterday",
    "actor_id": "not-a-uuid",
}


@pytest.mark.parametrize("field", GARBAGE)
def test_a_field_changed_to_a_value_the_service_never_writes_names_its_entry(
    log: Log, field: str
) -> None:
    grow(log, [7, 9, 5, 11])
    k = 12
    execute(log, f"UPDATE access_log SET {field} = %s WHERE seq = %s", (GARBAGE[field], k))
    found: Verified | Finding | Exception
    try:
        found = verify(log)
    except Exception as e:  # noqa: BLE001 - the failure this test reports
        found = e
    if isinstance(found, Exception):
        pytest.fail(f"verify_log raised {found!r} instead of naming entry {k}")
    assert isinstance(found, Finding) and found.index == k, found
    assert cli_named(log) == k


# -- (b) an entry deleted -----------------------------------------------------------------------


@pytest.mark.parametrize("k", [0, 12, 16, 31])
def test_a_deleted_entry_is_named(log: Log, k: int) -> None:
    grow(log, [7, 9, 5, 11])  # 32 entries
    execute(log, "DELETE FROM access_log WHERE seq = %s", (k,))
    assert_named(log, k)


def test_an_entry_taken_out_of_the_log_by_clearing_its_index_is_named(log: Log) -> None:
    """Setting seq back to NULL (or below 0) hides the entry from the log: that is a gap."""
    grow(log, [7, 9, 5, 11])
    execute(log, "UPDATE access_log SET seq = NULL, leaf_hash = NULL WHERE seq = %s", (9,))
    assert_named(log, 9)
    execute(log, "UPDATE access_log SET seq = -5 WHERE seq = %s", (4,))
    assert_named(log, 4)


# -- (c) two entries swapped --------------------------------------------------------------------


@pytest.mark.parametrize(
    "hashes_stay", [False, True], ids=["rows-moved", "leaf-hashes-left-in-place"]
)
@pytest.mark.parametrize(("a", "b"), [(9, 18), (0, 1), (20, 31)])
def test_swapped_entries_name_the_first(log: Log, a: int, b: int, hashes_stay: bool) -> None:
    """Swap two entries' seq values; the leaf hash moves with its row, or (``hashes_stay``) is
    swapped back so each position keeps the hash it had."""
    grow(log, [7, 9, 5, 11])
    hashes = {s: h for s, _, h in audit_log.stored_leaves(log.db)}
    parking = 10_000_000
    with log.db.transaction() as cur:
        cur.execute("UPDATE access_log SET seq = %s WHERE seq = %s", (parking, a))
        cur.execute("UPDATE access_log SET seq = %s WHERE seq = %s", (a, b))
        cur.execute("UPDATE access_log SET seq = %s WHERE seq = %s", (b, parking))
        if hashes_stay:
            for seq in (a, b):
                cur.execute(
                    "UPDATE access_log SET leaf_hash = %s WHERE seq = %s", (hashes[seq], seq)
                )
    assert [s for s, _, _ in audit_log.stored_leaves(log.db)] == list(range(32))
    assert_named(log, a)


# -- (d) the tail truncated ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cut", "drop_above", "seen_without_anchor"),
    [
        (33, 33, False),  # entries 33.. and the checkpoint covering them gone
        (30, 30, False),  # a whole batch and its checkpoint gone
        (33, 40, True),  # entries gone, the checkpoint of 40 left behind
        (25, 30, True),  # the checkpoint of 30 still covers entries 25..29
    ],
)
def test_a_truncated_tail_is_caught(
    log: Log, cut: int, drop_above: int, seen_without_anchor: bool
) -> None:
    grow(log, [10, 10, 10, 10])
    anchor_file, vkey = saved_checkpoint_file(log)
    saved = latest_saved(log)
    assert saved.size == 40
    assert isinstance(verify(log, saved), Verified)
    cli_ok(log, "--checkpoint", str(anchor_file), "--key", vkey)

    execute(log, "DELETE FROM access_log WHERE seq >= %s", (cut,))
    execute(log, "DELETE FROM audit_checkpoints WHERE size > %s", (drop_above,))

    assert_named(log, cut, saved, "--checkpoint", str(anchor_file))
    assert cli_named(log, "--checkpoint", str(anchor_file), "--key", vkey) == cut
    if seen_without_anchor:
        assert_named(log, cut)
    else:
        # Without an anchor, a log cut back to a checkpoint is a shorter valid log: this is
        # what saving checkpoints elsewhere is for.
        result = verify(log)
        assert isinstance(result, Verified) and result.size == cut, result
        cli_ok(log)


# -- (e) the tail rewritten and re-signed -------------------------------------------------------


def rewrite_tail(log: Log, k: int, key: Ed25519PrivateKey | None) -> None:
    """Change every entry from ``k`` on, recompute their leaf hashes correctly, and (with a key)
    rebuild and re-sign every checkpoint that covers them."""
    for seq, e, _ in list(audit_log.stored_leaves(log.db)):
        if seq < k:
            continue
        changed = {**e, "outcome": "allowed", "actor_id": str(ACTORS[0]), "purpose": "care"}
        execute(
            log,
            "UPDATE access_log SET outcome = %s, actor_id = %s, purpose = %s, leaf_hash = %s"
            " WHERE seq = %s",
            (
                changed["outcome"],
                changed["actor_id"],
                changed["purpose"],
                leaf_hash(leaf_bytes(changed, seq)).hex(),
                seq,
            ),
        )
    if key is None:
        return
    origin = log.services.audit_signer.origin
    tree = MerkleLog()
    sizes = {c.size for c in audit_log.checkpoints(log.db)}
    for seq, e, stored in audit_log.stored_leaves(log.db):
        assert stored == leaf_hash(leaf_bytes(e, seq)).hex()
        tree.append(bytes.fromhex(stored))
        if tree.size in sizes and tree.size > k:
            note = sign_checkpoint(Checkpoint(origin, tree.size, tree.root()), origin, key)
            execute(
                log,
                "UPDATE audit_checkpoints SET root = %s, note = %s WHERE size = %s",
                (tree.root().hex(), note, tree.size),
            )


@pytest.mark.parametrize("k", [23, 20, 5, 39])
def test_a_rewritten_tail_re_signed_with_another_key_is_caught(log: Log, k: int) -> None:
    grow(log, [10, 10, 10, 10])
    previous_good = max(s for s in (0, 10, 20, 30) if s <= k)
    rewrite_tail(log, k, Ed25519PrivateKey.generate())
    # every leaf matches its stored hash now; only the signatures can tell
    assert all(
        h == leaf_hash(leaf_bytes(e, s)).hex() for s, e, h in audit_log.stored_leaves(log.db)
    )
    found = verify(log)
    assert isinstance(found, Finding), found
    assert previous_good <= found.index <= k, found
    assert "not signed" in found.problem
    named = cli_named(log)
    assert previous_good <= named <= k
    assert named == found.index


def test_a_rewritten_tail_not_re_signed_is_caught(log: Log) -> None:
    grow(log, [10, 10, 10, 10])
    rewrite_tail(log, 23, None)
    assert_named(log, 20)


def test_a_rewrite_re_signed_with_the_services_own_key_is_caught_by_a_saved_checkpoint(
    log: Log,
) -> None:
    """Someone holding the signing key can forge checkpoints: a checkpoint saved elsewhere
    still shows the history was rewritten."""
    grow(log, [10, 10, 10, 10])
    anchor_file, _ = saved_checkpoint_file(log)
    saved = latest_saved(log)
    rewrite_tail(log, 23, log.services.audit_signer.key)
    assert isinstance(verify(log), Verified)  # self-consistent once re-signed
    cli_ok(log)
    found = verify(log, saved)
    assert isinstance(found, Finding) and found.index <= 23, found
    assert cli_named(log, "--checkpoint", str(anchor_file)) <= 23


# -- (f) a saved checkpoint anchors later verifications ----------------------------------------


def test_a_saved_checkpoint_still_verifies_as_the_log_grows(log: Log) -> None:
    grow(log, [10, 7])
    anchor_file, vkey = saved_checkpoint_file(log)
    saved = latest_saved(log)
    assert anchor_file.read_text() == audit_log.latest_checkpoint(log.db).note  # type: ignore[union-attr]
    out = cli_ok(log, "--checkpoint", str(anchor_file))
    assert "consistent with the saved checkpoint of size 17" in out
    assert isinstance(verify(log, saved), Verified)

    grow(log, [5, 1, 12])  # after the verify run's own entry: 17 + 1 + 18
    result = verify(log, saved)
    assert isinstance(result, Verified) and result.size == 36, result
    out = cli_ok(log, "--checkpoint", str(anchor_file), "--key", vkey)
    assert "36 entries" in out and "consistent with the saved checkpoint of size 17" in out
    # ... and the newer checkpoint, saved too, anchors the same log
    newer, _ = saved_checkpoint_file(log)
    cli_ok(log, "--checkpoint", str(newer))


def test_a_saved_checkpoint_that_cannot_be_trusted_fails_verification(log: Log) -> None:
    grow(log, [10, 7])
    anchor_file, _ = saved_checkpoint_file(log)
    note = anchor_file.read_text()
    edited = log.tmp / "edited.txt"
    edited.write_text(note.replace("\n17\n", "\n16\n", 1))
    result = baton(log, "audit", "verify", "--checkpoint", str(edited))
    assert result.returncode == 1 and "cannot be trusted" in result.stderr, result.stderr
    other_key = Ed25519PrivateKey.generate()
    origin = log.services.audit_signer.origin
    foreign = log.tmp / "foreign.txt"
    foreign.write_text(sign_checkpoint(latest_saved(log), origin, other_key))
    result = baton(log, "audit", "verify", "--checkpoint", str(foreign))
    assert result.returncode == 1 and "cannot be trusted" in result.stderr, result.stderr
    # trusting another key: the log's own checkpoints are not signed by it
    assert cli_named(log, "--key", verifier_key(origin, other_key.public_key())) == 0


# -- proofs served by the API -------------------------------------------------------------------


def served_checkpoint(client: TestClient, log: Log) -> tuple[int, bytes]:
    """GET /v1/audit/checkpoint, its signed note checked: (size, root)."""
    response = client.get("/v1/audit/checkpoint", headers=OPERATOR)
    assert response.status_code == 200, response.text
    body = response.json()
    signer = log.services.audit_signer
    assert body["verifier_key"] == verifier_key(signer.origin, signer.key.public_key())
    cp = verify_checkpoint(body["note"], signer.origin, signer.key.public_key())
    assert (cp.size, cp.root.hex()) == (body["size"], body["root"])
    return cp.size, cp.root


def signed_roots(log: Log) -> dict[int, bytes]:
    signer = log.services.audit_signer
    return {
        c.size: verify_checkpoint(c.note, signer.origin, signer.key.public_key()).root
        for c in audit_log.checkpoints(log.db)
    }


def check_inclusion(client: TestClient, log: Log, seq: int, size: int, root: bytes) -> None:
    response = client.get(f"/v1/audit/entries/{seq}/proof", headers=OPERATOR, params={"size": size})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["leaf_index"], body["tree_size"]) == (seq, size)
    expected = leaf_hash(leaf_bytes(entry_at(log, seq), seq))
    assert body["leaf_hash"] == expected.hex()
    proof = [bytes.fromhex(h) for h in body["proof"]]
    verify_inclusion(expected, seq, size, proof, root)


def check_consistency(client: TestClient, old: int, new: int, roots: dict[int, bytes]) -> None:
    response = client.get(
        "/v1/audit/consistency", headers=OPERATOR, params={"from": old, "to": new}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["from"], body["to"]) == (old, new)
    proof = [bytes.fromhex(h) for h in body["proof"]]
    verify_consistency(old, new, roots[old], roots[new], proof)


def test_inclusion_proofs_verify_against_the_served_checkpoint(log: Log) -> None:
    grow(log, [1, 4, 8, 3, 10])
    with TestClient(create_app(services=log.services)) as client:
        size, root = served_checkpoint(client, log)
        assert size == 26
        for seq in range(size):
            response = client.get(f"/v1/audit/entries/{seq}/proof", headers=OPERATOR)
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["tree_size"] == size
            proof = [bytes.fromhex(h) for h in body["proof"]]
            leaf = bytes.fromhex(body["leaf_hash"])
            assert leaf == leaf_hash(leaf_bytes(entry_at(log, seq), seq))
            verify_inclusion(leaf, seq, size, proof, root)
            if proof:  # a proof altered anywhere no longer verifies
                bad = [*proof]
                bad[-1] = bytes([bad[-1][0] ^ 1]) + bad[-1][1:]
                with pytest.raises(ProofError):
                    verify_inclusion(leaf, seq, size, bad, root)
            with pytest.raises(ProofError):
                verify_inclusion(leaf, (seq + 1) % size, size, proof, root)
        for older, older_root in signed_roots(log).items():
            for seq in (0, older - 1, older // 2):
                check_inclusion(client, log, seq, older, older_root)


def test_consistency_proofs_verify_between_checkpoints(log: Log) -> None:
    grow(log, [3, 5])
    with TestClient(create_app(services=log.services)) as client:
        first = served_checkpoint(client, log)
        grow(log, [1, 9, 16, 2])
        second = served_checkpoint(client, log)
        assert (first[0], second[0]) == (8, 36)
        check_consistency(client, first[0], second[0], dict([first, second]))
        roots = signed_roots(log)
        for old, new in itertools.combinations_with_replacement(sorted(roots), 2):
            check_consistency(client, old, new, roots)
        # a root that was never the log's does not verify
        response = client.get(
            "/v1/audit/consistency", headers=OPERATOR, params={"from": 8, "to": 36}
        )
        proof = [bytes.fromhex(h) for h in response.json()["proof"]]
        with pytest.raises(ProofError):
            verify_consistency(8, 36, roots[9], roots[36], proof)


def test_proof_requests_outside_the_log_are_refused(log: Log) -> None:
    with TestClient(create_app(services=log.services)) as client:
        response = client.get("/v1/audit/checkpoint", headers=OPERATOR)
        assert response.status_code == 404, response.text
        grow(log, [5])
        refused: list[tuple[str, dict[str, int | str], int]] = [
            ("/v1/audit/entries/5/proof", {}, 404),
            ("/v1/audit/entries/0/proof", {"size": 6}, 422),
            ("/v1/audit/entries/3/proof", {"size": 3}, 404),
            ("/v1/audit/entries/0/proof", {"size": 0}, 422),
            ("/v1/audit/entries/-1/proof", {}, 404),
            ("/v1/audit/consistency", {"from": 3, "to": 2}, 422),
            ("/v1/audit/consistency", {"from": 0, "to": 2}, 422),
            ("/v1/audit/consistency", {"from": 2, "to": 6}, 422),
            ("/v1/audit/consistency", {"from": "x", "to": 2}, 422),
        ]
        for path, params, status in refused:
            response = client.get(path, headers=OPERATOR, params=params)
            assert response.status_code == status, (path, params, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")


PROOFS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


BATCHES = st.lists(
    st.tuples(st.integers(1, 12), st.integers(1, 12)), min_size=1, max_size=3
)  # (entries appended, integrated at most this many at a time)
PICK = st.integers(0, 2**32)  # reduced modulo whatever the log holds by then


def test_served_proofs_verify_for_any_log_size_and_any_checkpoint(log: Log) -> None:
    """The log grows by a random amount between examples, integrated in random batches; an
    inclusion proof for a random entry in a random signed tree size, and a consistency proof
    between two random signed sizes, must verify against the signed roots."""
    with TestClient(create_app(services=log.services)) as client:

        @PROOFS
        @given(batches=BATCHES, size=PICK, seq=PICK, old=PICK, new=PICK)
        def property(
            batches: list[tuple[int, int]], size: int, seq: int, old: int, new: int
        ) -> None:
            for count, limit in batches:
                log.services.access_log.append_many([entry() for _ in range(count)])
                integrate_all(log, limit=limit)
            roots = signed_roots(log)
            sizes = sorted(roots)
            tree_size = sizes[size % len(sizes)]
            check_inclusion(client, log, seq % tree_size, tree_size, roots[tree_size])
            older = sizes[old % len(sizes)]
            newer = [s for s in sizes if s >= older]
            check_consistency(client, older, newer[new % len(newer)], roots)

        property()
    result = verify(log)
    assert isinstance(result, Verified), result
