"""Every read model Baton keeps, by name."""

from __future__ import annotations

from projections.view import View
from projections.views.consent_register import ConsentRegister
from projections.views.handovers import Handovers
from projections.views.journey_entries import JourneyEntries
from projections.views.retention import Retention
from projections.views.setting_children import SettingChildren


def all_views() -> list[View]:
    return [SettingChildren(), ConsentRegister(), Handovers(), JourneyEntries(), Retention()]


def view_named(name: str) -> View:
    for view in all_views():
        if view.name == name:
            return view
    known = ", ".join(v.name for v in all_views())
    raise KeyError(f"no projection is called {name!r}; there are: {known}")
