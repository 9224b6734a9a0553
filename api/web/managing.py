"""What the manager's pages share: who may open them, names for ids, and pages shown once."""

from __future__ import annotations

from uuid import UUID

from fastapi.responses import Response

from api.access import deny
from api.services import Services
from api.web.session import WebUser
from domain.access_log.entry import Action
from domain.errors import NotFound
from domain.organisations.organisation import Role

ROLE_NAMES = {
    Role.PRACTITIONER: "Practitioner",
    Role.MANAGER: "Manager",
    Role.TEACHER: "Teacher",
    Role.DSL: "Designated safeguarding lead",
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


def shown_once(response: Response) -> Response:
    """A page holding a secret (an invitation link, a token): never cached, never kept."""
    response.headers["Cache-Control"] = "no-store"
    return response
