"""Email to parents over a real SMTP conversation (aiosmtpd, in this process), on both stores.

Each test has a store of its own (the outbox of another test would be sent too) served with the
projections running, as ``baton serve`` runs them; a pass of the sender is driven by the test
(``Mailer.send_due``) with the time it says, except where the sender's own thread is the point.
What is asserted is what the SMTP server received: who from, to whom, what subject and body.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError

from api import mail
from api.mail import Mailer
from api.main import create_app
from api.services import Services, build_services
from api.settings import Settings
from projections.admin import rebuild
from projections.runner import head, wait_for_position
from projections.store.mail_outbox import MailOutbox
from projections.views.notifications import Notifications
from tests import factories as f
from tests.api.forgetting_world import World, erase, send_packet, world
from tests.conftest import own_store
from tests.parents import InvitedParent, invite, joined, signed_out

PUBLIC_URL = "https://baton.example.org"
FROM = "Baton <baton@example.org>"
CHILD = {"given_name": "Zanele", "family_name": "Mbeki-Hartley"}
MOMENT = "Zanele built a tall tower from the red blocks and counted every one."
PARENT_NAMES = ("Thandiwe Mbeki", "Oluwaseun Hartley", "Ingrid Castellanos", "Bartholomew Quayle")


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class Inbox:
    """What the SMTP server accepted, in order."""

    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [r.message for r in self.received if address in r.recipients]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpServer:
    """A real SMTP server on 127.0.0.1 that the test starts and stops (down, then back)."""

    def __init__(self, **options: Any) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.options = options
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, **self.options
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class Served:
    client: TestClient
    services: Services


@contextmanager
def serving(
    store: str, tmp_path: Path, request: pytest.FixtureRequest, **changes: Any
) -> Iterator[Served]:
    """A store of this test's own (``changes`` to its settings), served as ``baton serve``
    serves the embedded store: with the projections running in the process."""
    with own_store(store, tmp_path, request) as settings:
        settings = settings.model_copy(update={"run_projections": True, **changes})
        services = build_services(settings)
        try:
            with TestClient(create_app(services=services)) as client:
                yield Served(client, services)
        finally:
            services.close()


@pytest.fixture
def served(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Served]:
    """Served with no SMTP server set: the test drives the sender's passes itself."""
    with serving(store, tmp_path, request) as served:
        yield served


def mail_settings(services: Services, port: int, **changes: Any) -> Settings:
    return services.settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_security": "none",
            "public_url": PUBLIC_URL,
            "mail_from": FROM,
            **changes,
        }
    )


def mailer(services: Services, port: int, **changes: Any) -> Mailer:
    return Mailer.of(services, mail_settings(services, port, **changes))


def family(client: TestClient, w: World, name: str) -> InvitedParent:
    """A parent or carer invited by the setting who has chosen a password (signed in once)."""
    parent = invite(client, w.practitioner, w.child, name=name)
    joined(client, parent)
    signed_out(client)
    return parent


def share(s: Served, w: World, text: str = MOMENT) -> int:
    """The practitioner records a moment and shares it with the child's parents; the position
    once the notifications view holds it."""
    entry = f.observation(s.client, w.practitioner, w.child, text=text)
    written = s.services.app.share_with_parents(
        UUID(w.child),
        UUID(entry["id"]),
        setting_id=UUID(w.setting),
        shared_by=UUID(w.practitioner.id),
    )
    caught_up(s.services, written.position)
    return written.position


def caught_up(services: Services, position: int | None = None) -> None:
    wanted = head(services.app) if position is None else position
    assert wait_for_position(services.db, [Notifications.name], wanted, 15)


