"""What the manager's pages share: who may open them, names for ids, and pages shown once."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from fastapi.responses import Response

from api.access import deny
from api.pages import MAX_LIMIT
from api.routes.organisations import organisations_page
from api.schemas.organisations import OrganisationListed
from api.services import Services
from api.web.session import WebUser
from domain.access_log.entry import Action
from domain.errors import NotFound
from domain.organisations.organisation import KIND_NAMES, OrganisationKind, Role

ROLE_NAMES = {
    Role.PRACTITIONER: "Practitioner",
    Role.MANAGER: "Manager",
    Role.TEACHER: "Teacher",
    Role.DSL: "Designated safeguarding lead",
}
# How a choice of organisations is grouped, in this order: schools first, where children go;
# then settings; then the other professionals around the child.
KIND_GROUPS = {
    kind: KIND_NAMES[kind][1]
    for kind in (
        OrganisationKind.SCHOOL,
        OrganisationKind.NURSERY,
        OrganisationKind.PRESCHOOL,
        OrganisationKind.CHILDMINDER,
        OrganisationKind.HEALTH_VISITING,
        OrganisationKind.FAMILY_HUB,
        OrganisationKind.SPEECH_AND_LANGUAGE,
        OrganisationKind.LOCAL_AUTHORITY,
    )
}
MANAGERS_ONLY = "this page is for the organisation's managers"


def managers_only(services: Services, user: WebUser, resource: str, *also: Role) -> None:
    """Refuse (403, in the access log) anyone who is not a manager of their organisation (or
    holds none of the roles ``also`` lets in)."""
    if not user.has(Role.MANAGER, *also):
        raise deny(services, user.principal, Action.READ, None, resource, 403, MANAGERS_ONLY)


def org_id(user: WebUser) -> UUID:
    return user.principal.staff_ref()[0]


def org_name(services: Services, org: UUID | str) -> str:
    """An organisation's name, for showing in place of its id."""
    try:
        return services.app.organisation(UUID(str(org))).name
    except NotFound:
        return "an organisation no longer in Baton"


def directory(services: Services) -> list[OrganisationListed]:
    """Every organisation in the directory, by name (organisations, not children: few pages)."""
    page = organisations_page(services, [], limit=MAX_LIMIT)
    found = list(page.items)
    while page.next is not None:
        page = organisations_page(services, [], cursor=page.next, limit=MAX_LIMIT)
        found += page.items
    return found


def names_of(services: Services, ids: Iterable[UUID | str]) -> dict[str, str]:
    """Organisations' names by id, from the directory (one read for a whole list); one it does
    not list yet (registered a moment ago) is looked up on its own."""
    listed = {str(o.id): o.name for o in directory(services)}
    return {str(i): listed.get(str(i)) or org_name(services, i) for i in ids}


def grouped_by_kind(
    organisations: list[OrganisationListed], leaving_out: UUID
) -> list[tuple[str, list[OrganisationListed]]]:
    """A choice of organisations (all but ``leaving_out``), by kind, each kind by name."""
    return [
        (label, found)
        for kind, label in KIND_GROUPS.items()
        if (found := [o for o in organisations if o.kind is kind and o.id != leaving_out])
    ]


def shown_once(response: Response) -> Response:
    """A page holding a secret (an invitation link, a token): never cached, never kept."""
    response.headers["Cache-Control"] = "no-store"
    return response
