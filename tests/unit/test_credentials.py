"""Staff bearer tokens: issued once, stored as a hash, parsed back to who holds them."""

from __future__ import annotations

import hashlib
from uuid import UUID, uuid4

import pytest

from domain.organisations.credentials import hash_secret, issue_token, parse_token, secret_matches

ORG = UUID("6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab")
STAFF = UUID("0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d")


def secret_of(token: str) -> str:
    parsed = parse_token(token)
    assert parsed is not None
    return parsed.secret


def test_issued_token_names_its_holder_and_verifies_against_the_stored_hash() -> None:
    token, stored = issue_token(ORG, STAFF)
    assert token.startswith(f"bt_{ORG.hex}_{STAFF.hex}_")
    parsed = parse_token(token)
    assert parsed is not None
    assert (parsed.org_id, parsed.staff_id) == (ORG, STAFF)
    assert secret_matches(parsed.secret, stored)
    assert stored == hashlib.sha256(parsed.secret.encode()).hexdigest()
    assert parsed.secret not in stored


def test_every_token_is_new_and_long_enough_not_to_be_guessed() -> None:
    issued = [issue_token(ORG, STAFF) for _ in range(20)]
    secrets = [secret_of(token) for token, _ in issued]
    assert len(set(secrets)) == 20
    assert all(len(s) >= 43 for s in secrets)  # 32 random bytes, base64url


def test_a_given_secret_with_underscores_survives_parsing() -> None:
    token, stored = issue_token(ORG, STAFF, secret="demo_practitioner_2025")
    parsed = parse_token(token)
    assert parsed is not None and parsed.secret == "demo_practitioner_2025"
    assert secret_matches("demo_practitioner_2025", stored)


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("", id="empty"),
        pytest.param("bt", id="prefix-only"),
        pytest.param("bt___", id="all-parts-empty"),
        pytest.param(f"bt_{ORG.hex}_{STAFF.hex}", id="no-secret"),
        pytest.param(f"bt_{ORG.hex}_{STAFF.hex}_", id="empty-secret"),
        pytest.param(f"BT_{ORG.hex}_{STAFF.hex}_secret", id="prefix-in-capitals"),
        pytest.param(f"xx_{ORG.hex}_{STAFF.hex}_secret", id="another-prefix"),
        pytest.param(f"bt_{ORG.hex[:-1]}_{STAFF.hex}_secret", id="organisation-id-short"),
        pytest.param(f"bt_{ORG.hex}_{'z' * 32}_secret", id="staff-id-not-hex"),
        pytest.param("Bearer bt_x_y_z", id="scheme-included"),
        pytest.param("adm_test-operator-token", id="an-operator-token"),
    ],
)
def test_garbled_token_is_not_parsed(token: str) -> None:
    assert parse_token(token) is None


def test_a_token_for_one_member_of_staff_does_not_verify_as_another() -> None:
    mine, my_hash = issue_token(ORG, STAFF)
    colleague = uuid4()
    theirs, their_hash = issue_token(ORG, colleague)
    my_secret, their_secret = secret_of(mine), secret_of(theirs)
    assert not secret_matches(my_secret, their_hash)
    assert not secret_matches(their_secret, my_hash)
    # Putting my secret behind a colleague's id proves nothing: it is their hash that is checked.
    forged = parse_token(f"bt_{ORG.hex}_{colleague.hex}_{my_secret}")
    assert forged is not None and forged.staff_id == colleague
    assert not secret_matches(forged.secret, their_hash)


def test_a_secret_verifies_only_exactly() -> None:
    stored = hash_secret("correct-horse-battery-staple")
    assert secret_matches("correct-horse-battery-staple", stored)
    for near_miss in ("correct-horse-battery-stapl", "Correct-horse-battery-staple", "", " "):
        assert not secret_matches(near_miss, stored)
