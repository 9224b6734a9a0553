"""The pages each role works from, in the order the header lists them; ``/home`` opens the first.
A parent or carer has the family pages only (``FAMILY``)."""

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
    _item("Inbox", "/inbox", Role.PRACTITIONER, Role.TEACHER, Role.MANAGER, Role.DSL),
    _item("Staff", "/staff", Role.MANAGER),
    _item("Consents", "/consents", Role.MANAGER),
    _item("Outbox", "/outbox", Role.MANAGER, Role.DSL),
    _item("Safeguarding", "/safeguarding", Role.DSL),
    _item("Access log", "/audit", Role.DSL),
    _item("Partnerships", "/partnerships", Role.MANAGER),
)


# A school's children are its reception class: those it took on after acknowledging a packet.
AT_SCHOOLS = (_item("Reception class", "/children", Role.TEACHER, Role.MANAGER, Role.DSL),)

# What only a setting has (children on roll, packets sent, consents), and what only a recipient
# has (a school, a family hub, a health visiting team...: an inbox of packets received; a
# setting receives a child by enrolling it instead).
SETTINGS_ONLY = ("/children", "/outbox", "/consents")
RECIPIENTS_ONLY = ("/inbox",)


def items_for(roles: frozenset[Role], is_setting: bool, is_school: bool = False) -> list[NavItem]:
    """The header's links for someone holding ``roles`` at a setting or (not) at a recipient
    (``is_school``: its reception class too)."""
    left_out = RECIPIENTS_ONLY if is_setting else SETTINGS_ONLY
    kept = [n for n in NAV if n.roles & roles and n.path not in left_out]
    return kept + [n for n in AT_SCHOOLS if n.roles & roles] if is_school else kept


# A parent's or carer's header: their children, and nothing of the staff's.
FAMILY = [NavItem("My children", "/family", frozenset())]
