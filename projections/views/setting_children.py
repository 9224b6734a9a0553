"""Per-setting children: who each setting enrols, with observation counts and last dates per area.

One row per (setting, child). Counts cover the child's whole current journey (every setting of
the child's day contributes), so a nursery sees what the childminder has observed too. The
child's name and date of birth are sealed under the child's key (``Sealer``); the lists that
sort by them are read in ``projections/views/children_list.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from consent.consents import ChildConsents
from consent.vocabulary import Status
from domain.handover.packet import HandoverPacket
from domain.journey.child import Child, display_name
from domain.journey.eyfs import Area
from projections.store.db import Cursor, Dialect
from projections.view import Sealer, Tables, View, topics_of

AREA_COLUMNS = {area: (f"obs_{area.value.lower()}", f"last_{area.value.lower()}") for area in Area}
NAME, BORN = "setting_children.name", "setting_children.date_of_birth"  # sealed columns


class SettingChildren(View):
    name = "setting_children"
    tables = (
        "setting_children",
        "journey_observations",
        "child_consent_status",
        "setting_packets",
    )
    topics = (
        *topics_of(
            Child,
            "Registered",
            "Enrolled",
            "Left",
            "KeyPersonAssigned",
            "ObservationRecorded",
            "EntryWithdrawn",
        ),
        *topics_of(HandoverPacket, "Sealed", "Accessed", "Acknowledged", "Revoked"),
        *topics_of(
            ChildConsents, "ConsentGiven", "ConsentWithdrawn", "ConsentExpired", "ConsentSuperseded"
        ),
    )

    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer

    def ddl(self, dialect: Dialect, t: Tables) -> list[str]:
        area_columns = ", ".join(
            f"{count} INTEGER NOT NULL DEFAULT 0, {last} TEXT"
            for count, last in AREA_COLUMNS.values()
        )
        children, observations = t["setting_children"], t["journey_observations"]
        return [
            f"""CREATE TABLE IF NOT EXISTS {children} (
                setting_id TEXT NOT NULL, child_id TEXT NOT NULL, name TEXT NOT NULL,
                date_of_birth TEXT NOT NULL, started_on TEXT NOT NULL, key_person_id TEXT,
                {area_columns}, last_observed_on TEXT,
                consent TEXT NOT NULL DEFAULT 'none', handover TEXT,
                PRIMARY KEY (setting_id, child_id))""",
            f"CREATE INDEX IF NOT EXISTS {children}_child ON {children} (child_id)",
            f"""CREATE TABLE IF NOT EXISTS {observations} (
                entry_id TEXT PRIMARY KEY, child_id TEXT NOT NULL, area TEXT NOT NULL,
                observed_on TEXT NOT NULL, withdrawn INTEGER NOT NULL DEFAULT 0)""",
            f"CREATE INDEX IF NOT EXISTS {observations}_child ON {observations} (child_id)",
            f"""CREATE TABLE IF NOT EXISTS {t["setting_packets"]} (
                packet_id TEXT PRIMARY KEY, setting_id TEXT NOT NULL, child_id TEXT NOT NULL,
                sealed_at TEXT NOT NULL, status TEXT NOT NULL)""",
            f"""CREATE TABLE IF NOT EXISTS {t["child_consent_status"]} (
                consent_id TEXT PRIMARY KEY, child_id TEXT NOT NULL, status TEXT NOT NULL)""",
        ]

    def apply(self, cur: Cursor, t: Tables, events: Sequence[Any]) -> None:
        changed: set[str] = set()
        for event in events:
            handler = getattr(self, f"_on_{type(event).__name__}", None)
            if handler is not None:
                handler(cur, t, event, changed)
        for child_id in sorted(changed):
            self._recount(cur, t, child_id)

    def _on_Registered(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        name = display_name(e.given_name, e.preferred_name, e.family_name)
        cur.execute(
            f"INSERT INTO {t['setting_children']} (setting_id, child_id, name, date_of_birth,"
            " started_on) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (setting_id, child_id) DO NOTHING",
            (
                str(e.setting_id),
                str(e.originator_id),
                self.sealer.seal_text(e.originator_id, name, NAME),
                self.sealer.seal_text(e.originator_id, _day(e.date_of_birth), BORN),
                _day(e.started_on),
            ),
        )

    def _on_Enrolled(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        table = t["setting_children"]
        cur.execute(
            f"INSERT INTO {table} (setting_id, child_id, name, date_of_birth, started_on)"
            f" SELECT %s, child_id, name, date_of_birth, %s FROM {table} WHERE child_id = %s"
            " LIMIT 1 ON CONFLICT (setting_id, child_id) DO NOTHING",
            (str(e.setting_id), _day(e.started_on), str(e.originator_id)),
        )
        changed.add(str(e.originator_id))
        self._consent_changed(cur, t, str(e.originator_id))

    def _on_Left(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        """A child who left is no longer on the setting's list (its managers keep the record)."""
        cur.execute(
            f"DELETE FROM {t['setting_children']} WHERE setting_id = %s AND child_id = %s",
            (str(e.setting_id), str(e.originator_id)),
        )

    def _on_KeyPersonAssigned(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        cur.execute(
            f"UPDATE {t['setting_children']} SET key_person_id = %s"
            " WHERE setting_id = %s AND child_id = %s",
            (str(e.staff_id), str(e.setting_id), str(e.originator_id)),
        )

    def _on_ObservationRecorded(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        cur.execute(
            f"INSERT INTO {t['journey_observations']} (entry_id, child_id, area, observed_on)"
            " VALUES (%s, %s, %s, %s) ON CONFLICT (entry_id) DO NOTHING",
            (str(e.entry_id), str(e.originator_id), e.area, _day(e.observed_on)),
        )
        changed.add(str(e.originator_id))

    def _on_EntryWithdrawn(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        cur.execute(
            f"UPDATE {t['journey_observations']} SET withdrawn = 1 WHERE entry_id = %s",
            (str(e.entry_id),),
        )
        changed.add(str(e.originator_id))

    def _on_ConsentGiven(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        cur.execute(
            f"INSERT INTO {t['child_consent_status']} (consent_id, child_id, status)"
            " VALUES (%s, %s, %s) ON CONFLICT (consent_id) DO NOTHING",
            (str(e.consent_id), str(e.child_id), Status.ACTIVE.value),
        )
        self._consent_changed(cur, t, str(e.child_id))

    def _consent_status(self, cur: Cursor, t: Tables, e: Any, status: Status) -> None:
        table = t["child_consent_status"]
        cur.execute(
            f"UPDATE {table} SET status = %s WHERE consent_id = %s",
            (status.value, str(e.consent_id)),
        )
        cur.execute(f"SELECT child_id FROM {table} WHERE consent_id = %s", (str(e.consent_id),))
        row = cur.fetchone()
        if row:
            self._consent_changed(cur, t, row[0])

    def _on_ConsentWithdrawn(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        self._consent_status(cur, t, e, Status.WITHDRAWN)

    def _on_ConsentExpired(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        self._consent_status(cur, t, e, Status.EXPIRED)

    def _on_ConsentSuperseded(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        self._consent_status(cur, t, e, Status.SUPERSEDED)

    def _on_Sealed(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        if e.kind != "transition":  # safeguarding packets are not shown to every member of staff
            return
        cur.execute(
            f"INSERT INTO {t['setting_packets']} (packet_id, setting_id, child_id, sealed_at,"
            " status) VALUES (%s, %s, %s, %s, 'delivered') ON CONFLICT (packet_id) DO NOTHING",
            (str(e.originator_id), str(e.from_id), str(e.child_id), e.sealed_at.isoformat()),
        )
        self._handover_changed(cur, t, str(e.originator_id))

    def _packet_status(self, cur: Cursor, t: Tables, e: Any, status: str) -> None:
        cur.execute(
            f"UPDATE {t['setting_packets']} SET status = %s WHERE packet_id = %s"
            + (" AND status = 'delivered'" if status == "opened" else ""),
            (status, str(e.originator_id)),
        )
        self._handover_changed(cur, t, str(e.originator_id))

    def _on_Accessed(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        self._packet_status(cur, t, e, "opened")

    def _on_Acknowledged(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        self._packet_status(cur, t, e, "acknowledged")

    def _on_Revoked(self, cur: Cursor, t: Tables, e: Any, changed: set[str]) -> None:  # noqa: N802
        self._packet_status(cur, t, e, "revoked")

    def _handover_changed(self, cur: Cursor, t: Tables, packet_id: str) -> None:
        """The handover column: the status of the setting's latest packet for the child."""
        packets = t["setting_packets"]
        cur.execute(
            f"SELECT setting_id, child_id FROM {packets} WHERE packet_id = %s", (packet_id,)
        )
        row = cur.fetchone()
        if row is None:
            return
        setting_id, child_id = row
        cur.execute(
            f"SELECT status FROM {packets} WHERE setting_id = %s AND child_id = %s"
            " ORDER BY sealed_at DESC LIMIT 1",
            (setting_id, child_id),
        )
        latest = cur.fetchone()
        cur.execute(
            f"UPDATE {t['setting_children']} SET handover = %s"
            " WHERE setting_id = %s AND child_id = %s",
            (latest[0] if latest else None, setting_id, child_id),
        )

    def _consent_changed(self, cur: Cursor, t: Tables, child_id: str) -> None:
        """The child's consent column: active if any consent is; else withdrawn if one was."""
        cur.execute(
            f"SELECT status FROM {t['child_consent_status']} WHERE child_id = %s", (child_id,)
        )
        statuses = {row[0] for row in cur.fetchall()}
        summary = (
            "active"
            if Status.ACTIVE.value in statuses
            else "withdrawn"
            if Status.WITHDRAWN.value in statuses
            else "none"
        )
        cur.execute(
            f"UPDATE {t['setting_children']} SET consent = %s WHERE child_id = %s",
            (summary, child_id),
        )

    def _recount(self, cur: Cursor, t: Tables, child_id: str) -> None:
        cur.execute(
            f"SELECT area, count(*), max(observed_on) FROM {t['journey_observations']}"
            " WHERE child_id = %s AND withdrawn = 0 GROUP BY area",
            (child_id,),
        )
        found = {row[0]: (int(row[1]), row[2]) for row in cur.fetchall()}
        assignments, values = [], []
        for area, (count_column, last_column) in AREA_COLUMNS.items():
            count, last = found.get(area.value, (0, None))
            assignments += [f"{count_column} = %s", f"{last_column} = %s"]
            values += [count, last]
        latest = max((last for _, last in found.values() if last), default=None)
        cur.execute(
            f"UPDATE {t['setting_children']} SET {', '.join(assignments)}, last_observed_on = %s"
            " WHERE child_id = %s",
            (*values, latest, child_id),
        )


def _day(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
