"""Web passwords: hashed with argon2id (argon2-cffi), chosen well enough, and recorded with the
email index in one transaction.

argon2id is memory-hard (a stolen hash is slow to guess on GPUs) and is OWASP's first choice;
argon2-cffi is the maintained binding of the reference implementation, with RFC 9106's
parameters by default and ``check_needs_rehash`` for raising them later. Only the hash is kept,
as an event on the Organisation (events are encrypted at rest).
"""

from __future__ import annotations

from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.services import Services

MIN_LENGTH = 12
HASHER = PasswordHasher()  # argon2id, 64 MiB, 3 passes, 4 lanes
# Compared against when no account matches, so a wrong email costs as long as a wrong password.
UNUSED_HASH = HASHER.hash("no account has this password")
# The passwords people choose most (lists of leaked passwords), at least 12 characters long or
# close to it: a short list, refused outright. Length does most of the work.
COMMON = frozenset(
    [
        "123456789012",
        "1234567890123",
        "qwertyuiopas",
        "qwertyuiop123",
        "password1234",
        "password12345",
        "passwordpassword",
        "iloveyou1234",
        "123123123123",
        "111111111111",
        "000000000000",
        "abcdefghijkl",
        "abc123abc123",
        "letmein12345",
        "welcome12345",
        "welcome123456",
        "changeme1234",
        "administrator",
        "1q2w3e4r5t6y",
        "qazwsxedcrfv",
        "baseball1234",
        "football1234",
        "sunshine1234",
        "princess1234",
        "monkey123456",
        "dragon123456",
        "trustno1trustno1",
        "passw0rd1234",
        "p@ssw0rd1234",
        "p@ssword1234",
        "qwerty123456",
        "asdfghjkl123",
        "zaq12wsxcde3",
        "computer1234",
        "superman1234",
        "starwars1234",
        "nursery12345",
        "preschool123",
        "school123456",
        "teacher12345",
        "children1234",
        "baton1234567",
        "batonbaton12",
    ]
)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (None: none chosen; the work
    is done all the same)."""
    try:
        return HASHER.verify(stored or UNUSED_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def weakness(password: str, again: str) -> dict[str, str]:
    """What is wrong with a new password (field name -> message); empty when it will do."""
    if len(password) < MIN_LENGTH:
        return {"password": f"Use at least {MIN_LENGTH} characters (a few words together work)."}
    if len(set(password)) < 4 or password.casefold() in COMMON:
        return {"password": "That password is too common or easy to guess. Choose another."}
    if len(password) > 1024:
        return {"password": "Use at most 1024 characters."}
    if password != again:
        return {"password_again": "The two passwords are not the same."}
    return {}


def record_password(services: Services, org_id: UUID, staff_id: UUID, password_hash: str) -> int:
    """The member's new password hash, and their email in the sign-in index (inside the caller's
    unit of work: both or neither)."""
    member = services.app.organisation(org_id).staff_record(staff_id)
    position = services.app.choose_password(org_id, staff_id, password_hash)
    assert services.sign_in_emails is not None
    services.sign_in_emails.add(member["email"], org_id, staff_id)
    return position


def set_password(services: Services, org_id: UUID, staff_id: UUID, password: str) -> int:
    """Set a member's password in its own transaction (the demo, the account page)."""
    password_hash = hash_password(password)  # slow: outside the transaction
    result = services.writes.run(
        lambda: record_password(services, org_id, staff_id, password_hash), encode=str
    )
    assert isinstance(result, int)
    return result
