"""``baton demo``: a realistic demo (settings, a childminder, schools, staff, 30 children).

Ids are derived from names and tokens from the master key, so running it again keeps what is
there, adds what is missing, and prints the same tokens and web passwords (still stored only as
hashes).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, date, datetime, timedelta
from typing import Any, TextIO
from uuid import UUID, uuid5

from api.cli.demo import data as demo_data
from api.services import Services
from api.web.passwords import hash_password, password_matches, set_password
from domain.access_log.entry import AccessEntry, Action, Outcome
from domain.errors import DomainError, NotFound
from domain.organisations.credentials import issue_token
from domain.organisations.organisation import StaffRecord, token_expires_at

PARENT_NAMES = (
    "Sarah",
    "Amina",
    "Joanna",
    "Kwame",
    "Priya",
    "Tomasz",
    "Grace",
    "Mohammed",
    "Claire",
    "Olu",
    "Hannah",
    "Imran",
)
NAMESPACE = UUID("6f1d3f0e-5b7c-4e55-9a51-0c1e7d2b7a10")


def demo_id(*parts: str) -> UUID:
    return uuid5(NAMESPACE, "/".join(parts))


def months_ago(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, 28))


def demo_password(master_key: bytes, staff_id: UUID) -> str:
    """A demo person's web password: the same on every run with the same master key."""
    digest = hmac.new(master_key, b"baton demo password " + staff_id.bytes, hashlib.sha256)
    return "demo-" + base64.urlsafe_b64encode(digest.digest()[:12]).decode()


