"""Everything a running Baton process holds: the application, its tables and its keys."""

from __future__ import annotations

import base64
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api import mail
from api.key_ring_file import load_key_ring, ring_path
from api.master_key import ConfigurationError, derive_key, load_master_key
from api.settings import Settings
from api.throttle import FailureLimiter
from domain.access_log.merkle import SubtreeCache
from domain.application import Baton
from domain.errors import DomainError
from projections.registry import all_views
from projections.runner import ProjectionWorker, RunnerOptions, ensure_generation
from projections.store.access_log import SqlAccessLog
from projections.store.audit_log import Integrator, Signer, leaf_hashes
from projections.store.child_keys import ChildKeys
from projections.store.commands import CommandLog
from projections.store.db import (
    Database,
    StoreUnavailable,
    eventsourcing_env,
    open_database,
    second_reader,
    settle_file,
)
from projections.store.earlier_events import key_earlier_children, seal_earlier_events
from projections.store.earlier_staff import index_earlier_staff
from projections.store.erasures import Erasures
from projections.store.event_keys import ChildKeyMapper
from projections.store.idempotency import IdempotencyKeys
from projections.store.key_ring import RingMismatch, register
from projections.store.mail_outbox import MailOutbox
from projections.store.migrations import migrate
from projections.store.photos import PhotoStore
from projections.store.service_seal import ServiceSeal
from projections.store.sign_in_emails import SignInEmails
from projections.store.totp_steps import TotpSteps
from projections.store.web_sessions import WebSessions
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
    child_keys: ChildKeys
    master_key: bytes = field(repr=False)
    erasures: Erasures = field(repr=False)
    views: list[View]
    web_sessions: WebSessions = field(repr=False)
    totp_steps: TotpSteps = field(repr=False)
    photos: PhotoStore = field(repr=False)
    operator_token_hash: str = field(default="", repr=False)
    worker: ProjectionWorker | None = None
    mail_thread: threading.Thread | None = field(default=None, repr=False)
    integrator: Integrator | None = None
    # token hash -> (remembered until, remembered at, principal); times from time.monotonic()
    auth_cache: dict[str, tuple[float, float, Principal]] = field(default_factory=dict, repr=False)
    # staff id -> when this process stopped trusting what it remembered of their credentials
    auth_forgotten: dict[UUID, float] = field(default_factory=dict, repr=False)
    failures: FailureLimiter = field(default_factory=lambda: FailureLimiter(0), repr=False)
    # Web sign-in: accounts by (an HMAC of) email, and failed passwords or codes, which lock out
    sign_in_emails: SignInEmails | None = field(default=None, repr=False)
    sign_in_failures: FailureLimiter = field(default_factory=lambda: FailureLimiter(0), repr=False)
    _proofs: SubtreeCache | None = field(default=None, repr=False)

    @property
    def proofs(self) -> SubtreeCache:
        """Inclusion and consistency proofs over the access log, subtree hashes remembered."""
        if self._proofs is None:
            self._proofs = SubtreeCache(lambda a, b: leaf_hashes(self.db, a, b))
        return self._proofs

    @property
    def directory_seal(self) -> ServiceSeal:
        """What seals and opens the organisation directory's names."""
        return directory_seal(self.master_key)

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
                self.web_sessions.forget_expired(self.app.clock())
                MailOutbox(self.db).prune(datetime.now(UTC) - mail.KEEP)
            except (StoreUnavailable, DomainError) as e:
                log.warning("maintenance sweep failed (%s); will try again", type(e).__name__)
            self.forget()

    def forget(self) -> None:
        """Finish interrupted erasures, then erase whoever retention says is due."""
        from api import forgetting

        try:
            forgetting.finish_pending(self)
            forgetting.run_retention(self)
        except (StoreUnavailable, DomainError) as e:
            log.warning("retention sweep failed (%s); will try again", type(e).__name__)

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
            self.forget()  # an erasure a crash interrupted is finished before anything else
            threading.Thread(
                target=self._maintenance,
                args=(self.worker.stop_event,),
                name="maintenance",
                daemon=True,
            ).start()
            self.start_mail(self.worker.stop_event)
        self.start_integrator()
        return self.worker

    def start_mail(self, stop: threading.Event) -> None:
        """Email to parents, in a thread of its own, when an SMTP server is set."""
        if not self.settings.mail_enabled:
            log.info("email to parents is off (BATON_SMTP_HOST is not set)")
            return
        self.mail_thread = threading.Thread(
            target=mail.Mailer.of(self).run, args=(stop,), name="mail", daemon=True
        )
        self.mail_thread.start()

    def close(self) -> None:
        if self.integrator is not None:
            self.integrator.stop()
            self.integrator = None
        if self.worker is not None:
            self.worker.stop()  # which stops the mail thread too
            self.worker = None
        if self.mail_thread is not None:
            self.mail_thread.join(self.settings.smtp_timeout_seconds)
            self.mail_thread = None
        self.app.close()
        if self.child_keys.reader is not self.db:
            self.child_keys.reader.close()
        self.db.close()


