"""The access log made tamper-evident: one integrator gives entries gapless leaf indices, extends
the Merkle tree (RFC 9162) and signs a checkpoint (C2SP tlog-checkpoint) after each batch.

The tree's right border is kept beside the size, so the integrator resumes without reading old
leaves; proofs and verification read leaf hashes from the table in bounded chunks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.access_log.checkpoint import Checkpoint, sign_checkpoint
from domain.access_log.entry import AccessEntry
from domain.access_log.leaf import STORED_FIELDS, leaf_bytes
from domain.access_log.merkle import MerkleLog, leaf_hash
from projections.store.access_log import ALERTING, COLUMNS, DENIED, SEQ, STAFF_ALERTING, _entry
from projections.store.db import Cursor, Database, lock_clause


@dataclass(frozen=True)
class Signer:
    """The service's checkpoint key: ``origin`` names the log and the key (signed-note key name)."""

    origin: str
    key: Ed25519PrivateKey


@dataclass(frozen=True)
class StoredCheckpoint:
    size: int
    root: bytes
    note: str
    signed_at: datetime


def integrate(db: Database, signer: Signer, limit: int = 1000) -> int:
    """Give the next pending entries their leaf indices and sign the new tree head.

    One transaction, under a lock on the log's state row: two integrators never hand out the
    same index, and a crash leaves the log as it was before the batch.
    """
    with db.transaction() as cur:
        cur.execute("SELECT size, border FROM audit_state WHERE id = 1" + lock_clause(db))
        row = cur.fetchone()
        assert row is not None, "migration 0001 gives audit_state its one row"
        size, border = int(row[0]), [bytes.fromhex(h) for h in row[1].split(",") if h]
        tree = MerkleLog.from_state(size, border)
        cur.execute(
            f"SELECT {COLUMNS} FROM access_log WHERE seq IS NULL ORDER BY id LIMIT %s", (limit,)
        )
        pending = cur.fetchall()
        if not pending:
            return 0
        updates = []
        for offset, row in enumerate(pending):
            seq = size + offset
            hashed = leaf_hash(leaf_bytes(_stored(row), seq))
            tree.append(hashed)
            updates.append((seq, hashed.hex(), row[0]))
        cur.executemany("UPDATE access_log SET seq = %s, leaf_hash = %s WHERE id = %s", updates)
        head = tree.root()
        note = sign_checkpoint(
            Checkpoint(signer.origin, tree.size, head), signer.origin, signer.key
        )
        cur.execute(
            "INSERT INTO audit_checkpoints (size, root, note, signed_at) VALUES (%s, %s, %s, %s)",
            (tree.size, head.hex(), note, datetime.now(UTC).isoformat()),
        )
        cur.execute(
            "UPDATE audit_state SET size = %s, border = %s WHERE id = 1",
            (tree.size, ",".join(h.hex() for h in tree.border)),
        )
    return len(pending)


def latest_checkpoint(db: Database) -> StoredCheckpoint | None:
    with db.read() as cur:
        cur.execute(
            "SELECT size, root, note, signed_at FROM audit_checkpoints ORDER BY size DESC LIMIT 1"
        )
        row = cur.fetchone()
    return _checkpoint(row) if row else None


def checkpoints(db: Database) -> list[StoredCheckpoint]:
    with db.read() as cur:
        cur.execute("SELECT size, root, note, signed_at FROM audit_checkpoints ORDER BY size")
        rows = cur.fetchall()
    return [_checkpoint(r) for r in rows]


def _checkpoint(row: Sequence[Any]) -> StoredCheckpoint:
    return StoredCheckpoint(
        int(row[0]), bytes.fromhex(row[1]), row[2], datetime.fromisoformat(row[3])
    )


def leaf_hashes(db: Database, start: int, end: int) -> list[bytes]:
    """Stored leaf hashes of leaves ``start`` .. ``end - 1`` (a LeafReader for proofs)."""
    with db.read() as cur:
        cur.execute(
            "SELECT seq, leaf_hash FROM access_log WHERE seq >= %s AND seq < %s ORDER BY seq",
            (start, end),
        )
        rows = cur.fetchall()
    if len(rows) != end - start or any(int(r[0]) != start + i for i, r in enumerate(rows)):
        raise LookupError(f"leaves {start}..{end - 1} are not all in the log")
    return [bytes.fromhex(r[1]) for r in rows]


