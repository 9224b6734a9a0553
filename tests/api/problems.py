"""What every refusal must look like, and how to tell that a refusal changed nothing."""

from __future__ import annotations

from uuid import UUID

from httpx2 import Response

from api.services import Services

PROBLEM_JSON = "application/problem+json"


def assert_problem(response: Response, status: int, field: str | None = None) -> dict[str, object]:
    """``response`` is an RFC 9457 problem with ``status``; a 422 names ``field``.

    A field inside a list or object counts as naming it: ``characteristics.0`` names
    ``characteristics``.
    """
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys(), body
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    if status == 422:
        errors = body["errors"]
        assert errors and all({"field", "message"} <= e.keys() for e in errors), errors
        if field is not None:
            named = [e["field"] for e in errors]
            assert any(n == field or n.startswith(f"{field}.") for n in named), errors
    return dict(body)


def events_stored(services: Services) -> int:
    """How far the event store's log reaches; a refused command leaves it where it was."""
    return services.app.recorder.max_notification_id() or 0


def journey_size(services: Services, child_id: str) -> int:
    """How many entries (of any kind) the child's journey holds."""
    return len(services.app.child(UUID(child_id)).entries)
