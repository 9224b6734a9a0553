"""The installed ``baton`` command, as an operator runs it: from any directory, demo then serve."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

BATON = shutil.which("baton", path=os.path.dirname(sys.executable)) or "baton"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env.update({"BATON_DATA_DIR": str(data_dir), **extra})
    return env


def run_baton(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BATON, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False
    )


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working directory that is not the repository."""
    here = tmp_path / "elsewhere"
    here.mkdir()
    return here


def test_demo_twice_keeps_what_is_there_and_prints_the_same_tokens(elsewhere: Path) -> None:
    env = _env(elsewhere / "var")
    first = run_baton("demo", cwd=elsewhere, env=env)
    assert first.returncode == 0, first.stderr
    tokens = re.findall(r"\bbt_[0-9a-f]{32}_[0-9a-f]{32}_\S+", first.stdout)
    assert len(tokens) >= 8
    second = run_baton("demo", cwd=elsewhere, env=env)
    assert second.returncode == 0, second.stderr
    assert re.findall(r"\bbt_[0-9a-f]{32}_[0-9a-f]{32}_\S+", second.stdout) == tokens
    # A parent signs in too, with the same password each run.
    parent = [li for li in first.stdout.splitlines() if "chioma.okonkwo@" in li]
    assert len(parent) == 1 and " parent " in parent[0]
    assert parent == [li for li in second.stdout.splitlines() if "chioma.okonkwo@" in li]


@pytest.fixture
def served(elsewhere: Path) -> Iterator[tuple[str, str, str]]:
    """The demo loaded and ``baton serve`` running; yields (base url, a demo token, the output)."""
    env = _env(elsewhere / "var", BATON_ADMIN_TOKEN="adm_e2e")
    demo = run_baton("demo", cwd=elsewhere, env=env)
    assert demo.returncode == 0, demo.stderr
    line = next(li for li in demo.stdout.splitlines() if "practitioner" in li and "bt_" in li)
    token = line.split()[-1]
    port = _free_port()
    server = subprocess.Popen(
        [BATON, "serve", "--port", str(port)],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx2.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                time.sleep(0.05)
        yield base, token, demo.stdout
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


def test_served_demo_answers_a_practitioner_with_their_children(
    served: tuple[str, str, str],
) -> None:
    base, token, _ = served
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx2.get(f"{base}/ready", timeout=5).status_code == 200
    org_id = token.split("_")[1]
    # The practitioner's setting is known from their token; their children come from the demo.
    org = httpx2.get(f"{base}/v1/organisations/{org_id}", headers=headers, timeout=5)
    assert org.status_code == 200
    assert org.json()["kind"] in ("nursery", "preschool", "childminder")
    unauthenticated = httpx2.get(f"{base}/v1/organisations/{org_id}", timeout=5)
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["content-type"] == "application/problem+json"


def test_serve_without_admin_token_generates_and_prints_one(elsewhere: Path) -> None:
    port = _free_port()
    env = _env(elsewhere / "var")
    server = subprocess.Popen(
        [BATON, "serve", "--port", str(port)],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline() + server.stdout.readline()
        token = re.search(r"adm_\S+", first)
        assert token, first
        for _ in range(200):
            try:
                answer = httpx2.post(
                    f"http://127.0.0.1:{port}/v1/organisations",
                    timeout=1,
                    headers={"Authorization": f"Bearer {token.group(0)}"},
                    json={"name": "Oak Tree Nursery", "kind": "nursery"},
                )
                break
            except httpx2.TransportError:
                time.sleep(0.05)
        assert answer.status_code == 201
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


def test_postgres_without_master_key_exits_with_a_clear_message(elsewhere: Path) -> None:
    env = _env(elsewhere / "var", BATON_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/test")
    result = run_baton("demo", cwd=elsewhere, env=env)
    assert result.returncode == 2
    assert "BATON_MASTER_KEY_FILE" in result.stderr
