"""A setting's day as a parent follows it: entries shared with parents, photos (tagged with the
other children they show), and a parent's own moments from home posted with the real form."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient
from httpx import Response

from api.services import Services
from tests import factories as f
from tests.images import jpeg_with_gps
from tests.journeys import Nursery, nursery
from tests.parents import InvitedParent, invite, joined, signed_out
from tests.people import PASSWORD, csrf_of, sign_in


def shared(services: Services, at: Nursery, child_id: str, entry_id: str) -> None:
    """The setting shares an entry with the child's parents (the domain's own command: the
    staff's button is another page's)."""
    services.app.share_with_parents(
        UUID(child_id), UUID(entry_id), setting_id=UUID(at.org_id), shared_by=UUID(at.manager.id)
    )


def observed(
    client: TestClient, services: Services, at: Nursery, child_id: str, text: str, **more: Any
) -> str:
    """An observation by the nursery's practitioner, shared with the child's parents."""
    entry = str(f.observation(client, at.practitioner, child_id, text=text, **more)["id"])
    shared(services, at, child_id, entry)
    return entry


def photo_on(client: TestClient, by: f.Staff, child_id: str, entry_id: str) -> str:
    """A member of staff attaches a photo to an entry."""
    answer = client.post(
        f"/v1/children/{child_id}/entries/{entry_id}/photos",
        headers=by.headers,
        files={"photo": ("IMG_0001.jpg", jpeg_with_gps(), "image/jpeg")},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def tagged(services: Services, at: Nursery, child_id: str, photo_id: str, *others: str) -> None:
    """Staff name the other children a photo shows."""
    services.app.tag_photo(
        UUID(child_id),
        UUID(photo_id),
        also_shows=[UUID(o) for o in others],
        setting_id=UUID(at.org_id),
        tagged_by=UUID(at.practitioner.id),
    )


def form_of(client: TestClient, path: str) -> dict[str, str]:
    """The hidden fields of the form on the page at ``path`` (its CSRF token and form key)."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    key = re.search(r'name="form_key" value="([^"]+)"', page.text)
    return {"csrf": csrf_of(page.text), "form_key": key.group(1) if key else ""}


def moment(
    client: TestClient,
    child_id: str,
    text: str,
    recorded_on: str | None = None,
    photos: list[bytes] = [],  # noqa: B006 (never changed)
    hidden: dict[str, str] | None = None,
) -> Response:
    """A parent posts the "moment from home" form (not following the answer's redirect)."""
    path = f"/family/children/{child_id}/moments/new"
    data = {**(hidden or form_of(client, path)), "text": text}
    data["recorded_on"] = f.days_ago(0) if recorded_on is None else recorded_on
    files = [("photos", (f"IMG_{n}.jpg", p, "image/jpeg")) for n, p in enumerate(photos)]
    return client.post(path, data=data, files=files or None, follow_redirects=False)


def family_log(services: Services, since: int) -> list[tuple[str, str, str, str, str]]:
    """(actor, child, resource, outcome, purpose) of the access-log rows written after
    ``since`` by parents."""
    with services.db.read() as cur:
        cur.execute(
            "SELECT actor_id, child_id, resource, outcome, purpose FROM access_log"
            " WHERE id > %s AND actor_roles LIKE %s ORDER BY id",
            (since, "%parent%"),
        )
        return [tuple(str(v) for v in row) for row in cur.fetchall()]  # type: ignore[misc]


def as_parent(client: TestClient, parent: InvitedParent, first_time: bool = False) -> None:
    """Sign ``parent`` in on ``client`` (the first time through their invitation's link)."""
    signed_out(client)
    if first_time:
        joined(client, parent)
    else:
        assert sign_in(client, parent.email, PASSWORD).status_code == 303


def signed_in_family(client: TestClient) -> tuple[Nursery, str, InvitedParent]:
    """A nursery, its child Amara, and her mother, signed in on ``client``."""
    at = nursery(client)
    amara = f.child(client, at.practitioner)
    mother = invite(client, at.practitioner, amara)
    joined(client, mother)
    return at, amara, mother
