"""Web sessions in the store: an expired one signs nobody in, and the sweep removes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from api.services import Services


def test_an_expired_session_is_refused_and_swept_away(services: Services) -> None:
    sessions = services.web_sessions
    now = datetime.now(UTC)
    org, member = uuid4(), uuid4()
    live, _ = sessions.open("staff", org, member, now, timedelta(hours=1))
    old, _ = sessions.open("staff", org, member, now - timedelta(hours=3), timedelta(hours=1))
    assert sessions.find(live, now) is not None
    assert sessions.find(old, now) is None
    assert sessions.forget_expired(now) >= 1  # the store may hold other tests' sessions
    with services.db.read() as cur:
        cur.execute("SELECT COUNT(*) FROM web_sessions WHERE member_id = %s", (str(member),))
        row = cur.fetchone()
    assert row is not None and row[0] == 1  # the expired one is gone, the live one stays
    assert sessions.find(live, now) is not None


def test_the_table_keeps_no_secret_of_a_session(services: Services) -> None:
    secret, _ = services.web_sessions.open(
        "staff", uuid4(), uuid4(), datetime.now(UTC), timedelta(hours=1)
    )
    with services.db.read() as cur:
        cur.execute("SELECT session_hash FROM web_sessions")
        stored = [row[0] for row in cur.fetchall()]
    assert stored and all(secret not in value for value in stored)
