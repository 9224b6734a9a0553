"""The pages each role works from, in the order the header lists them; ``/home`` opens the first."""

from __future__ import annotations

from dataclasses import dataclass

from domain.organisations.organisation import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str
    roles: frozenset[Role]


def _item(label: str, path: str, *roles: Role) -> NavItem:
    return NavItem(label, path, frozenset(roles))


NAV = (
    _item("Children", "/children", Role.PRACTITIONER, Role.MANAGER, Role.DSL),
    _item("Inbox", "/inbox", Role.TEACHER, Role.MANAGER, Role.DSL),
    _item("Staff", "/staff", Role.MANAGER),
    _item("Consents", "/consents", Role.MANAGER),
    _item("Outbox", "/outbox", Role.MANAGER, Role.DSL),
    _item("Safeguarding", "/safeguarding", Role.DSL),
    _item("Access log", "/audit", Role.DSL),
)


def items_for(roles: frozenset[Role], is_setting: bool) -> list[NavItem]:
    """The header's links for someone holding ``roles`` (a school has no children on roll here:
    its pages start at the inbox)."""
    found = [n for n in NAV if n.roles & roles]
    if not is_setting:
        found = [n for n in found if n.path not in ("/children", "/outbox", "/consents")]
    return found