def demo_secret(master_key: bytes, staff_id: UUID) -> str:
    digest = hmac.new(master_key, b"baton demo token " + staff_id.bytes, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class DemoLoader:
    def __init__(self, services: Services, out: TextIO) -> None:
        self.services = services
        self.app = services.app
        self.out = out
        self.today = self.app.today()
        self.org_ids: dict[str, UUID] = {}
        self.staff_ids: dict[tuple[str, str], UUID] = {}  # (org key, name) -> id
        self.tokens: list[tuple[str, str, str, str]] = []
        self.people: list[tuple[str, str, str, str]] = []  # email, password, roles, organisation

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.app.repository

    def organisations(self) -> None:
        for org in demo_data.ORGANISATIONS:
            org_id = demo_id("organisation", org["key"])
            self.org_ids[org["key"]] = org_id
            if not self.exists(org_id):
                self.app.create_organisation(org["name"], org["kind"], org["urn"], org_id=org_id)

    def staff(self) -> None:
        for member in demo_data.STAFF:
            org_id = self.org_ids[member["org_key"]]
            staff_id = demo_id("staff", member["org_key"], member["email"])
            self.staff_ids[(member["org_key"], member["name"])] = staff_id
            secret = demo_secret(self.services.master_key, staff_id)
            token, token_hash = issue_token(org_id, staff_id, secret)
            existing = self.app.organisation(org_id).member(staff_id)
            if existing is None:
                self.app.add_staff(
                    org_id,
                    member["name"],
                    member["email"],
                    list(member["roles"]),
                    staff_id=staff_id,
                    secret=secret,
                )
            elif existing["token_hash"] != token_hash or self._expired(existing):
                # the same token, dated afresh once (nearly) expired: an old demo still signs in
                self.app.reissue_token(org_id, staff_id, token_hash)
            org_name = self.app.organisation(org_id).name
            self.tokens.append((", ".join(member["roles"]), org_name, member["name"], token))
            password = self._password(org_id, staff_id)
            self.people.append((member["email"], password, ", ".join(member["roles"]), org_name))

    def _password(self, org_id: UUID, staff_id: UUID) -> str:
        """The member's demo password, set unless it already is (each run prints the same)."""
        password = demo_password(self.services.master_key, staff_id)
        stored = self.app.organisation(org_id).staff_record(staff_id).get("password_hash")
        if not password_matches(stored, password):
            set_password(self.services, org_id, staff_id, password)
        return password

    def _expired(self, member: StaffRecord) -> bool:
        expires = token_expires_at(member, self.services.settings.token_days)
        return expires <= self.app.clock() + timedelta(days=1)

    def audit(self, child_id: UUID, staff_id: UUID, org_id: UUID, resource: str) -> None:
        """The command line's writes are accesses too: one entry each, purpose "demo"."""
        self.services.access_log.append(
            AccessEntry(
                at=datetime.now(UTC),
                actor_id=staff_id,
                actor_org_id=org_id,
                actor_roles=("command-line",),
                action=Action.CREATE,
                child_id=child_id,
                resource=resource,
                outcome=Outcome.ALLOWED,
                purpose="demo",
            )
        )

    def _manager(self, org_key: str) -> tuple[UUID, UUID]:
        org_id = self.org_ids[org_key]
        staff = self.app.organisation(org_id).staff.values()
        return UUID(next(m["id"] for m in staff if "manager" in m["roles"])), org_id

    def _both_agree(self, child_id: UUID, at: str, joining: str, started: date) -> None:
        """The other setting enrols the child as the service asks of anyone: one manager
        proposes, the other setting's manager agrees."""
        setting_id = self.org_ids[joining]
        self.app.propose_enrolment(child_id, setting_id, started, *self._manager(at))
        self.app.agree_enrolment(child_id, setting_id, started, *self._manager(joining))

    def child(self, spec: Any) -> int:
        child_id = demo_id("child", spec["key"])
        if self.exists(child_id):
            return 0
        setting = spec["setting_key"]
        key_person = self.staff_ids[(setting, spec["key_person"])]
        setting_id = self.org_ids[setting]
        self.audit(child_id, key_person, setting_id, "demo-journey")
        started = self.today - timedelta(days=30 * spec["started_months_ago"])
        self.app.register_child(
            child_id=child_id,
            given_name=spec["given_name"],
            family_name=spec["family_name"],
            preferred_name=spec["preferred_name"],
            date_of_birth=months_ago(self.today, spec["age_months"]),
            home_languages=list(spec["home_languages"]),
            send_status=spec["send_status"],
            setting_id=setting_id,
            started_on=started,
            registered_by=key_person,
        )
        self.app.assign_key_person(child_id, setting_id, key_person)
        for other in spec["also_attends"]:
            self._both_agree(child_id, setting, other, started)
        skipped = 0
        for obs in spec["observations"]:
            skipped += self._try(
                lambda o=obs: self.app.record_observation(
                    child_id,
                    area=o["area"],
                    text=o["text"],
                    observed_on=self.ago(o["days_ago"]),
                    elgs=list(o["elgs"]),
                    characteristics=list(o["characteristics"]),
                    setting_id=setting_id,
                    recorded_by=key_person,
                )
            )
        for voice in spec["voices"]:
            skipped += self._try(
                lambda v=voice: self.app.record_voice(
                    child_id,
                    kind=v["kind"],
                    text=v["text"],
                    recorded_on=self.ago(v["days_ago"]),
                    setting_id=setting_id,
                    recorded_by=key_person,
                )
            )
        for assessment in spec["assessments"]:
            skipped += self._try(
                lambda a=assessment: self.app.record_assessment(
                    child_id,
                    kind=a["kind"],
                    assessed_on=self.ago(a["days_ago"]),
                    summary=a["summary"],
                    areas=dict(a["areas"]),
                    setting_id=setting_id,
                    recorded_by=key_person,
                )
            )
        return skipped

    def transition(self, spec: Any, index: int) -> None:
        """For a child moving on: the parent's consent, and for most a packet already sent."""
        school_key = spec.get("moving_to")
        child_id = demo_id("child", spec["key"])
        if not school_key or self.app.consents(child_id) is not None:
            return
        setting = spec["setting_key"]
        key_person = self.staff_ids[(setting, spec["key_person"])]
        self.audit(child_id, key_person, self.org_ids[setting], "demo-consent-and-packet")
        parent = f"{PARENT_NAMES[index % len(PARENT_NAMES)]} {spec['family_name']}"
        self.app.give_consent(
            child_id,
            given_by=parent,
            relationship="mother" if index % 3 else "father",
            parental_responsibility=True,
            recipient_id=self.org_ids[school_key],
            purpose="transition",
            categories=["journey", "assessments", "voices", "send"],
            valid_from=None,
            valid_until=None,
            evidence=f"Transition consent form {1000 + index}",
            setting_id=self.org_ids[setting],
            recorded_by=key_person,
        )
        if index % 4 != 3:  # a few are left for the demo's user to send
            self.app.seal_transition(
                child_id, self.org_ids[school_key], self.org_ids[setting], key_person
            )

    def parents(self) -> None:
        """Parents who follow their child on the web (invited once; each run prints the same
        password)."""
        assert self.services.sign_in_emails is not None
        for spec in demo_data.PARENTS:
            child_id = demo_id("child", spec["child_key"])
            child_spec = next(c for c in demo_data.CHILDREN if c["key"] == spec["child_key"])
            setting = child_spec["setting_key"]
            setting_id = self.org_ids[setting]
            key_person = self.staff_ids[(setting, child_spec["key_person"])]
            parent_id = self.services.sign_in_emails.parent(spec["email"])
            if parent_id is None:
                parent_id = self._invite(spec, child_id, setting_id, key_person)
            password = demo_password(self.services.master_key, parent_id)
            if not password_matches(self.app.parent(parent_id).password_hash, password):
                self.app.choose_parent_password(parent_id, hash_password(password))
            org_name = self.app.organisation(setting_id).name
            self.people.append((spec["email"], password, "parent", org_name))

    def _invite(self, spec: Any, child_id: UUID, setting_id: UUID, key_person: UUID) -> UUID:
        assert self.services.sign_in_emails is not None
        self.audit(child_id, key_person, setting_id, "demo-parents")
        invited = self.app.invite_parent(
            child_id,
            name=spec["name"],
            email=spec["email"],
            relationship=spec["relationship"],
            setting_id=setting_id,
            invited_by=key_person,
            existing=None,
        )
        self.services.sign_in_emails.add_parent(spec["email"], invited.parent_id)
        newest = self.app.child(child_id).entries_of("observation")[: spec["shared_observations"]]
        for entry in newest:
            self.app.share_with_parents(
                child_id, UUID(entry["id"]), setting_id=setting_id, shared_by=key_person
            )
        moment = spec["moment"]
        self.app.record_home_moment(
            child_id,
            invited.parent_id,
            text=moment["text"],
            recorded_on=self.ago(moment["days_ago"]),
        )
        return invited.parent_id

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def _try(self, write: Any) -> int:
        try:
            write()
        except DomainError as e:
            print(f"  (skipped one entry: {e})", file=self.out)
            return 1
        return 0

    def run(self) -> None:
        self.organisations()
        self.staff()
        children = demo_data.CHILDREN
        print(f"Loading {len(children)} children", end="", file=self.out, flush=True)
        for index, spec in enumerate(children):
            self.child(spec)
            self.transition(spec, index)
            print(".", end="", file=self.out, flush=True)
        self.parents()
        print(" done.\n", file=self.out)
        print("Demo people: open http://127.0.0.1:8000 and sign in as one of them.", file=self.out)
        for email, password, roles, org_name in self.people:
            print(f"  {email:<38} {password:<22} {roles:<27} {org_name}", file=self.out)
        print("\nDemo tokens (send as 'Authorization: Bearer <token>'):", file=self.out)
        for roles, org_name, name, token in self.tokens:
            print(f"  {roles:<27} {org_name[:32]:<33} {name:<19} {token}", file=self.out)
        first = demo_data.CHILDREN[0]
        setting = self.org_ids[first["setting_key"]]
        school_key = next(o["key"] for o in demo_data.ORGANISATIONS if o["kind"] == "school")
        lines = [
            "",
            "Try, with the token of someone at the organisation named:",
            f"  GET /v1/settings/{setting}/children        "
            f"({self.app.organisation(setting).name}: its children and their journeys)",
            f"  GET /v1/children/{demo_id('child', first['key'])}/observations   "
            f"({first['given_name']}'s observations)",
            f"  GET /v1/schools/{self.org_ids[school_key]}/handovers        "
            f"({self.app.organisation(self.org_ids[school_key]).name}: packets received)",
        ]
        print("\n".join(lines), file=self.out)
        print(
            "The operator's token is BATON_ADMIN_TOKEN, or the one `baton serve` prints.",
            file=self.out,
        )


def load_demo(services: Services, out: TextIO) -> None:
    try:
        DemoLoader(services, out).run()
    except NotFound as e:
        raise RuntimeError(f"the demo data refers to something missing: {e}") from e
