"""Organisations' public keys: register the school's own key, rotate, list.

Who can read a packet: in server-held mode (the default) the service holds the school's private
key, wrapped under the master key, and opens packets for the school's staff; once a school
registers its own public key, new packets are sealed to it and only the holder of the matching
private key (`baton keys generate`) can open them, offline with `baton packet open`.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from api.auth import Principal
from api.deps import PrincipalDep, ServicesDep
from api.errors import Problem
from api.schemas.organisations import KeyCreate, KeyList, KeyPublic
from api.writes import one_transaction
from domain.organisations.organisation import KeyRecord, Role
from domain.sealing.envelope import PUBLIC_PREFIX

router = APIRouter(prefix="/v1/organisations/{org_id}/keys", tags=["keys"])


def key_public(key: KeyRecord) -> KeyPublic:
    text = PUBLIC_PREFIX + key["public_key"] if key["algorithm"] == "x25519" else key["public_key"]
    return KeyPublic(
        key_id=key["key_id"],
        algorithm=key["algorithm"],
        public_key=text,
        created_at=key["created_at"],
        held_by="service" if key["wrapped_private_key"] else "organisation",
    )


def _may_manage_keys(principal: Principal, org_id: UUID) -> None:
    if not (principal.is_operator or principal.acts_for(org_id, Role.MANAGER, Role.DSL)):
        raise Problem(
            403,
            "only the operator, or a manager or DSL of this organisation, manages its keys",
            slug="forbidden",
        )


@router.post("", status_code=status.HTTP_201_CREATED)
@one_transaction()
def register_key(
    org_id: UUID, body: KeyCreate, principal: PrincipalDep, services: ServicesDep
) -> KeyPublic:
    """Register the organisation's own encryption key; new packets are sealed to it, and the
    service can no longer open them."""
    _may_manage_keys(principal, org_id)
    services.app.organisation(org_id)
    return key_public(services.app.register_public_key(org_id, body.public_key))


@router.post("/rotation", status_code=status.HTTP_201_CREATED)
@one_transaction()
def rotate_key(org_id: UUID, principal: PrincipalDep, services: ServicesDep) -> KeyPublic:
    """A new server-held encryption key for new packets; older packets stay openable."""
    _may_manage_keys(principal, org_id)
    services.app.organisation(org_id)
    return key_public(services.app.new_server_key(org_id, "x25519"))


@router.get("")
def list_keys(org_id: UUID, principal: PrincipalDep, services: ServicesDep) -> KeyList:
    """Every public key of the organisation, oldest first (for checking a sender's signature)."""
    return KeyList(items=[key_public(k) for k in services.app.organisation(org_id).keys])
