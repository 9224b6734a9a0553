"""Each child's journey entries (observations, voices, assessments) as they now stand.

One row per entry: what was recorded, its corrections and its withdrawal, keyed for paging
newest first (by date, then by when recorded, then by id). ``journey_versions`` holds the
version of each child the view has reached, so a list can wait until the view holds every
event of the child it has just loaded (reading its own writes without a ``?after=``).
What was written (the text, its details, corrections and withdrawal) is sealed under the
child's key; dates, kinds and ids, which the lists select and order by, are not.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.consents.commands import Sharing, is_progress_check
from domain.journey.child import Child
from domain.journey.entries import Correction, Entry, EntryType, Withdrawal
from projections.keyset import Order
from projections.store.db import Cursor, Database, Dialect
from projections.view import Sealer, Tables, View, every_topic_of, opened, serving

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NEWEST_FIRST = Order(("dated", True), ("recorded_us", True), ("entry_id", True))
RECORDED: dict[str, tuple[EntryType, str, str]] = {
    "ObservationRecorded": ("observation", "observed_on", "text"),
    "VoiceRecorded": ("voice", "recorded_on", "text"),
    "AssessmentRecorded": ("assessment", "assessed_on", "summary"),
    # A parent's own moment from home (or view): a voice, shared with the parents from the
    # start, ``recorded_by`` the parent.
    "ParentVoiceRecorded": ("voice", "recorded_on", "text"),
}
COLUMNS = (
    "entry_id, entry_type, kind, area, text, dated, setting_id, recorded_by, recorded_at,"
    " details, corrections, withdrawal"
)
TEXT, DETAILS, CORRECTIONS, WITHDRAWAL = (
    f"journey_entries.{c}" for c in ("text", "details", "corrections", "withdrawal")
)


class JourneyEntries(View):
    name = "journey_entries"
    tables = ("journey_entries", "journey_versions")
    topics = every_topic_of(Child)  # every event, to know how far each child has been read

    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer

    def seal(self, e: Any, text: str, column: str) -> str:
        return self.sealer.seal_text(e.originator_id, text, column)

    def ddl(self, dialect: Dialect, t: Tables) -> list[str]:
        entries = t["journey_entries"]
        return [
            f"""CREATE TABLE IF NOT EXISTS {entries} (
                entry_id TEXT PRIMARY KEY, child_id TEXT NOT NULL, entry_type TEXT NOT NULL,
                kind TEXT, area TEXT, text TEXT NOT NULL, dated TEXT NOT NULL,
                setting_id TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL,
                recorded_us BIGINT NOT NULL, progress_check INTEGER NOT NULL,
                details TEXT NOT NULL, corrections TEXT NOT NULL, withdrawal TEXT)""",
            f"CREATE INDEX IF NOT EXISTS {entries}_page ON {entries}"
            " (child_id, entry_type, dated, recorded_us, entry_id)",
            f"""CREATE TABLE IF NOT EXISTS {t["journey_versions"]} (
                child_id TEXT PRIMARY KEY, version BIGINT NOT NULL)""",
        ]

    def apply(self, cur: Cursor, t: Tables, events: Sequence[Any]) -> None:
        versions: dict[str, int] = {}
        for e in events:
            kind = type(e).__name__
            if kind in RECORDED:
                self._recorded(cur, t, e, *RECORDED[kind])
            elif kind == "EntryCorrected":
                self._corrected(cur, t, e)
            elif kind == "EntryWithdrawn":
                self._withdrawn(cur, t, e)
            elif kind == "EntrySharedWithParents":
                self._shared_with_parents(cur, t, e)
            versions[str(e.originator_id)] = e.originator_version
        cur.executemany(
            f"INSERT INTO {t['journey_versions']} (child_id, version) VALUES (%s, %s)"
            " ON CONFLICT (child_id) DO UPDATE SET version = excluded.version",
            sorted(versions.items()),
        )

    def _recorded(
        self, cur: Cursor, t: Tables, e: Any, entry_type: EntryType, dated: str, text: str
    ) -> None:
        by_parent = type(e).__name__ == "ParentVoiceRecorded"
        details = {
            "elgs": getattr(e, "elgs", None),
            "characteristics": getattr(e, "characteristics", None),
            "areas": getattr(e, "areas", None),
            # What only some entries carry, kept beside the details (sealed with them).
            "recorded_by_parent": True if by_parent else None,
            "shared_with_parents": True if by_parent else None,
        }
        kind = "parent" if by_parent else getattr(e, "kind", None)
        recorded_by = e.parent_id if by_parent else e.recorded_by
        cur.execute(
            f"INSERT INTO {t['journey_entries']} (entry_id, child_id, entry_type, kind, area,"
            " text, dated, setting_id, recorded_by, recorded_at, recorded_us, progress_check,"
            " details, corrections)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (entry_id) DO NOTHING",
            (
                str(e.entry_id),
                str(e.originator_id),
                entry_type,
                kind,
                getattr(e, "area", None),
                self.seal(e, getattr(e, text), TEXT),
                _day(getattr(e, dated)),
                str(e.setting_id),
                str(recorded_by),
                e.recorded_at.isoformat(),
                micros(e.recorded_at),
                int(is_progress_check(kind)),
                self.seal(
                    e, json.dumps({k: v for k, v in details.items() if v is not None}), DETAILS
                ),
                self.seal(e, "[]", CORRECTIONS),
            ),
        )

    def _resealed(
        self, cur: Cursor, t: Tables, e: Any, column: str, change: Callable[[Any], bool]
    ) -> None:
        """Open the entry's sealed JSON ``column``, ``change`` it in place, seal it again (when
        ``change`` says it changed: an event applied twice changes nothing)."""
        table, name = t["journey_entries"], column.rsplit(".", 1)[1]
        cur.execute(f"SELECT {name} FROM {table} WHERE entry_id = %s", (str(e.entry_id),))
        row = cur.fetchone()
        if row is None:
            return
        value = json.loads(self.sealer.open_text(e.originator_id, row[0], column))
        if change(value):
            cur.execute(
                f"UPDATE {table} SET {name} = %s WHERE entry_id = %s",
                (self.seal(e, json.dumps(value), column), str(e.entry_id)),
            )

    def _corrected(self, cur: Cursor, t: Tables, e: Any) -> None:
        def add(corrections: list[dict[str, Any]]) -> bool:
            if any(c["id"] == str(e.correction_id) for c in corrections):
                return False  # already applied
            corrections.append(
                {
                    "id": str(e.correction_id),
                    "text": e.text,
                    "reason": e.reason,
                    "corrected_by": str(e.corrected_by),
                    "setting_id": str(e.setting_id),
                    "corrected_at": e.corrected_at.isoformat(),
                }
            )
            return True

        self._resealed(cur, t, e, CORRECTIONS, add)

    def _shared_with_parents(self, cur: Cursor, t: Tables, e: Any) -> None:
        """The entry is shown to the child's parents from now on (kept in its sealed details:
        the lists read it with them, and nothing selects by it)."""

        def share(details: dict[str, Any]) -> bool:
            details["shared_with_parents"] = True
            return True

        self._resealed(cur, t, e, DETAILS, share)

    def _withdrawn(self, cur: Cursor, t: Tables, e: Any) -> None:
        withdrawal = {
            "reason": e.reason,
            "withdrawn_by": str(e.withdrawn_by),
            "setting_id": str(e.setting_id),
            "withdrawn_at": e.withdrawn_at.isoformat(),
        }
        cur.execute(
            f"UPDATE {t['journey_entries']} SET withdrawal = %s WHERE entry_id = %s",
            (self.seal(e, json.dumps(withdrawal), WITHDRAWAL), str(e.entry_id)),
        )


def micros(moment: datetime) -> int:
    """Microseconds since 1970 (UTC): the order of moments, whatever offset they carry."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return (aware - EPOCH) // timedelta(microseconds=1)


