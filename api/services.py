"""Everything a running Baton process holds: the application, its tables and its keys."""

from __future__ import annotations

import base64
import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.master_key import derive_key, load_master_key
from api.settings import Settings
from api.throttle import FailureLimiter
from domain.access_log.merkle import SubtreeCache
from domain.application import Baton
from domain.errors import DomainError
from projections.registry import all_views
from projections.runner import ProjectionWorker, RunnerOptions, ensure_generation
from projections.store.access_log import SqlAccessLog
from projections.store.audit_log import Integrator, Signer, leaf_hashes
from projections.store.commands import CommandLog
from projections.store.db import Database, StoreUnavailable, eventsourcing_env, open_database
from projections.store.idempotency import IdempotencyKeys
from projections.store.migrations import migrate
from projections.store.writes import Writes
from projections.view import View
from projections.views.consent_register import ended_but_active

if TYPE_CHECKING:
    from api.auth import Principal

log = logging.getLogger("baton")


@dataclass
class Services:
    settings: Settings
    app: Baton
    db: Database
    access_log: SqlAccessLog
    idempotency: IdempotencyKeys
    writes: Writes
    master_key: bytes = field(repr=False)
    operator_token_hash: str = field(default="", repr=False)
    views: list[View] = field(default_factory=all_views)
    worker: ProjectionWorker | None = None
    integrator: Integrator | None = None
    auth_cache: dict[str, tuple[float, Principal]] = field(default_factory=dict, repr=False)
    failures: FailureLimiter = field(default_factory=lambda: FailureLimiter(0), repr=False)
    _proofs: SubtreeCache | None = field(default=None, repr=False)

    @property
    def proofs(self) -> SubtreeCache:
        """Inclusion and consistency proofs over the access log, subtree hashes remembered."""
        if self._proofs is None:
            self._proofs = SubtreeCache(lambda a, b: leaf_hashes(self.db, a, b))
        return self._proofs

    @property
    def audit_signer(self) -> Signer:
        return checkpoint_signer(self.settings, self.master_key)

    def expire_consents(self) -> int:
        """Record the end of consents whose period is over (the policy already refuses them)."""
        children = ended_but_active(self.db, self.app.today())
        for child_id in children:
            # Each in its own transaction, retried on a conflict with a request writing
            # the same child's consents.
            self.writes.run(partial(self.app.expire_consents, child_id), encode=str)
        return len(children)

    def _maintenance(self, stop: threading.Event) -> None:
        while not stop.wait(self.settings.maintenance_interval_seconds):
            try:
                self.expire_consents()
            except (StoreUnavailable, DomainError) as e:
                log.warning("consent expiry sweep failed (%s); will try again", type(e).__name__)

    def start_integrator(self) -> Integrator:
        if self.integrator is None:
            self.integrator = Integrator(self.db, self.audit_signer)
            self.access_log.on_append.append(self.integrator.wake.set)
            self.integrator.start()
        return self.integrator

    def runner_options(self) -> RunnerOptions:
        return RunnerOptions(
            batch_size=self.settings.projection_batch_size,
            pause_before_commit=self.settings.projection_pause_before_commit,
        )

    def start_projections(self) -> ProjectionWorker:
        """Run every view in background threads of this process."""
        if self.worker is None:
            self.worker = ProjectionWorker(
                self.db,
                self.app,
                self.views,
                self.settings.database_url_value(),
                self.runner_options(),
            )
            self.worker.start()
            threading.Thread(
                target=self._maintenance,
                args=(self.worker.stop_event,),
                name="maintenance",
                daemon=True,
            ).start()
        self.start_integrator()
        return self.worker

    def close(self) -> None:
        if self.integrator is not None:
            self.integrator.stop()
            self.integrator = None
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self.app.close()
        self.db.close()


def checkpoint_signer(settings: Settings, master_key: bytes) -> Signer:
    """The access log's checkpoint signing key, derived from the master key (never stored)."""
    seed = derive_key(master_key, "audit-checkpoints")
    return Signer(settings.audit_origin, Ed25519PrivateKey.from_private_bytes(seed))


def application_env(settings: Settings, master_key: bytes) -> dict[str, str]:
    env = eventsourcing_env(settings.database_url_value(), Path(settings.data_dir))
    env.update(
        {
            # Events are compressed and then encrypted at rest (AES-256-GCM) with a key derived
            # from the master key, so a copy of the database alone reveals no child's record.
            "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
            "CIPHER_KEY": base64.b64encode(derive_key(master_key, "events")).decode(),
            "COMPRESSOR_TOPIC": "eventsourcing.compressor:ZlibCompressor",
            # No aggregate cache: the library deep-copies cached aggregates while another thread
            # may be fast-forwarding them (seen to fail under concurrent reads), and replaying
            # from the latest snapshot measured faster than the copy for long journeys.
            "CREATE_TABLE": "y",
        }
    )
    return env


def build_services(settings: Settings) -> Services:
    master_key = load_master_key(settings)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    db = open_database(settings.database_url_value(), Path(settings.data_dir))
    try:
        # First: on SQLite a migration moves the events into the file the application opens.
        migrate(db)
    except BaseException:
        db.close()
        raise
    app = Baton(
        env=application_env(settings, master_key),
        snapshot_interval=settings.snapshot_interval,
        key_encryption_key=derive_key(master_key, "organisation-keys"),
        holidays=settings.holidays,
    )
    access_log = SqlAccessLog(db)
    keys = IdempotencyKeys(db, timedelta(hours=settings.idempotency_hours))
    services = Services(
        settings=settings,
        app=app,
        db=db,
        access_log=access_log,
        idempotency=keys,
        writes=Writes(db, app, access_log, keys, CommandLog(db)),
        master_key=master_key,
        failures=FailureLimiter(settings.auth_failures_per_minute),
    )
    for view in services.views:  # readers find tables even before the first worker runs
        ensure_generation(db, view)
    return services
