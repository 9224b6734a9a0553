"""Organisations (settings and schools), and their directory; their staff are in ``staff.py``."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from api import cursors
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.pages import DEFAULT_LIMIT, After, CursorQuery, Limit, caught_up, page_of, reading
from api.schemas.common import Page
from api.schemas.organisations import OrganisationCreate, OrganisationListed, OrganisationPublic
from api.services import Services
from api.writes import one_transaction
from domain.organisations.organisation import OrganisationKind
from projections.keyset import BadCursor
from projections.views.directory import Directory, Listed, directory

router = APIRouter(prefix="/v1/organisations", tags=["organisations"])
DIRECTORY_KEY = (cursors.ident,)  # the id of the last organisation shown (never its name)
KindQuery = Annotated[
    list[str] | None,
    Query(
        description="only these kinds: repeat it (`?kind=school&kind=nursery`) or list them "
        "with commas (`?kind=school,nursery`)"
    ),
]


@router.post("", status_code=status.HTTP_201_CREATED)
@one_transaction()
def create_organisation(
    body: OrganisationCreate, principal: PrincipalDep, services: ServicesDep
) -> OrganisationPublic:
    """Register a nursery, pre-school, childminder or school (operator only)."""
    if not principal.is_operator:
        raise Problem(403, "only the operator registers organisations", slug="forbidden")
    written = services.app.create_organisation(body.name, body.kind.value, body.urn)
    return OrganisationPublic(
        id=written.id, name=body.name, kind=body.kind, urn=body.urn, position=written.position
    )


@router.get("")
def list_organisations(
    principal: PrincipalDep,
    services: ServicesDep,
    kind: KindQuery = None,
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    after: After = None,
) -> Page[OrganisationListed]:
    """Every organisation in Baton, by name, to choose one without knowing its id (any member
    of staff, or the operator). It names no child, so reading it is no access-log entry.

    Example: `GET /v1/organisations?kind=school` → `{"items": [{"id", "name", "kind", "urn"}],
    "next"}`."""
    return organisations_page(services, kinds_of(kind), cursor, limit, after)


def organisations_page(
    services: Services,
    kinds: list[OrganisationKind],
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    after: int | None = None,
    named: str = "",
) -> Page[OrganisationListed]:
    """One page of the directory; ``named``: only those whose name holds it (a web page's
    search, posted in a form: a name never travels in a URL)."""
    start = cursors.decode(cursor, DIRECTORY_KEY)
    caught_up(services, Directory.name, after)

    def fetch() -> list[Listed]:
        try:
            return directory(
                services.db,
                services.directory_seal,
                [k.value for k in kinds],
                named=named,
                after=str(start[0]) if start else None,
                limit=limit + 1,
            )
        except BadCursor:
            raise cursors.invalid() from None

    page, next_cursor = page_of(reading(fetch)(), limit, lambda o: (o.id,))
    items = [OrganisationListed.model_validate(vars(o)) for o in page]
    return Page[OrganisationListed](items=items, next=next_cursor)


def kinds_of(asked: list[str] | None) -> list[OrganisationKind]:
    """The kinds a ``?kind=`` asks for, repeated or comma-separated; 422 for an unknown one."""
    words = [w.strip() for a in asked or [] for w in a.split(",") if w.strip()]
    known = {k.value: k for k in OrganisationKind}
    unknown = [w for w in words if w not in known]
    if unknown:
        raise Problem(
            422,
            f"no organisation is of kind {unknown[0][:40]!r}",
            slug="validation",
            errors=[{"field": "kind", "message": f"must be one of {', '.join(known)}"}],
        )
    return list(dict.fromkeys(known[w] for w in words))


@router.get("/{org_id}")
def get_organisation(
    org_id: UUID, principal: PrincipalDep, services: ServicesDep
) -> OrganisationPublic:
    """An organisation's public details; any authenticated caller may read them."""
    org = services.app.organisation(org_id)
    return OrganisationPublic(id=org.id, name=org.name, kind=org.kind, urn=org.urn)