def notices_about(services: Services, child_id: str) -> list[tuple[str, int, str | None]]:
    """(kind, attempts, last error) of each notice about the child: the outbox as stored."""
    with services.db.read() as cur:
        cur.execute(
            "SELECT kind, attempts, last_error_kind FROM mail_outbox WHERE child_id = %s"
            " ORDER BY created_at",
            (child_id,),
        )
        return [(r[0], int(r[1]), r[2]) for r in cur.fetchall()]


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def test_a_shared_moment_emails_each_parent_with_access_a_link_and_nothing_of_the_record(
    served: Served, smtp: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    client, services = served.client, served.services
    w = world(client, **CHILD)
    mother, father, ended, _ = PARENT_NAMES
    first, second = family(client, w, mother), family(client, w, father)
    no_longer = family(client, w, ended)
    never_signed_in = invite(client, w.practitioner, w.child, name=PARENT_NAMES[3])
    refused = client.post(
        f"/v1/children/{w.child}/parents/{no_longer.id}/access-end",
        headers=w.manager.headers,
        json={"reason": "court order"},
    )
    assert refused.status_code == 200, refused.text
    share(served, w)

    caplog.set_level(logging.DEBUG)
    assert mailer(services, smtp.port).send_due() == 2

    link = f"{PUBLIC_URL}/family/children/{w.child}"
    for parent in (first, second):
        [message] = smtp.inbox.to(parent.email)
        assert message["From"] == FROM
        assert message["To"] == parent.email
        assert message["Subject"] == "Something new in Baton"
        text = body(message)
        assert "There is something new for you in Baton" in text
        assert link in text.split()
        for secret in (*CHILD.values(), MOMENT, "tower", *PARENT_NAMES):
            assert secret not in text
            assert secret not in message["Subject"]
    assert sorted(r.recipients for r in smtp.inbox.received) == sorted(
        [[first.email], [second.email]]
    )
    assert smtp.inbox.to(no_longer.email) == []
    assert smtp.inbox.to(never_signed_in.email) == []
    addresses = [p.email for p in (first, second, no_longer, never_signed_in)]
    for record in caplog.records:  # Baton's own (the test server's log the conversation)
        if not record.name.startswith("baton"):
            continue
        logged = record.getMessage()
        for secret in (*addresses, *PARENT_NAMES, *CHILD.values()):
            assert secret not in logged

    # Nothing is sent twice: not by the next pass, nor after the view is built again.
    later = datetime.now(UTC) + timedelta(hours=2)
    assert mailer(services, smtp.port).send_due(later) == 0
    rebuild(services.db, services.app, Notifications())
    assert mailer(services, smtp.port).send_due(later) == 0
    assert len(smtp.inbox.received) == 2


def test_a_server_that_is_down_loses_nothing_and_the_notice_goes_once_it_is_back(
    served: Served,
) -> None:
    client, services = served.client, served.services
    w = world(client, **CHILD)
    first, second = family(client, w, PARENT_NAMES[0]), family(client, w, PARENT_NAMES[1])
    share(served, w)
    server = SmtpServer()  # not started: nothing listens on its port
    now = datetime.now(UTC)

    assert mailer(services, server.port).send_due(now) == 0
    assert notices_about(services, w.child) == [("shared", 1, "connection")]
    # Not tried again before its time (a minute, doubling at each failure).
    assert mailer(services, server.port).send_due(now + timedelta(seconds=30)) == 0
    assert notices_about(services, w.child) == [("shared", 1, "connection")]
    assert mailer(services, server.port).send_due(now + timedelta(minutes=1)) == 0
    assert notices_about(services, w.child) == [("shared", 2, "connection")]

    server.start()
    try:
        # Put off 2 minutes more after the second failure: not yet, then sent.
        assert mailer(services, server.port).send_due(now + timedelta(minutes=2)) == 0
        assert mailer(services, server.port).send_due(now + timedelta(minutes=4)) == 2
        assert mailer(services, server.port).send_due(now + timedelta(hours=1)) == 0
    finally:
        server.stop()
    assert [len(server.inbox.to(p.email)) for p in (first, second)] == [1, 1]
    assert notices_about(services, w.child) == [("shared", 3, None)]


def test_old_news_is_no_news_and_the_outbox_forgets_it(served: Served, smtp: SmtpServer) -> None:
    """Email off (or the server down) past the give-up time: the notice is not sent when email
    comes back, and the maintenance sweep forgets it after a month."""
    client, services = served.client, served.services
    w = world(client, **CHILD)
    family(client, w, PARENT_NAMES[0])
    share(served, w)
    later = datetime.now(UTC) + timedelta(hours=73)
    assert mailer(services, smtp.port).send_due(later) == 0
    assert smtp.inbox.received == []
    assert notices_about(services, w.child) == [("shared", 0, "too_old")]
    MailOutbox(services.db).prune(later - mail.KEEP)
    assert notices_about(services, w.child) == [("shared", 0, "too_old")]
    MailOutbox(services.db).prune(later + mail.KEEP)
    assert notices_about(services, w.child) == []


def test_a_notice_half_sent_writes_only_to_the_parents_it_did_not_reach(
    served: Served, smtp: SmtpServer
) -> None:
    """The server refuses one address for now (4xx): the other parent has their message; the
    retry writes to the refused one only."""
    client, services = served.client, served.services
    w = world(client, **CHILD)
    first, second = family(client, w, PARENT_NAMES[0]), family(client, w, PARENT_NAMES[1])
    share(served, w)
    busy = {second.email}

    async def handle_RCPT(server: Any, session: Any, envelope: Any, address: str, _: Any) -> str:  # noqa: N802
        if address in busy:
            return "451 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp.inbox.handle_RCPT = handle_RCPT  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    assert mailer(services, smtp.port).send_due(now) == 1
    assert notices_about(services, w.child) == [("shared", 1, "smtp")]
    busy.clear()
    assert mailer(services, smtp.port).send_due(now + timedelta(minutes=1)) == 1
    assert [len(smtp.inbox.to(p.email)) for p in (first, second)] == [1, 1]


def read_packet(client: TestClient, by: f.Staff, packet_id: str) -> None:
    """The school opens the packet (each opening is recorded on it)."""
    opened = client.get(f"/v1/handovers/{packet_id}/contents", headers=by.headers)
    assert opened.status_code == 200, opened.text


def test_the_schools_first_opening_of_a_transition_packet_emails_once_and_safeguarding_never(
    served: Served, smtp: SmtpServer
) -> None:
    client, services = served.client, served.services
    w = world(client, **CHILD)
    parent = family(client, w, PARENT_NAMES[0])
    transition = send_packet(client, w)
    safeguarding = f.handover(
        client,
        w.dsl,
        w.child,
        w.school,
        kind="safeguarding",
        justification="Concerns shared with children's social care; the school's DSL must know.",
    )
    for _ in range(2):
        opened = client.get(
            f"/v1/handovers/{safeguarding['id']}/contents", headers=w.school_dsl.headers
        )
        assert opened.status_code == 200, opened.text
    caught_up(services)
    assert mailer(services, smtp.port).send_due() == 0  # the safeguarding packet: nothing

    for by in (w.teacher, w.teacher, w.school_dsl):
        read_packet(client, by, transition["id"])
    caught_up(services)
    assert mailer(services, smtp.port).send_due() == 1

    [message] = smtp.inbox.to(parent.email)
    assert message["Subject"] == "The shared record was opened"
    assert f"{PUBLIC_URL}/family/children/{w.child}/consents" in body(message).split()
    assert len(smtp.inbox.received) == 1
    assert [kind for kind, _, _ in notices_about(services, w.child)] == ["opened"]


def test_an_erased_childs_notices_are_forgotten_and_never_sent(
    served: Served, smtp: SmtpServer
) -> None:
    client, services = served.client, served.services
    w = world(client, **CHILD)
    family(client, w, PARENT_NAMES[0])
    share(served, w)
    assert [kind for kind, _, _ in notices_about(services, w.child)] == ["shared"]

    assert erase(client, w.manager, w.child).status_code == 200
    assert notices_about(services, w.child) == []
    assert mailer(services, smtp.port).send_due() == 0
    assert smtp.inbox.received == []


def test_serve_sends_by_itself_when_an_smtp_server_is_set(
    store: str, tmp_path: Path, request: pytest.FixtureRequest, smtp: SmtpServer
) -> None:
    smtp_settings = {
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "smtp_security": "none",
        "public_url": PUBLIC_URL,
        "mail_from": FROM,
        "mail_interval_seconds": 0.05,
    }
    with serving(store, tmp_path, request, **smtp_settings) as served:
        w = world(served.client, **CHILD)
        parent = family(served.client, w, PARENT_NAMES[0])
        share(served, w)
        deadline = time.monotonic() + 15
        while not smtp.inbox.to(parent.email) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)  # a few passes more: still one message
    assert len(smtp.inbox.to(parent.email)) == 1


