"""Organisations (settings and schools); their staff are in ``staff.py``."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.schemas.organisations import OrganisationCreate, OrganisationPublic
from api.writes import one_transaction

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
