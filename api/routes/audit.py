"""The audit trail a DSL can trust: who accessed a child's record, provably."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api import cursors
from api.access import Purpose, record
from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.pages import DEFAULT_LIMIT, CursorQuery, Limit, page_of, reading
from api.present import Names
from api.schemas.audit import CheckpointPublic, Entry, Proof
from api.schemas.common import Page
from api.services import Services
from domain.access_log.checkpoint import key_id, verifier_key
from domain.access_log.entry import AccessEntry, Action, Outcome
from domain.errors import ChildErased, NotFound
from domain.organisations.organisation import Role
from projections.store import audit_log
from projections.views.responsible import children_of

router = APIRouter(prefix="/v1/audit", tags=["audit"])
Format = Literal["json", "csv"]
CSV_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_org_id",
    "action",
    "child_id",
    "resource",
    "outcome",
    "purpose",
)


def entry_out(entry: AccessEntry, names: Names) -> Entry:
    assert entry.seq is not None
    actor_name, actor_org_name = names.of(entry)
    return Entry(
        seq=entry.seq,
        at=entry.at,
        actor_id=entry.actor_id,
        actor_org_id=entry.actor_org_id,
        actor_roles=list(entry.actor_roles),
        action=entry.action.value,
        child_id=entry.child_id,
        resource=entry.resource,
        outcome=entry.outcome.value,
        purpose=entry.purpose,
        actor_name=actor_name,
        actor_org_name=actor_org_name,
        token_hash_prefix=entry.token_hash_prefix,
    )


SEQ_KEY = (cursors.seq,)


def listing(
    services: Services, entries: list[AccessEntry], limit: int, fmt: Format
) -> Page[Entry] | Response:
    """One page (``entries`` read as ``limit + 1``), as JSON with its next cursor, or as CSV."""
    found, next_cursor = page_of(entries, limit, lambda e: (e.seq or 0,))
    names = Names(services.app.organisation)
    page = [entry_out(e, names) for e in found]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for item in page:
            writer.writerow(item.model_dump(mode="json"))
        return Response(
            out.getvalue(),
            media_type="text/csv",
            headers={"Content-Disposition": "attachment; filename=access-log.csv"},
        )
    return Page[Entry](items=page, next=next_cursor)


def _after(cursor: str | None) -> int:
    """The ``seq`` a page starts after (-1: from the first entry)."""
    key = cursors.decode(cursor, SEQ_KEY)
    return -1 if key is None else int(key[0])


def _dsl(services: Services, principal: Principal, child_id: UUID | None, resource: str) -> UUID:
    if Role.DSL not in principal.roles or principal.org_id is None:
        record(services, principal, Action.READ, child_id, resource, Outcome.DENIED, Purpose.AUDIT)
        raise Problem(403, "the access log is for designated safeguarding leads", slug="forbidden")
    return principal.org_id


@router.get("/children/{child_id}", response_model=None)
def child_history(
    child_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    format: Format = "json",
    denied: Annotated[bool, Query(description="only the refused attempts")] = False,
) -> Page[Entry] | Response:
    """Who accessed this child's record, when and why, oldest first (allowed and denied)."""
    org_id = _dsl(services, principal, child_id, "audit-child")
    try:
        child = services.app.child(child_id)
        related = child.has_enrolled_at(org_id) or child.received_by(org_id)
    except NotFound:
        related = False
    except ChildErased:  # the history outlives the record, for those who had touched it
        related = services.access_log.acted_on(child_id, org_id)
    if not related:
        record(
            services, principal, Action.READ, child_id, "audit-child", Outcome.DENIED, Purpose.AUDIT
        )
        raise Problem(404, "the child was not found")
    record(
        services, principal, Action.READ, child_id, "audit-child", Outcome.ALLOWED, Purpose.AUDIT
    )
    found = audit_log.entries(
        services.db,
        child_id=child_id,
        denied_only=denied,
        after_seq=_after(cursor),
        limit=limit + 1,
    )
    return listing(services, found, limit, format)


@router.get("/staff/{staff_id}", response_model=None)
def staff_history(
    staff_id: UUID,
    principal: PrincipalDep,
    services: ServicesDep,
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    format: Format = "json",
) -> Page[Entry] | Response:
    """Everything one member of the DSL's own organisation accessed, oldest first."""
    org_id = _dsl(services, principal, None, "audit-staff")
    if staff_id.hex not in services.app.organisation(org_id).staff:  # leavers included
        raise Problem(404, "no such member of staff at your organisation", refusal=True)
    record(services, principal, Action.READ, None, "audit-staff", Outcome.ALLOWED, Purpose.AUDIT)
    found = audit_log.entries(
        services.db, actor_id=staff_id, after_seq=_after(cursor), limit=limit + 1
    )
    return listing(services, found, limit, format)