def directory_seal(master_key: bytes) -> ServiceSeal:
    """The organisation directory's names are sealed under a key derived for them alone."""
    return ServiceSeal(derive_key(master_key, "organisation-directory"))


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


def open_child_keys(settings: Settings, db: Database, master_key: bytes) -> ChildKeys:
    """The children's keys, under the key ring checked against the database's."""
    ring = load_key_ring(settings, master_key)
    try:
        register(db, ring)
    except RingMismatch as e:
        raise ConfigurationError(f"{e} ({ring_path(settings)})") from e
    return ChildKeys(db, ring, reader=second_reader(db))


def build_services(settings: Settings) -> Services:
    master_key = load_master_key(settings)
    Path(settings.data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
    db = open_database(settings.database_url_value(), Path(settings.data_dir))
    try:
        # First: on SQLite a migration moves the events into the file the application opens.
        migrate(db)
        child_keys = open_child_keys(settings, db, master_key)
    except BaseException:
        db.close()
        raise
    app = Baton(
        env=application_env(settings, master_key),
        snapshot_interval=settings.snapshot_interval,
        key_encryption_key=derive_key(master_key, "organisation-keys"),
        holidays=settings.holidays,
        mapper=lambda mapper: ChildKeyMapper(mapper, child_keys),
    )
    # A store from before keys per child: its children keyed (before a view needs one) and
    # their events sealed again under them, once.
    key_earlier_children(app, child_keys)
    sealed = seal_earlier_events(app, child_keys, db)
    access_log = SqlAccessLog(db)
    sign_in_emails = SignInEmails(db, derive_key(master_key, "sign-in-emails"))
    index_earlier_staff(app, child_keys, sign_in_emails)  # single sign-on finds them too
    keys = IdempotencyKeys(
        db,
        derive_key(master_key, "idempotency"),
        child_keys,
        timedelta(hours=settings.idempotency_hours),
    )
    if sealed + keys.seal_plaintext():  # what was plaintext is zeroed in the file itself too
        settle_file(db)
    services = Services(
        settings=settings,
        app=app,
        db=db,
        access_log=access_log,
        idempotency=keys,
        writes=Writes(db, app, access_log, keys, CommandLog(db)),
        child_keys=child_keys,
        master_key=master_key,
        erasures=Erasures(db),
        views=all_views(child_keys, directory_seal(master_key)),
        web_sessions=WebSessions(db),
        totp_steps=TotpSteps(db),
        photos=PhotoStore(db, child_keys),
        failures=FailureLimiter(settings.auth_failures_per_minute),
        sign_in_emails=sign_in_emails,
        sign_in_failures=FailureLimiter(
            settings.sign_in_failures, window=settings.sign_in_lockout_minutes * 60
        ),
    )
    for view in services.views:  # readers find tables even before the first worker runs
        ensure_generation(db, view)
    return services
