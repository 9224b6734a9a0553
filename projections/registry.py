"""Every read model Baton keeps, by name."""

from __future__ import annotations

from collections.abc import Sequence

from projections.view import Sealer, View
from projections.views.consent_register import ConsentRegister
from projections.views.directory import Directory
from projections.views.handovers import Handovers
from projections.views.journey_entries import JourneyEntries
from projections.views.notifications import Notifications
from projections.views.partnerships import PartnershipMembers
from projections.views.retention import Retention
from projections.views.setting_children import SettingChildren


def all_views(sealer: Sealer, service_seal: Sealer) -> list[View]:
    """Every view, sealing personal columns about a child with ``sealer`` (the children's
    keys) and those about no child with ``service_seal`` (a key of the service's)."""
    return [
        SettingChildren(sealer),
        ConsentRegister(sealer),
        Handovers(sealer),
        JourneyEntries(sealer),
        Retention(),
        Directory(service_seal),
        Notifications(),
        PartnershipMembers(),
    ]


def view_named(name: str, views: Sequence[View]) -> View:
    for view in views:
        if view.name == name:
            return view
    known = ", ".join(v.name for v in views)
    raise KeyError(f"no projection is called {name!r}; there are: {known}")