@router.get("/denied", response_model=None)
def denied_attempts(
    principal: PrincipalDep,
    services: ServicesDep,
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    format: Format = "json",
) -> Page[Entry] | Response:
    """Attempts by the organisation's staff that were refused, oldest first."""
    org_id = _dsl(services, principal, None, "audit-denied")
    record(services, principal, Action.READ, None, "audit-denied", Outcome.ALLOWED, Purpose.AUDIT)
    found = audit_log.entries(
        services.db, org_id=org_id, denied_only=True, after_seq=_after(cursor), limit=limit + 1
    )
    return listing(services, found, limit, format)


@router.get("/alerts", response_model=None)
def alerts(
    principal: PrincipalDep,
    services: ServicesDep,
    cursor: CursorQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    format: Format = "json",
) -> Page[Entry] | Response:
    """What a DSL should look at: break-glass openings and refused attempts on the children
    the organisation is responsible for, and refused attempts by its own staff."""
    org_id = _dsl(services, principal, None, "audit-alerts")
    record(services, principal, Action.READ, None, "audit-alerts", Outcome.ALLOWED, Purpose.AUDIT)
    after = _after(cursor)
    found = reading(
        lambda: audit_log.alerts(
            services.db,
            org_id,
            children=lambda cur: children_of(cur, org_id),
            after_seq=after,
            limit=limit + 1,
        )
    )()
    return listing(services, found, limit, format)


def _auditor(services: Services, principal: Principal) -> None:
    if not (principal.is_operator or Role.DSL in principal.roles):
        raise Problem(403, "checkpoints and proofs are for the operator and DSLs", slug="forbidden")


@router.get("/checkpoint")
def checkpoint(principal: PrincipalDep, services: ServicesDep) -> CheckpointPublic:
    """The latest signed checkpoint. Save one now and then: it anchors `baton audit verify`."""
    _auditor(services, principal)
    latest = audit_log.latest_checkpoint(services.db)
    if latest is None:
        raise Problem(404, "the log has no checkpoint yet", slug="no-checkpoint")
    signer = services.audit_signer
    public = signer.key.public_key()
    signature_line = latest.note.rstrip("\n").rsplit("\n", 1)[-1]
    raw = base64.b64decode(signature_line.rsplit(" ", 1)[-1])
    return CheckpointPublic(
        size=latest.size,
        root=latest.root.hex(),
        signature=base64.b64encode(raw[4:]).decode(),
        key_id=key_id(signer.origin, public).hex(),
        note=latest.note,
        verifier_key=verifier_key(signer.origin, public),
    )


@contextmanager
def _whole_log() -> Iterator[None]:
    """Entries a signed checkpoint covers are missing from the table: say so, plainly."""
    try:
        yield
    except LookupError as e:
        raise Problem(
            409, f"the log cannot prove this: {e}; run `baton audit verify`", slug="log-incomplete"
        ) from None


def _tree_size(services: Services, size: int | None) -> int:
    latest = audit_log.latest_checkpoint(services.db)
    top = latest.size if latest else 0
    if size is None:
        return top
    if size > top:
        raise Problem(
            422,
            f"the log's latest checkpoint covers {top} entries",
            slug="validation",
            errors=[{"field": "size", "message": f"must be at most {top}"}],
        )
    return size


@router.get("/entries/{seq}/proof")
def inclusion(
    seq: int,
    principal: PrincipalDep,
    services: ServicesDep,
    size: Annotated[int | None, Query(ge=1)] = None,
) -> Proof:
    """RFC 9162 inclusion proof of entry ``seq`` in the tree of ``size`` (default: the latest)."""
    _auditor(services, principal)
    tree_size = _tree_size(services, size)
    if not 0 <= seq < tree_size:
        raise Problem(404, f"no entry {seq} in a tree of {tree_size} entries")

    with _whole_log():
        return Proof(
            leaf_index=seq,
            tree_size=tree_size,
            leaf_hash=audit_log.leaf_hashes(services.db, seq, seq + 1)[0].hex(),
            proof=[h.hex() for h in services.proofs.inclusion_proof(seq, tree_size)],
        )


@router.get("/consistency")
def consistency(
    principal: PrincipalDep,
    services: ServicesDep,
    from_: Annotated[int, Query(alias="from", ge=1)],
    to: Annotated[int, Query(ge=1)],
) -> dict[str, object]:
    """RFC 9162 consistency proof: the tree of ``from`` entries is a prefix of the one of ``to``."""
    _auditor(services, principal)
    if from_ > to:
        raise Problem(
            422,
            "from must not exceed to",
            slug="validation",
            errors=[{"field": "from", "message": "must be at most `to`"}],
        )
    _tree_size(services, to)
    with _whole_log():
        proof = services.proofs.consistency_proof(from_, to)
    return {"from": from_, "to": to, "proof": [h.hex() for h in proof]}
