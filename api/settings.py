"""Every setting Baton reads, in one place (environment variables prefixed ``BATON_``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    # Errors never repeat what was given: a setting may be a password or a database URL.
    model_config = SettingsConfigDict(
        env_prefix="BATON_", extra="ignore", hide_input_in_errors=True
    )

    database_url: SecretStr | None = Field(
        default=None,
        description="postgresql://user[:password]@host[:port]/dbname; unset uses embedded SQLite.",
    )
    data_dir: Path = Field(default=Path("./var"), description="Where the embedded store lives.")
    admin_token: SecretStr | None = Field(
        default=None, description="The operator's bearer token; generated and printed if unset."
    )
    master_key_file: Path | None = Field(
        default=None,
        description="Key that wraps stored keys and encrypts events at rest; needed on PostgreSQL.",
    )
    key_ring_file: Path | None = Field(
        default=None,
        description="The key ring that wraps children's keys; default: child-keys.ring beside "
        "the master key (made on first start).",
    )
    max_body_bytes: int = Field(default=1_048_576, description="Largest request body accepted.")
    upload_max_bytes: int = Field(
        default=40_000_000,
        ge=1,
        description="Largest multipart/form-data body accepted (forms with photos); other "
        "bodies keep max_body_bytes.",
    )
    photo_max_bytes: int = Field(
        default=15_000_000, ge=1, description="Largest photo file accepted, in bytes."
    )
    photo_max_pixels: int = Field(
        default=50_000_000,
        ge=1,
        description="Most pixels a photo may declare (refuses decompression bombs unread).",
    )
    photo_max_edge: int = Field(
        default=1600, ge=64, description="Longest edge, in pixels, of the photo Baton keeps."
    )
    photo_thumbnail_edge: int = Field(
        default=320, ge=32, description="Longest edge, in pixels, of a photo's thumbnail."
    )
    packet_photos_max_bytes: int = Field(
        default=3_000_000,
        ge=0,
        description="Most bytes of photos a transition packet carries (0: none); past it, "
        "thumbnails, then none.",
    )
    snapshot_interval: int = Field(default=50, description="Events between aggregate snapshots.")
    log_level: str = Field(default="INFO", description="Python logging level.")
    run_projections: bool | None = Field(
        default=None,
        description="Run the projections inside `baton serve`; default: yes on the embedded "
        "store, no on PostgreSQL (where `baton worker` runs them).",
    )
    projection_batch_size: int = Field(
        default=500, ge=1, description="Events per view transaction."
    )
    read_wait_seconds: float = Field(
        default=5.0,
        ge=0,
        description="Longest a GET with ?after= (or a journey list) waits for a view to catch up.",
    )
    projection_pause_before_commit: float = Field(
        default=0.0, ge=0, description="Fault-injection for tests only: hold each batch open."
    )

    db_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="The longest all of one request's database calls may take together; past "
        "it, or with the database down or read-only, the answer is 503 with Retry-After.",
    )
    idempotency_hours: float = Field(
        default=24.0, gt=0, description="How long an Idempotency-Key's answer is kept."
    )
    auth_cache_seconds: float = Field(
        default=5.0, ge=0, description="How long a checked staff token is remembered (0: never)."
    )
    token_days: float = Field(
        default=90,
        gt=0,
        description="How long a staff token works after it was issued; then 401 until a manager "
        "issues a new one.",
    )
    public_url: str | None = Field(
        default=None,
        description="The address people reach Baton at, for links such as invitations; unset, "
        "the address the request came to.",
    )
    session_hours: float = Field(
        default=12,
        gt=0,
        description="How long a web sign-in lasts before the person signs in again.",
    )
    secure_cookies: bool | None = Field(
        default=None,
        description="Mark the web session cookie Secure (sent over HTTPS only). Unset: Secure "
        "whenever the request came over HTTPS (behind a proxy, run with --proxy-headers).",
    )
    auth_failures_per_minute: int = Field(
        default=20,
        ge=0,
        description="Failed authentications allowed per minute from one source address, and "
        "for one staff id, before further attempts get 429 (per process; 0: no limit).",
    )
    sign_in_failures: int = Field(
        default=5,
        ge=0,
        description="Wrong passwords (or two-step codes) allowed for one account, or from one "
        "address, within BATON_SIGN_IN_LOCKOUT_MINUTES before web sign-in is refused for the "
        "rest of that time (per process; 0: no limit).",
    )
    sign_in_lockout_minutes: float = Field(
        default=15, gt=0, description="The window over which failed web sign-ins are counted."
    )
    oidc_issuer: str | None = Field(
        default=None,
        description="Single sign-on: the OpenID Connect provider's issuer URL (e.g. "
        "https://login.microsoftonline.com/<tenant>/v2.0); unset, no single sign-on.",
    )
    oidc_client_id: str | None = Field(default=None, description="Baton's client id there.")
    oidc_client_secret: SecretStr | None = Field(
        default=None, description="Baton's client secret there."
    )
    oidc_name: str = Field(
        default="your organisation's account",
        description='The provider\'s name on the button: "Sign in with <name>".',
    )
    maintenance_interval_seconds: float = Field(
        default=3600, gt=0, description="How often the worker records the end of expired consents."
    )
    retention_years: int = Field(
        default=3,
        ge=1,
        description="Years after a child's last enrolment ended before the record is erased "
        "(unless a DSL's hold stops it).",
    )
    audit_origin: str = Field(
        default="baton.local/audit",
        pattern=r"^[^\s+]+$",
        description="The access log's name in its signed checkpoints (and the signing key's name).",
    )
    school_holidays: str = Field(
        default="",
        description="Days that are not school days, for safeguarding deadlines: comma-separated "
        "YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD ranges.",
    )
    smtp_host: str | None = Field(
        default=None,
        description="Email to parents: the SMTP server to send through; unset, no email is sent.",
    )
    smtp_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="Its port; default 587 with starttls, 465 with ssl, 25 with none.",
    )
    smtp_security: Literal["starttls", "ssl", "none"] = Field(
        default="starttls",
        description="starttls (plain connection upgraded to TLS), ssl (TLS from the start) or "
        "none (only for a relay on the same host or network).",
    )
    smtp_username: str | None = Field(default=None, description="Sign in to the server as.")
    smtp_password: SecretStr | None = Field(default=None, description="And with this password.")
    smtp_timeout_seconds: float = Field(
        default=30, gt=0, description="The longest one exchange with the SMTP server may take."
    )
    mail_from: str | None = Field(
        default=None,
        description="The From of every email (e.g. Baton <baton@example.org>); needed with "
        "BATON_SMTP_HOST.",
    )
    mail_interval_seconds: float = Field(
        default=30, gt=0, description="How often the sender looks for emails to send."
    )
    mail_give_up_hours: float = Field(
        default=72,
        gt=0,
        description="An email not sent within this time of what it tells (the server down, or "
        "email off) is not sent at all: old news is no news.",
    )

    @model_validator(mode="after")
    def _mail_complete(self) -> Self:
        if not self.smtp_host:
            return self
        if not self.public_url or not self.public_url.startswith(("https://", "http://")):
            raise ValueError(
                "BATON_SMTP_HOST is set but BATON_PUBLIC_URL is not an http(s) address: "
                "emails to parents hold only a link, which must be absolute"
            )
        if not self.mail_from:
            raise ValueError("BATON_SMTP_HOST is set but BATON_MAIL_FROM is not")
        if (self.smtp_username is None) != (self.smtp_password is None):
            raise ValueError("set both BATON_SMTP_USERNAME and BATON_SMTP_PASSWORD, or neither")
        return self

    @property
    def mail_enabled(self) -> bool:
        return bool(self.smtp_host)

    @field_validator("school_holidays")
    @classmethod
    def _holidays_parse(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            for day in part.split(".."):
                date.fromisoformat(day)
        return value

    @property
    def holidays(self) -> frozenset[date]:
        days: set[date] = set()
        for part in filter(None, (p.strip() for p in self.school_holidays.split(","))):
            first, _, last = part.partition("..")
            start = date.fromisoformat(first)
            end = date.fromisoformat(last) if last else start
            days.update(start + timedelta(days=n) for n in range((end - start).days + 1))
        return frozenset(days)

    @property
    def projections_in_process(self) -> bool:
        return (not self.uses_postgres) if self.run_projections is None else self.run_projections

    @property
    def uses_postgres(self) -> bool:
        return self.database_url is not None and bool(self.database_url.get_secret_value())

    def database_url_value(self) -> str | None:
        return (
            self.database_url.get_secret_value()
            if self.uses_postgres and self.database_url
            else None
        )
