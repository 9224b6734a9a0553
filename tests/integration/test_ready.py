"""Readiness follows the store: 200 while PostgreSQL answers, 503 once it does not."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.main import create_app
from api.master_key import ConfigurationError, load_master_key, write_master_key
from api.services import build_services
from api.settings import Settings
from tests import pg


def test_ready_answers_503_when_the_database_goes_away(tmp_path: Path) -> None:
    key = tmp_path / "master.key"
    write_master_key(key)
    with pg.server_url() as server, pg.fresh_database(server) as url:
        services = build_services(
            Settings(
                data_dir=tmp_path,
                database_url=SecretStr(url),
                master_key_file=key,
                admin_token=SecretStr("adm_x"),
            )
        )
        try:
            with TestClient(create_app(services=services)) as client:
                assert client.get("/ready").status_code == 200
                dbname = url.rsplit("/", 1)[1]
                with psycopg.connect(server, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE "{dbname}" WITH (FORCE)')
                response = client.get("/ready")
                assert response.status_code == 503
                assert response.headers["content-type"] == "application/problem+json"
                assert client.get("/health").status_code == 200
        finally:
            services.close()


def test_postgres_mode_refuses_to_start_without_a_master_key(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=SecretStr("postgresql://x@127.0.0.1/db"))
    with pytest.raises(ConfigurationError, match="BATON_MASTER_KEY_FILE"):
        load_master_key(settings)


def test_embedded_store_creates_its_master_key_readable_only_by_its_owner(tmp_path: Path) -> None:
    key = load_master_key(Settings(data_dir=tmp_path))
    assert len(key) == 32
    assert (tmp_path / "master.key").stat().st_mode & 0o777 == 0o600
    assert load_master_key(Settings(data_dir=tmp_path)) == key
