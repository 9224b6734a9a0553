"""Nothing readable at rest: after a rich journey through the API, the whole database, dumped
(the embedded store's files byte for byte, -wal included; ``pg_dump`` of PostgreSQL's), holds
none of the child's words, names or dates, no parent's name, and no bearer token. Once the
child's keys are destroyed, nothing of the child can be decrypted, and the log still verifies
and the views still rebuild.

Each test has a store of its own (on PostgreSQL a fresh database), with nothing running in the
background: the test drives the views and the access log's integrator itself.
"""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.key_ring_file import ring_path
from api.main import create_app
from api.services import Services, build_services
from api.settings import Settings
from domain.errors import ChildErased
from projections.runner import process_batch
from projections.store import audit_log
from projections.views.children_list import list_children
from tests import factories as f
from tests.api.problems import assert_problem
from tests.conftest import cli_env, own_store

BATON = str(Path(sys.executable).parent / "baton")
BORN = date.today() - timedelta(days=911)  # two and a half: old enough for the check at two
CHILD = {
    "given_name": "Zephyrine",
    "family_name": "Quillfeather-Marlow",
    "preferred_name": "Zephyquill",
    "date_of_birth": BORN.isoformat(),
}
WORDS = {
    "observation": "Zephyrine balanced eleven marigold blocks into a lighthouse",
    "correction": "Zephyrine balanced twelve marigold blocks into a lighthouse",
    "reason": "miscounted the marigold blocks",
    "withdrawal": "recorded against the wrong Quillfeather twin",
    "child voice": "I want the periwinkle trike and my gecko Bramblefoot",
    "parent voice": "At home she sings the tortoise song to her grandmother Ysolde",
    "summary": "Settled, chatty, and climbs the juniper frame with confidence",
    "given by": "Ottoline Quillfeather-Marlow",
    "evidence": "consent form QFM-7731 signed in the cloakroom",
    "justification": "Ottoline reported a worrying bruise on Zephyrine's forearm",
    "information": "Please ring Ysolde before the first morning",
    "staff name": "Wilhelmina Staffordshire-Plum",
    "staff email": "wilhelmina.plum@example.org",
    # A childminder's setting is often named after her: the directory seals its name.
    "childminder": "Araminta Fenwick-Oyelaran Childminding",
}


@dataclass
class Store:
    settings: Settings
    services: Services
    client: TestClient


