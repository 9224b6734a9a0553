"""Fixtures shared by every tier: stores (SQLite and the real PostgreSQL), services, clients."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from pydantic import SecretStr

from api.main import create_app
from api.master_key import write_master_key
from api.services import Services, build_services
from api.settings import Settings
from tests import pg

ADMIN_TOKEN = "adm_test-operator-token"

# In CI (CI=true) every property test draws the same examples on every run, so a fresh clone is
# as green as the last run seen; locally hypothesis keeps exploring new examples.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The real server (CI=true: unreachable fails), for tests that make their own databases."""
    with pg.server_url() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh database on the real server for this test session, dropped at the end."""
    with pg.fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(scope="session")
def master_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One master key for the session: every test's events share the session's database."""
    key_file = tmp_path_factory.mktemp("keys") / "master.key"
    write_master_key(key_file)
    return key_file


def settings_for(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    key_file: Path = request.getfixturevalue("master_key_file")
    database_url = None
    if store == "postgres":
        database_url = SecretStr(request.getfixturevalue("postgres_url"))
    return Settings(
        data_dir=tmp_path / "var",
        database_url=database_url,
        master_key_file=key_file,
        admin_token=SecretStr(ADMIN_TOKEN),
        run_projections=True,
    )


@contextmanager
def own_store(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Settings]:
    """Settings for a store no other test sees: a new data directory and master key, and on
    PostgreSQL a fresh database on the session's server (dropped afterwards). Nothing runs in
    the background: such tests drive the projections and the integrator themselves."""
    key = tmp_path / "master.key"
    write_master_key(key)

    def made(url: str | None) -> Settings:
        return Settings(
            data_dir=tmp_path / "var",
            database_url=SecretStr(url) if url else None,
            master_key_file=key,
            admin_token=SecretStr(ADMIN_TOKEN),
            run_projections=False,
        )

    if store == "sqlite":
        yield made(None)
        return
    with pg.fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield made(url)


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment for the ``baton`` command on the store of ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env["BATON_DATA_DIR"] = str(settings.data_dir)
    if settings.master_key_file:
        env["BATON_MASTER_KEY_FILE"] = str(settings.master_key_file)
    url = settings.database_url_value()
    if url:
        env["BATON_DATABASE_URL"] = url
    return env


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> str:
    """Each test that uses this runs once on embedded SQLite and once on PostgreSQL."""
    return str(request.param)


@pytest.fixture
def settings(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    return settings_for(store, tmp_path, request)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = build_services(settings)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=services)) as test_client:
        yield test_client
