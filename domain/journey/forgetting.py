"""Forgetting commands: a child leaving a setting, a DSL's holds on the record, and erasure.

Erasure here is the decision and its event; destroying the child's key and purging every copy
follows once that event has committed (projections/store/erasures.py), so a crash in between
leaves an erasure that the next sweep finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

from domain.base import BatonBase, Written
from domain.errors import ChildErased
from domain.journey.child import Child


class ForgettingCommands(BatonBase):
    def child(self, child_id: UUID) -> Child:
        """The child; an erased child's record answers ``ChildErased`` (410), never its data."""
        found = super().child(child_id)
        if found.erased_at is not None:
            raise ChildErased()
        return found

    def _change(
        self, child_id: UUID, change: Callable[[Child], None], written_id: UUID
    ) -> Written[Child]:
        position, state = self._update(Child, child_id, "the child", change)
        return Written(written_id, position, state)

    def leave_setting(
        self, child_id: UUID, setting_id: UUID, left_on: date, recorded_by: UUID
    ) -> Written[Child]:
        today = self.today()
        return self._change(
            child_id, lambda c: c.leave(setting_id, left_on, recorded_by, today), child_id
        )

    def place_hold(
        self, child_id: UUID, *, reason: str, org_id: UUID, placed_by: UUID
    ) -> Written[Child]:
        hold_id, now = uuid4(), self.clock()
        return self._change(
            child_id, lambda c: c.place_hold(hold_id, reason, org_id, placed_by, now), hold_id
        )

    def release_hold(
        self, child_id: UUID, hold_id: UUID, *, org_id: UUID, released_by: UUID
    ) -> Written[Child]:
        now = self.clock()
        return self._change(
            child_id, lambda c: c.release_hold(hold_id, org_id, released_by, now), hold_id
        )

    def erase_child(
        self,
        child_id: UUID,
        *,
        reason: str,
        cause: str,
        erased_by: UUID | None = None,
        org_id: UUID | None = None,
    ) -> Written[Child]:
        """Record the erasure (refused while a hold is on). The caller destroys the key after
        this has committed."""
        now = self.clock()
        return self._change(
            child_id, lambda c: c.erase(erased_by, org_id, reason, cause, now), child_id
        )
