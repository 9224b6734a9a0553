"""A child's parents and carers, as the child's setting manages them: inviting one (the link to
sign in on the web is shown once), sending a new link, listing them, and ending one's access."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, status

from api.access import open_child
from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.routes.staff import invitation_url
from api.schemas.parents import AccessEnding, ParentInvite, ParentInvited, ParentList, ParentListed
from api.services import Services
from api.writes import one_transaction
from domain.access_log.entry import Action
from domain.journey.child import Child
from domain.organisations.organisation import Role

router = APIRouter(prefix="/v1/children/{child_id}/parents", tags=["parents"])
RESOURCE = "parents"


def _setting(principal: Principal) -> UUID:
    org_id, _ = principal.staff_ref()
    return org_id


@router.post("", status_code=status.HTTP_201_CREATED)
@one_transaction()
def invite_parent(
    child_id: UUID,
    body: ParentInvite,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
) -> ParentInvited:
    """Invite a parent or carer to follow the child on the web. The answer's link, shown once,
    lets them choose a password and sign in; an email already signing in to a parent's account
    adds the child to that account."""
    open_child(services, principal, child_id, Action.CREATE, RESOURCE)
    assert services.sign_in_emails is not None
    existing = services.sign_in_emails.parent(body.email)
    _, staff_id = principal.staff_ref()
    invited = services.app.invite_parent(
        child_id,
        name=body.name,
        email=body.email,
        relationship=body.relationship.value,
        setting_id=_setting(principal),
        invited_by=staff_id,
        existing=existing,
    )
    services.sign_in_emails.add_parent(body.email, invited.parent_id)
    return ParentInvited(
        id=invited.parent_id,
        invitation_url=invitation_url(services, request, invited.invitation),
        new_account=invited.new_account,
    )


@router.get("")
def list_parents(child_id: UUID, principal: PrincipalDep, services: ServicesDep) -> ParentList:
    """The child's parents and carers, with whether each can still see the child."""
    child = open_child(services, principal, child_id, Action.READ, RESOURCE)
    return ParentList(items=parents_of(services, child))


def parents_of(services: Services, child: Child) -> list[ParentListed]:
    found = []
    for link in child.parents.values():
        account = services.app.parent(UUID(link["parent_id"]))
        found.append(
            ParentListed(
                id=UUID(link["parent_id"]),
                name=account.name,
                relationship=link["relationship"],
                active=link["active"],
                signed_up=account.password_hash is not None,
                group_photos=link["group_photos"],
            )
        )
    return sorted(found, key=lambda p: (not p.active, p.name.casefold()))


def _linked(child: Child, parent_id: UUID) -> None:
    if str(parent_id) not in child.parents:
        raise Problem(404, "the parent or carer was not found")


@router.post("/{parent_id}/invitation", status_code=status.HTTP_201_CREATED)
@one_transaction()
def new_parent_link(
    child_id: UUID,
    parent_id: UUID,
    request: Request,
    principal: PrincipalDep,
    services: ServicesDep,
) -> ParentInvited:
    """A new sign-in link for a parent who forgot their password or let the link lapse; any
    earlier link stops working."""
    child = open_child(services, principal, child_id, Action.UPDATE, RESOURCE)
    _linked(child, parent_id)
    if not child.parent_may_see(parent_id):
        raise Problem(409, "the parent's access to this child was ended", slug="conflict")
    secret, _ = services.app.new_parent_invitation(parent_id)
    return ParentInvited(
        id=parent_id, invitation_url=invitation_url(services, request, secret), new_account=False
    )


@router.post("/{parent_id}/access-end", status_code=status.HTTP_200_OK)
@one_transaction(200)
def end_parent_access(
    child_id: UUID,
    parent_id: UUID,
    body: AccessEnding,
    principal: PrincipalDep,
    services: ServicesDep,
) -> ParentListed:
    """A manager ends a parent's or carer's access to the child (a court order, a change of
    carer): at once they see nothing of the child and decide nothing for it on the web. Their
    consents already given stay on record; staff record any change the court ordered."""
    child = open_child(
        services, principal, child_id, Action.UPDATE, RESOURCE, roles=(Role.MANAGER,), former=True
    )
    _linked(child, parent_id)
    _, staff_id = principal.staff_ref()
    written = services.app.end_parent_access(
        child_id, parent_id, setting_id=_setting(principal), ended_by=staff_id, reason=body.reason
    )
    if not services.app.children_seen_by(parent_id):
        services.web_sessions.close_all(parent_id)  # nothing left to see: signed out everywhere
    return next(p for p in parents_of(services, written.state) if p.id == parent_id)
