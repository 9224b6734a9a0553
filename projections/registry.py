"""Every read model Baton keeps, by name."""

from __future__ import annotations

from collections.abc import Sequence

from projections.view import Sealer, View
from projections.views.consent_register import ConsentRegister
from projections.views.handovers import Handovers
from projections.views.journey_entries import JourneyEntries
from projections.views.retention import Retention
from projections.views.setting_children import SettingChildren


def all_views(sealer: Sealer) -> list[View]:
    """Every view, sealing personal columns with ``sealer`` (the children's keys)."""
    return [
        SettingChildren(sealer),
        ConsentRegister(sealer),
        Handovers(sealer),
        JourneyEntries(sealer),
        Retention(),
    ]


def view_named(name: str, views: Sequence[View]) -> View:
    for view in views:
        if view.name == name:
            return view
    known = ", ".join(v.name for v in views)
    raise KeyError(f"no projection is called {name!r}; there are: {known}")