def self_signed(tmp_path: Path) -> tuple[Path, ssl.SSLContext]:
    """A certificate for 127.0.0.1 (the file a client may be told to trust) and the server's
    TLS context with it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return cert_file, context


def test_starttls_checks_the_servers_certificate_and_signs_in(
    served: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, services = served.client, served.services
    w = world(client, **CHILD)
    parent = family(client, w, PARENT_NAMES[0])
    share(served, w)
    cert_file, context = self_signed(tmp_path)

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"baton", b"s3")
        return AuthResult(success=ok, handled=False)

    server = SmtpServer(
        tls_context=context, require_starttls=True, auth_required=True, authenticator=authenticator
    )
    server.start()
    login = {"smtp_security": "starttls", "smtp_username": "baton"}
    right, wrong = SecretStr("s3"), SecretStr("not-it")
    now = datetime.now(UTC)
    try:
        # A certificate nobody vouches for is refused: nothing goes out.
        assert mailer(services, server.port, smtp_password=right, **login).send_due(now) == 0
        assert notices_about(services, w.child) == [("shared", 1, "tls")]
        monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))  # now the client trusts it
        later = now + timedelta(minutes=1)
        assert mailer(services, server.port, smtp_password=wrong, **login).send_due(later) == 0
        assert notices_about(services, w.child) == [("shared", 2, "login")]
        later += timedelta(minutes=2)
        assert mailer(services, server.port, smtp_password=right, **login).send_due(later) == 1
    finally:
        server.stop()
    assert len(server.inbox.to(parent.email)) == 1


def test_email_needs_a_public_address_and_a_sender() -> None:
    base: dict[str, Any] = {"smtp_host": "mail.example.org", "mail_from": FROM}
    with pytest.raises(ValidationError, match="BATON_PUBLIC_URL"):
        Settings(**base)
    with pytest.raises(ValidationError, match="BATON_PUBLIC_URL"):
        Settings(**base, public_url="baton.example.org")
    with pytest.raises(ValidationError, match="BATON_MAIL_FROM"):
        Settings(smtp_host="mail.example.org", public_url=PUBLIC_URL)
    with pytest.raises(ValidationError, match="BATON_SMTP_PASSWORD"):
        Settings(**base, public_url=PUBLIC_URL, smtp_username="baton")
    assert Settings(**base, public_url=PUBLIC_URL).mail_enabled
    assert not Settings().mail_enabled


def test_a_consent_the_setting_asks_for_emails_each_parent_a_link_to_their_consents(
    served: Served, smtp: SmtpServer
) -> None:
    client, services = served.client, served.services
    w = world(client, **CHILD)
    parent = family(client, w, PARENT_NAMES[0])
    asked = client.post(
        f"/v1/children/{w.child}/consent-requests",
        headers=w.practitioner.headers,
        json={"recipient_id": w.school, "purpose": "transition", "categories": ["journey"]},
    )
    assert asked.status_code == 201, asked.text
    caught_up(services, asked.json()["position"])
    assert mailer(services, smtp.port).send_due() == 1

    [message] = smtp.inbox.to(parent.email)
    assert message["Subject"] == "A consent to decide in Baton"
    text = body(message)
    assert f"{PUBLIC_URL}/family/children/{w.child}/consents" in text.split()
    for secret in (*CHILD.values(), *PARENT_NAMES):
        assert secret not in text
    assert [kind for kind, _, _ in notices_about(services, w.child)] == ["consent"]
