"""The directory of organisations: people choose a school by its name, never by typing its id.

Names are sealed in the view (a childminder's setting is often named after the childminder);
the list is searched, sorted and paged after they are opened."""

from __future__ import annotations

import random
import string
from typing import Any

from fastapi.testclient import TestClient

from api import cursors
from api.routes.organisations import organisations_page
from api.services import Services
from domain.organisations.organisation import OrganisationKind
from projections.view import serving
from projections.views.directory import Directory
from tests import factories as f


def listed(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    answer = client.get("/v1/organisations", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def every(client: TestClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    """Every page of the list, one after the other."""
    page = listed(client, headers, **params)
    items = page["items"]
    while page["next"]:
        page = listed(client, headers, **params, cursor=page["next"])
        items += page["items"]
    return list(items)


def tagged() -> str:
    """A word no other test's organisation holds (tests on PostgreSQL share one database)."""
    return "".join(random.choices(string.ascii_lowercase, k=8))


def mine(items: list[dict[str, Any]], tag: str) -> list[str]:
    return [o["name"] for o in items if tag in o["name"]]


def test_any_member_of_staff_lists_organisations_by_name_and_kind(
    client: TestClient, services: Services
) -> None:
    t = tagged()
    nursery = f.organisation(client, "nursery", name=f"Little Acorns {t}")
    practitioner = f.staff(client, nursery, "practitioner")
    oak = f.listed_organisation(client, "school", name=f"oak Hill {t}")
    f.listed_organisation(client, "school", name=f"Brook Lane {t}")
    f.listed_organisation(client, "childminder", name=f"Sam Patel {t}")
    everyone = every(client, practitioner.headers, limit=500)
    ordered = [(o["name"].casefold(), o["id"]) for o in everyone]
    assert ordered == sorted(ordered)
    assert mine(everyone, t) == [
        f"Brook Lane {t}",
        f"Little Acorns {t}",
        f"oak Hill {t}",
        f"Sam Patel {t}",
    ]
    assert {"id": oak, "name": f"oak Hill {t}", "kind": "school", "urn": None} in everyone
    schools = every(client, f.OPERATOR, kind="school")
    assert {o["kind"] for o in schools} == {"school"}
    assert mine(schools, t) == [f"Brook Lane {t}", f"oak Hill {t}"]
    for asked in ("nursery,childminder", ["childminder", "nursery"], ["nursery, childminder"]):
        both = every(client, f.OPERATOR, kind=asked)
        assert {o["kind"] for o in both} == {"nursery", "childminder"}
        assert mine(both, t) == [f"Little Acorns {t}", f"Sam Patel {t}"]


def test_the_directory_pages_with_a_cursor_that_holds_no_name(
    client: TestClient, services: Services
) -> None:
    t = tagged()
    for name in ("Ash", "Beech", "Cedar", "Damson", "Elm"):
        f.listed_organisation(client, "school", name=f"{name} {t}")
    whole = listed(client, f.OPERATOR, limit=500)["items"]
    first = listed(client, f.OPERATOR, limit=2)
    assert first["items"] == whole[:2]
    assert cursors.decode(first["next"], (cursors.ident,)) == (whole[1]["id"],)
    paged = every(client, f.OPERATOR, limit=2)
    assert paged == whole
    assert mine(paged, t) == [f"{n} {t}" for n in ("Ash", "Beech", "Cedar", "Damson", "Elm")]


def test_a_name_search_reads_the_opened_names(client: TestClient, services: Services) -> None:
    t = tagged()
    f.listed_organisation(client, "childminder", name=f"Sam Patel {t}")
    f.listed_organisation(client, "school", name=f"St Samuel's {t}")
    f.listed_organisation(client, "school", name="Oak Hill Primary")
    found = organisations_page(services, [], named=t.upper(), limit=1)
    assert [o.name for o in found.items] == [f"Sam Patel {t}"]
    rest = organisations_page(services, [], named=t.upper(), cursor=found.next)
    assert [o.name for o in rest.items] == [f"St Samuel's {t}"] and rest.next is None
    schools = organisations_page(services, [OrganisationKind.SCHOOL], named=f"samuel's {t}")
    assert [o.name for o in schools.items] == [f"St Samuel's {t}"]


def test_names_are_sealed_in_the_store(client: TestClient, services: Services) -> None:
    org = f.listed_organisation(client, "childminder", name="Sam Patel Childminding")

    with services.db.read() as cur:
        table = serving(cur, Directory)["organisation_directory"]
        cur.execute(f"SELECT name, kind FROM {table} WHERE org_id = %s", (org,))
        stored, kind = cur.fetchone()
    assert kind == "childminder" and "Sam" not in stored and "Patel" not in stored


def test_reading_it_needs_a_token_and_is_no_access_log_entry(
    client: TestClient, services: Services
) -> None:
    school = f.listed_organisation(client, "school", name="Oak Hill Primary")
    teacher = f.staff(client, school, "teacher")
    with services.db.read() as cur:
        cur.execute("SELECT COUNT(*) FROM access_log")
        before = cur.fetchone()[0]
    assert "Oak Hill Primary" in [o["name"] for o in every(client, teacher.headers)]
    with services.db.read() as cur:
        cur.execute("SELECT COUNT(*) FROM access_log")
        assert cur.fetchone()[0] == before
    assert client.get("/v1/organisations").status_code == 401
    bearer = {"Authorization": "Bearer not-a-token"}
    assert client.get("/v1/organisations", headers=bearer).status_code == 401


def test_unknown_kinds_and_made_up_cursors_are_named_422s(
    client: TestClient, services: Services
) -> None:
    f.listed_organisation(client, "school", name="Oak Hill Primary")
    kind = client.get("/v1/organisations", headers=f.OPERATOR, params={"kind": "school,zoo"})
    assert kind.status_code == 422 and kind.json()["errors"][0]["field"] == "kind"
    other = cursors.encode(["00000000-0000-0000-0000-000000000000"])
    for cursor in ("nonsense", other, cursors.encode(["Oak Hill Primary"])):
        bad = client.get("/v1/organisations", headers=f.OPERATOR, params={"cursor": cursor})
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"
