"""Email to parents: sending the notices the ``notifications`` view put in the mail outbox.

A pass claims the notices that are due, one at a time, and for each looks up the child's
parents *now*: every parent whose access is open and who has signed in at least once gets a
message of their own (a parent whose access was ended, or who never used their invitation, gets
none). The message holds one neutral line and a link into Baton, nothing of the child's record
and no name. Each parent reached is recorded at once, so a retry writes only to those not reached
yet; a process that dies between handing a message to the server and recording it sends that
one message again, once, when the notice's lease runs out.

A failing server puts the notice off (one minute, then doubling, at most an hour) and ends the
pass; nothing is lost, and no request ever waits for it (passes run in a thread of their own:
``baton worker``, or ``baton serve`` when it runs the projections). A notice still unsent
``BATON_MAIL_GIVE_UP_HOURS`` after what it tells is given up. Logs name notices by id and
failures by kind: never an address, a name, or the server's reply (which may quote an address).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import smtplib
import ssl
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import TYPE_CHECKING
from uuid import UUID

from api.master_key import derive_key
from api.settings import Settings
from domain.application import Baton
from domain.errors import ChildErased, NotFound
from domain.journey.child import Child
from projections.store.db import Database
from projections.store.mail_outbox import MailOutbox, Notice
from projections.views.notifications import CONSENT, OPENED, SHARED

if TYPE_CHECKING:
    from api.services import Services

log = logging.getLogger("baton.mail")

BATCH = 50  # notices claimed per pass at most
LEASE = timedelta(minutes=15)  # a claimed notice is another sender's again after this
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
KEEP = timedelta(days=30)  # notices (sent or not) are forgotten this long after their event
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class Wording:
    subject: str
    line: str
    path: str  # under BATON_PUBLIC_URL; {child_id} is filled in


WORDING = {
    SHARED: Wording(
        "Something new in Baton",
        "There is something new for you in Baton:",
        "/family/children/{child_id}",
    ),
    CONSENT: Wording(
        "A consent to decide in Baton",
        "You are asked for a consent in Baton:",
        "/family/children/{child_id}/consents",
    ),
    OPENED: Wording(
        # Neutral: a school, a health visiting team or a family hub may have opened it.
        "The shared record was opened",
        "The organisation you shared the record with has opened it. See it in Baton:",
        "/family/children/{child_id}/consents",
    ),
}
FOOTER = (
    "This email holds nothing else: sign in to see it.\n"
    "You receive it because you have a parent's or carer's account in Baton."
)


# Failures of one message only (its recipient for now, or its content): the next may go.
ONE_MESSAGE = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


class Unfinished(Exception):
    """Some of a notice's messages went (``sent``), others must wait: ``__cause__`` says why."""

    def __init__(self, sent: int) -> None:
        super().__init__(sent)
        self.sent = sent


class Refused(Exception):
    """The server refused this recipient for good (a 5xx reply to RCPT, or no usable address)."""