def _day(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def entry_key(entry: Entry) -> tuple[str, int, str]:
    """An entry's place in the newest-first order: (date, when recorded, id)."""
    return entry["dated"].isoformat(), micros(entry["recorded_at"]), entry["id"]


def _shown(sharing: Sharing) -> tuple[str, list[Any]]:
    """The sharing decision as a condition: the viewer's own rows, and others' it allows."""
    if sharing.others and sharing.progress_checks:
        return "1 = 1", []
    shown = ["setting_id = %s"]
    if sharing.others:
        shown.append("progress_check = 0")
    if sharing.progress_checks:
        shown.append("progress_check = 1")
    return f"({' OR '.join(shown)})", [sharing.viewer_id]


def journey_page(
    db: Database,
    sealer: Sealer,
    child_id: UUID,
    entry_type: EntryType,
    sharing: Sharing,
    after: Sequence[Any] | None,
    limit: int,
) -> list[Entry]:
    """Up to ``limit`` of the child's entries of one type that ``sharing`` shows, newest
    first, from just after the key ``after`` (an ``entry_key``)."""
    shown, shown_params = _shown(sharing)
    beyond, beyond_params = NEWEST_FIRST.after(after)
    with db.read() as cur:
        table = serving(cur, JourneyEntries)["journey_entries"]
        cur.execute(
            f"SELECT {COLUMNS} FROM {table} WHERE child_id = %s AND entry_type = %s"
            f" AND {shown} AND {beyond} ORDER BY {NEWEST_FIRST.by()} LIMIT %s",
            (str(child_id), entry_type, *shown_params, *beyond_params, limit),
        )
        rows = cur.fetchall()
    return [_entry(sealer, str(child_id), row) for row in rows]


def _entry(sealer: Sealer, child_id: str, row: Sequence[Any]) -> Entry:
    (entry_id, entry_type, kind, area, text, dated, setting_id, recorded_by, recorded_at) = row[:9]
    text, details, corrections = (
        sealer.open_text(child_id, token, column)
        for token, column in zip((text, *row[9:11]), (TEXT, DETAILS, CORRECTIONS), strict=True)
    )
    withdrawal = opened(sealer, child_id, row[11], WITHDRAWAL)
    entry = Entry(
        id=entry_id,
        type=entry_type,
        kind=kind,
        area=area,
        text=text,
        dated=date.fromisoformat(dated),
        setting_id=setting_id,
        recorded_by=recorded_by,
        recorded_at=datetime.fromisoformat(recorded_at),
        corrections=[_correction(c) for c in json.loads(corrections)],
        withdrawal=_withdrawal(json.loads(withdrawal)) if withdrawal else None,
    )
    entry.update(json.loads(details))
    return entry


def _correction(c: dict[str, Any]) -> Correction:
    return Correction(
        id=c["id"],
        text=c["text"],
        reason=c["reason"],
        corrected_by=c["corrected_by"],
        setting_id=c["setting_id"],
        corrected_at=datetime.fromisoformat(c["corrected_at"]),
    )


def _withdrawal(w: dict[str, Any]) -> Withdrawal:
    return Withdrawal(
        reason=w["reason"],
        withdrawn_by=w["withdrawn_by"],
        setting_id=w["setting_id"],
        withdrawn_at=datetime.fromisoformat(w["withdrawn_at"]),
    )


def child_version(db: Database, child_id: UUID) -> int:
    """The child's version the view has reached (0 before its first event)."""
    with db.read() as cur:
        table = serving(cur, JourneyEntries)["journey_versions"]
        cur.execute(f"SELECT version FROM {table} WHERE child_id = %s", (str(child_id),))
        row = cur.fetchone()
    return int(row[0]) if row else 0
