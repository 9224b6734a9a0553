"""A parent never sees another child: not in any page, not in any answer.

Two families at one nursery. Bilal's parent has shared entries, a moment from home, a consent
and a packet; Amara's parent is signed in and tries every route the app has (read from the app
itself, so a route added later is tried too) with Bilal's ids in every path parameter, and
every family route with Amara's own child and Bilal's other ids. No answer may name Bilal or
hold any of his record, none may be a 500, and nothing may be recorded on his record.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from fastapi.testclient import TestClient

from api.services import Services
from api.web.session import COOKIE, csrf_token
from tests import factories as f
from tests.journeys import nursery
from tests.parents import InvitedParent, invite, joined
from tests.routes import filled, route_paths

# Posting these signs the person in or out: the walk would go on as nobody.
SIGNING_OUT = {"/sign-out", "/sign-in", "/sign-in/code", "/invitations/{secret}"}
BILAL = ("Bilal", "Quist", "painted a blue boat", "Grandma came for tea", "2021-06-")


def _family_world(client: TestClient, services: Services) -> tuple[InvitedParent, dict[str, str]]:
    at = nursery(client)
    amara = f.child(client, at.practitioner, given_name="Amara", family_name="Lind")
    bilal = f.child(
        client, at.practitioner, given_name="Bilal", family_name="Quist", date_of_birth="2021-06-14"
    )
    seen = f.observation(client, at.practitioner, bilal, text="Bilal painted a blue boat")
    services.app.share_with_parents(
        UUID(bilal),
        UUID(seen["id"]),
        setting_id=UUID(at.org_id),
        shared_by=UUID(at.practitioner.id),
    )
    f.observation(client, at.practitioner, amara, text="Amara built a tall tower")
    theirs = invite(client, at.practitioner, bilal, name="Omar Quist", relationship="father")
    moment = services.app.record_home_moment(
        UUID(bilal),
        UUID(theirs.id),
        text="Grandma came for tea",
        recorded_on=date.today() - timedelta(days=1),
    )
    school_id, _ = f.school_with_teacher(client)
    consent = f.consent(client, at.manager, bilal, school_id, given_by="Omar Quist")
    packet = f.handover(client, at.practitioner, bilal, school_id)
    ours = invite(client, at.practitioner, amara, name="Ines Lind")
    bilal_ids = {
        "child_id": bilal,
        "entry_id": str(seen["id"]),
        "observation_id": str(seen["id"]),
        "voice_id": str(moment.id),
        "consent_id": str(consent["id"]),
        "packet_id": str(packet["id"]),
        "parent_id": theirs.id,
        "org_id": at.org_id,
        "setting_id": at.org_id,
        "school_id": school_id,
        "staff_id": at.practitioner.id,
    }
    return ours, bilal_ids


def _leaks(text: str) -> list[str]:
    return [word for word in BILAL if word in text]


def test_a_parent_sees_nothing_of_another_child_in_any_page_or_answer(
    client: TestClient, services: Services
) -> None:
    ours, bilal = _family_world(client, services)
    before = services.app.child(UUID(bilal["child_id"])).version
    services.failures.limit = 0  # BATON_AUTH_FAILURES_PER_MINUTE=0: each refusal says 401
    joined(client, ours)  # signed in as Amara's mother
    csrf = csrf_token(client.cookies[COOKIE])
    tried = 0
    for method, path in route_paths(client.app.routes):  # type: ignore[attr-defined]
        if method == "POST" and path in SIGNING_OUT:
            continue  # the walk stays signed in as the parent (checked at the end)
        targets = [filled(path, bilal)]
        if path.startswith("/family/children/{child_id}"):
            targets.append(filled(path, {**bilal, "child_id": ours.child_id}))
        for target in targets:
            if method == "GET":
                answer = client.get(target, follow_redirects=True)
            else:
                answer = client.post(target, data={"csrf": csrf}, follow_redirects=False)
            tried += 1
            assert answer.status_code < 500, (method, target, answer.status_code)
            assert _leaks(answer.text) == [], (method, target, _leaks(answer.text))
            if target.startswith("/v1/") and method == "GET":
                # no API token: 401 (a route that also takes a page session refuses with 404)
                assert answer.status_code in (401, 404), (target, answer.status_code)
            if "/family/children/" in target and bilal["child_id"] in target:
                assert answer.status_code in (403, 404), (method, target, answer.status_code)
    assert tried > 100
    still = client.get("/family")
    assert still.status_code == 200 and "Amara" in still.text, "signed out during the walk"
    assert services.app.child(UUID(bilal["child_id"])).version == before


def test_another_parents_link_and_account_show_nothing_of_their_child(
    client: TestClient, services: Services
) -> None:
    ours, _ = _family_world(client, services)
    page = client.get(ours.path)
    assert _leaks(page.text) == []
    joined(client, ours)
    family = client.get("/family", follow_redirects=True)
    assert family.status_code < 500 and _leaks(family.text) == []