def failure_kind(error: BaseException) -> str:
    """A word for what failed (smtplib's errors are OSErrors too: they are looked at first)."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "login"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "disconnected"
    if isinstance(error, smtplib.SMTPException):
        return "smtp"
    if isinstance(error, ssl.SSLError):
        return "tls"
    if isinstance(error, TimeoutError):
        return "timeout"
    return "connection"


class Connection:
    """One SMTP session, opened when the first message is handed over."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        assert s.smtp_host is not None
        port = s.smtp_port or DEFAULT_PORTS[s.smtp_security]
        timeout = s.smtp_timeout_seconds
        client: smtplib.SMTP
        if s.smtp_security == "ssl":
            context = ssl.create_default_context()
            client = smtplib.SMTP_SSL(s.smtp_host, port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(s.smtp_host, port, timeout=timeout)
        try:
            if s.smtp_security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if s.smtp_username is not None and s.smtp_password is not None:
                client.login(s.smtp_username, s.smtp_password.get_secret_value())
        except BaseException:
            client.close()
            raise
        return client

    def send(self, message: EmailMessage) -> None:
        if self.client is None:
            self.client = self._open()
        try:
            self.client.send_message(message)
        except smtplib.SMTPRecipientsRefused as e:
            codes = [code for code, _ in e.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise Refused from None
            raise
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            if not isinstance(e, smtplib.SMTPResponseException):
                self.close()  # the session is gone; the next message opens another
            raise

    def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


class Mailer:
    """Sends what is due in the mail outbox; ``send_due`` is one pass, ``run`` the loop."""

    def __init__(self, settings: Settings, app: Baton, db: Database, key: bytes) -> None:
        if not settings.mail_enabled or not settings.public_url or not settings.mail_from:
            raise ValueError("email needs BATON_SMTP_HOST, BATON_PUBLIC_URL and BATON_MAIL_FROM")
        self.settings, self.app = settings, app
        self.outbox = MailOutbox(db)
        self.public_url = settings.public_url.rstrip("/")
        self.sender = settings.mail_from
        self.give_up = timedelta(hours=settings.mail_give_up_hours)
        self._key = key
        domain = parseaddr(self.sender)[1].rpartition("@")[2]
        self._id_domain = domain or "baton.invalid"

    @classmethod
    def of(cls, services: Services, settings: Settings | None = None) -> Mailer:
        """The sender for ``services`` (with ``settings``, when not the services' own)."""
        return cls(
            settings or services.settings,
            services.app,
            services.db,
            derive_key(services.master_key, "mail-recipients"),
        )

    def run(self, stop: threading.Event) -> None:
        """A pass every BATON_MAIL_INTERVAL_SECONDS until ``stop`` is set."""
        while not stop.is_set():
            try:
                self.send_due()
            except Exception as e:  # noqa: BLE001 - the loop outlives a failing pass
                log.warning("a mail pass failed (%s); will try again", type(e).__name__)
            stop.wait(self.settings.mail_interval_seconds)

    def send_due(self, now: datetime | None = None) -> int:
        """Send what is due by ``now``; how many messages went out."""
        now = now or datetime.now(UTC)
        connection = Connection(self.settings)
        sent = 0
        try:
            for found in self.outbox.due(now, BATCH):
                if now - found.created_at > self.give_up:
                    self.outbox.finish(found.id, now, "too_old")
                    log.info("notice %s given up: older than the give-up time", found.id)
                    continue
                notice = self.outbox.claim(found, now + LEASE)
                if notice is None:
                    continue  # another sender has it
                try:
                    sent += self._deliver(notice, connection, now)
                except Unfinished as e:
                    sent += e.sent
                    if not self._put_off(notice, e.__cause__ or e, now):
                        break
                except (smtplib.SMTPException, OSError) as e:
                    if not self._put_off(notice, e, now):
                        break
        finally:
            connection.close()
        return sent

    def _put_off(self, notice: Notice, error: BaseException, now: datetime) -> bool:
        """Try the notice again later; whether the pass may go on (the server is reachable)."""
        kind = failure_kind(error)
        delay = min(FIRST_RETRY * 2 ** (notice.attempts - 1), LONGEST_RETRY)
        self.outbox.put_off(notice.id, now + delay, kind)
        log.warning(
            "notice %s not sent (%s, attempt %d); trying again in %ds",
            notice.id,
            kind,
            notice.attempts,
            delay.total_seconds(),
        )
        return isinstance(error, ONE_MESSAGE)

    def _deliver(self, notice: Notice, connection: Connection, now: datetime) -> int:
        try:
            child = self.app.child(notice.child_id)
        except (NotFound, ChildErased):
            child = None
        if child is None or child.erased_at is not None:
            self.outbox.drop(notice.id)
            log.info("notice %s dropped: the child's record is no longer in Baton", notice.id)
            return 0
        reached = self.outbox.reached(notice.id)
        sent, failed = 0, None
        for parent_id in self._recipients(child):
            recipient = self._recipient(notice.id, parent_id)
            if recipient in reached:
                continue
            try:
                parent = self.app.parent(parent_id)
            except NotFound:
                continue
            if parent.password_hash is None:
                continue  # never signed in: the address is unconfirmed, the link of no use
            try:
                connection.send(self._message(notice, parent.email, now))
            except Refused:
                self.outbox.record(notice.id, recipient, "refused", now)
                log.warning("notice %s: the server refused a recipient for good", notice.id)
                continue
            except ONE_MESSAGE as e:  # this parent later; the others now
                failed = failed or e
                continue
            self.outbox.record(notice.id, recipient, "sent", now)
            sent += 1
        if failed is not None:
            raise Unfinished(sent) from failed
        self.outbox.finish(notice.id, now)
        log.log(logging.INFO if sent else logging.DEBUG, "notice %s: %d sent", notice.id, sent)
        return sent

    @staticmethod
    def _recipients(child: Child) -> list[UUID]:
        """The child's parents whose access is open, as the child's record says now."""
        return sorted(UUID(p) for p in child.parents if child.parent_may_see(UUID(p)))

    def _recipient(self, notice_id: str, parent_id: UUID) -> str:
        text = f"{notice_id}:{parent_id}".encode()
        return hmac.new(self._key, text, hashlib.sha256).hexdigest()

    def link(self, notice: Notice) -> str:
        return self.public_url + WORDING[notice.kind].path.format(child_id=notice.child_id)

    def _message(self, notice: Notice, to: str, now: datetime) -> EmailMessage:
        wording = WORDING[notice.kind]
        message = EmailMessage()
        try:
            message["To"] = to
        except ValueError:  # not an address a header can hold
            raise Refused from None
        message["From"] = self.sender
        message["Subject"] = wording.subject
        message["Date"] = format_datetime(now)
        message["Message-ID"] = make_msgid(domain=self._id_domain)
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no automatic replies
        message.set_content(f"{wording.line}\n{self.link(notice)}\n\n{FOOTER}\n")
        return message