@pytest.fixture(params=["sqlite", "postgres"])
def s(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with own_store(request.param, tmp_path, request) as settings:
        services = build_services(settings)
        try:
            with TestClient(create_app(services=services)) as client:
                yield Store(settings, services, client)
        finally:
            services.close()


def post(client: TestClient, path: str, by: dict[str, str], body: dict[str, Any]) -> Any:
    response = client.post(path, headers=by, json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()


def twice(client: TestClient, path: str, by: dict[str, str], body: dict[str, Any]) -> Any:
    """An idempotent POST, sent again: the second answer is the stored one."""
    headers = {**by, "Idempotency-Key": f"key-{path}"}
    first = client.post(path, headers=headers, json=body)
    assert first.status_code == 201, first.text
    again = client.post(path, headers=headers, json=body)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    return first.json()


def journey(s: Store) -> tuple[str, str, list[str]]:
    """A rich journey through the API; returns the child's id, the setting's and every token."""
    c = s.client
    nursery = f.organisation(c, "nursery")
    f.organisation(c, "childminder", name=WORDS["childminder"])
    staff_body = {"name": WORDS["staff name"], "email": WORDS["staff email"], "roles": ["dsl"]}
    manager = twice(c, f"/v1/organisations/{nursery}/staff", f.OPERATOR, staff_body)
    dsl = f.Staff(manager["id"], nursery, manager["token"])
    practitioner = f.staff(c, nursery, "practitioner")
    child_id = f.child(c, practitioner, **CHILD)
    record(c, practitioner, child_id)
    school, teacher = f.school_with_teacher(c)
    school_dsl = f.staff(c, school, "dsl")
    f.consent(
        c,
        practitioner,
        child_id,
        school,
        given_by=WORDS["given by"],
        evidence=WORDS["evidence"],
        categories=["journey", "voices", "assessments"],
    )
    packet = f.handover(c, practitioner, child_id, school)
    opened = c.get(f"/v1/handovers/{packet['id']}/contents", headers=teacher.headers)
    assert opened.status_code == 200, opened.text
    f.handover(
        c,
        dsl,
        child_id,
        school,
        kind="safeguarding",
        justification=WORDS["justification"],
        information=WORDS["information"],
    )
    settle(s.services)
    listed = c.get(f"/v1/settings/{nursery}/children", headers=practitioner.headers)
    assert [i["name"] for i in listed.json()["items"]] == ["Zephyquill Quillfeather-Marlow"]
    return child_id, nursery, [dsl.token, practitioner.token, teacher.token, school_dsl.token]


def record(c: TestClient, practitioner: f.Staff, child_id: str) -> None:
    """Observations (one corrected, one withdrawn), the child's and a parent's voice, and the
    progress check at two."""
    url, by = f"/v1/children/{child_id}", practitioner.headers
    kept = twice(c, f"{url}/observations", by, f.observation_body(text=WORDS["observation"]))
    correction = {"text": WORDS["correction"], "reason": WORDS["reason"]}
    post(c, f"{url}/observations/{kept['id']}/corrections", by, correction)
    dropped = f.observation(c, practitioner, child_id, text="A second look at the blocks")
    post(c, f"{url}/observations/{dropped['id']}/withdrawal", by, {"reason": WORDS["withdrawal"]})
    f.voice(c, practitioner, child_id, text=WORDS["child voice"])
    f.voice(c, practitioner, child_id, kind="parent", text=WORDS["parent voice"])
    check = {
        "kind": "progress_check_at_two",
        "assessed_on": f.days_ago(2),
        "summary": WORDS["summary"],
        "areas": {"CL": "on_track", "PSED": "on_track", "PD": "exceeding"},
    }
    post(c, f"{url}/assessments", by, check)


def settle(services: Services) -> None:
    """Every view caught up, every access-log entry integrated."""
    for view in services.views:
        while process_batch(services.db, services.app, view):
            pass
    while audit_log.integrate(services.db, services.audit_signer):
        pass


def dump(settings: Settings) -> bytes:
    """The whole database: every file of the embedded store as it is on disk, or pg_dump."""
    url = settings.database_url_value()
    if url:
        done = subprocess.run(["pg_dump", "--no-owner", url], capture_output=True, check=True)
        return done.stdout
    files = sorted(p for p in Path(settings.data_dir).rglob("*") if p.is_file())
    assert any(p.name == "baton.sqlite-wal" for p in files), "the -wal file is read too"
    return b"".join(p.read_bytes() for p in files)


def readable(whole: bytes, secrets: list[str]) -> list[str]:
    """Those of ``secrets`` that ``whole`` holds as text, or as hex (PostgreSQL's bytea)."""
    return [s for s in secrets if s.encode() in whole or s.encode().hex().encode() in whole]


def secrets_of(tokens: list[str]) -> list[str]:
    return [*CHILD.values(), *WORDS.values(), *tokens]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_dump_of_the_whole_database_holds_no_personal_data_and_no_token(s: Store) -> None:
    child_id, _, tokens = journey(s)
    whole = dump(s.settings)
    assert child_id.encode() in whole, "the dump is of this store (ids are not personal data)"
    assert readable(whole, secrets_of(tokens)) == []
    with s.services.db.read() as cur:
        cur.execute("SELECT body FROM idempotency_keys")
        bodies = sorted(str(row[0])[:3] for row in cur.fetchall())
    assert bodies == ["c1:", "s1:"], "the observation's under the child's key, the token's not"
    assert mode(ring_path(s.settings)) == 0o600
    assert s.settings.master_key_file is not None and mode(s.settings.master_key_file) == 0o600
    if not s.settings.uses_postgres:
        for name in ("baton.sqlite", "baton.sqlite-wal", "baton.sqlite-shm"):
            assert mode(Path(s.settings.data_dir) / name) == 0o600, name


def test_once_the_childs_keys_are_destroyed_nothing_of_the_child_can_be_read(s: Store) -> None:
    child_id, nursery, tokens = journey(s)
    services = s.services
    stored = services.app.recorder.select_events(UUID(child_id))
    assert len(stored) > 5

    services.child_keys.destroy(child_id)
    services.child_keys.destroy(child_id)  # again: nothing more to do

    assert services.child_keys.is_destroyed(child_id)
    for event in stored:
        with pytest.raises(ChildErased):
            services.app.mapper.to_domain_event(event)
    practitioner_headers = {"Authorization": f"Bearer {tokens[1]}"}
    assert_problem(s.client.get(f"/v1/children/{child_id}", headers=practitioner_headers), 410)
    with pytest.raises(ChildErased):
        services.child_keys.key_for(child_id, "safeguarding")  # no new key, of any class
    replayed = s.client.post(  # its cached answer was sealed under its key too
        f"/v1/children/{child_id}/observations",
        headers={
            **practitioner_headers,
            "Idempotency-Key": f"key-/v1/children/{child_id}/observations",
        },
        json=f.observation_body(text=WORDS["observation"]),
    )
    assert_problem(replayed, 410)
    env = cli_env(s.settings)
    for command in (["projections", "rebuild"], ["audit", "verify"]):
        done = subprocess.run(
            [BATON, *command], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert list_children(services.db, services.child_keys, nursery) == []
    assert readable(dump(s.settings), secrets_of(tokens)) == []