def _stored(row: Sequence[Any]) -> dict[str, Any]:
    """The stored text of an access_log row selected as ``COLUMNS`` (id first)."""
    return dict(zip(STORED_FIELDS, row[1:SEQ], strict=True))


def stored_leaves(
    db: Database, chunk: int = 10_000
) -> Iterator[tuple[int, dict[str, Any], str | None]]:
    """Every integrated entry in leaf order, with the leaf hash stored beside it, read in chunks."""
    after = -1
    while True:
        with db.read() as cur:
            cur.execute(
                f"SELECT {COLUMNS}, seq, leaf_hash FROM access_log WHERE seq > %s"
                " ORDER BY seq LIMIT %s",
                (after, chunk),
            )
            rows = cur.fetchall()
        if not rows:
            return
        for row in rows:
            yield int(row[SEQ]), _stored(row), row[SEQ + 1]
        after = int(rows[-1][SEQ])


def entries(
    db: Database,
    *,
    child_id: UUID | None = None,
    actor_id: UUID | None = None,
    org_id: UUID | None = None,
    denied_only: bool = False,
    after_seq: int = -1,
    limit: int = 50,
) -> list[AccessEntry]:
    """Integrated entries after ``after_seq``, oldest first, filtered (each filter is served by
    an index on it and ``seq``); ``org_id`` matches entries by that organisation's staff."""
    where: list[str] = ["seq IS NOT NULL", "seq > %s"]
    params: list[object] = [after_seq]
    if child_id is not None:
        where.append("child_id = %s")
        params.append(str(child_id))
    if actor_id is not None:
        where.append("actor_id = %s")
        params.append(str(actor_id))
    if org_id is not None:
        where.append("actor_org_id = %s")
        params.append(str(org_id))
    if denied_only:
        where.append(DENIED)
    with db.read() as cur:
        cur.execute(
            f"SELECT {COLUMNS}, seq FROM access_log WHERE {' AND '.join(where)}"
            " ORDER BY seq LIMIT %s",
            (*params, limit),
        )
        rows = cur.fetchall()
    return [_entry(r) for r in rows]


def alerts(
    db: Database,
    org_id: UUID,
    *,
    children: Callable[[Cursor], tuple[str, Sequence[Any]]],
    after_seq: int = -1,
    limit: int = 50,
) -> list[AccessEntry]:
    """What an organisation's DSL should look at, oldest first: refusals and break-glass
    readings about the children that the subquery ``children`` selects, and refused attempts
    by the organisation's own staff and the DSL role granted there.

    One query of two parts, each walking its own partial index from ``after_seq`` and stopping
    at ``limit``; UNION merges them and drops an entry that both parts found."""
    with db.read() as cur:
        about, about_params = children(cur)
        cur.execute(
            f"SELECT * FROM (SELECT {COLUMNS}, seq FROM access_log"
            f" WHERE child_id IN ({about}) AND seq > %s AND {ALERTING}"
            " ORDER BY seq LIMIT %s) AS about_children"
            f" UNION SELECT * FROM (SELECT {COLUMNS}, seq FROM access_log"
            f" WHERE actor_org_id = %s AND seq > %s AND {STAFF_ALERTING}"
            " ORDER BY seq LIMIT %s) AS by_staff ORDER BY seq LIMIT %s",
            (*about_params, after_seq, limit, str(org_id), after_seq, limit, limit),
        )
        rows = cur.fetchall()
    return [_entry(r) for r in rows]


class Integrator:
    """Runs ``integrate`` in a background thread, woken when entries are appended."""

    def __init__(self, db: Database, signer: Signer, interval: float = 0.5) -> None:
        self.db, self.signer, self.interval = db, signer, interval
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="audit-integrator", daemon=True)
        self.last_error: str | None = None

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                while integrate(self.db, self.signer):
                    pass
                self.last_error = None
            except Exception as e:  # noqa: BLE001 - keep integrating once the store is back
                self.last_error = f"{type(e).__name__}: {e}"
                self.stopping.wait(1.0)
            self.wake.wait(self.interval)
            self.wake.clear()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        self.thread.join(10)
