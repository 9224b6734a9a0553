"""Organisations (settings and schools) and their staff."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.schemas.organisations import (
    OrganisationCreate,
    OrganisationPublic,
    StaffCreate,
    StaffPublic,
)
from api.writes import one_transaction
from domain.organisations.organisation import Role

router = APIRouter(prefix="/v1/organisations", tags=["organisations"])


@router.post("", status_code=status.HTTP_201_CREATED)
@one_transaction()
def create_organisation(
    body: OrganisationCreate, principal: PrincipalDep, services: ServicesDep
) -> OrganisationPublic:
    """Register a nursery, pre-school, childminder or school (operator only)."""
    if not principal.is_operator:
        raise Problem(403, "only the operator registers organisations", slug="forbidden")
    written = services.app.create_organisation(body.name, body.kind.value, body.urn)
    return OrganisationPublic(id=written.id, name=body.name, kind=body.kind, urn=body.urn)


@router.get("/{org_id}")
def get_organisation(
    org_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> OrganisationPublic:
    """An organisation's public details; any authenticated caller may read them."""
    org = services.app.organisation(org_id)
    return OrganisationPublic(id=org.id, name=org.name, kind=org.kind, urn=org.urn)


@router.post("/{org_id}/staff", status_code=status.HTTP_201_CREATED)
@one_transaction()
def add_staff(
    org_id: UUID, body: StaffCreate, principal: PrincipalDep, services: ServicesDep
) -> StaffPublic:
    """Add a member of staff and issue their token, shown this once (operator or a manager)."""
    if not (principal.is_operator or principal.acts_for(org_id, Role.MANAGER)):
        raise Problem(
            403, "only the operator or a manager of this organisation adds staff", slug="forbidden"
        )
    issued = services.app.add_staff(org_id, body.name, body.email, [r.value for r in body.roles])
    member = issued.member
    return StaffPublic(
        id=UUID(member["id"]),
        org_id=org_id,
        name=member["name"],
        email=member["email"],
        roles=[Role(r) for r in member["roles"]],
        token=issued.token,
    )
