"""A parent's own subject access: what Baton holds that they are entitled to, on a page that
says what is in it (and what is not), and as a JSON file to keep.

In it: the parent's own account (name, email, relationship, their group-photo answer), the
child's details and settings, every entry shared with the child's parents and the moments from
home, and the consents about the child with their history. Never in it: safeguarding matters,
entries the settings keep among staff, staff names, or anything of another child (a photo
showing other children only where it is shown to the parent anyway). Each download is in the
access log with the purpose "subject-access".
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api import family
from api.access import Purpose, open_family_child
from api.deps import ServicesDep
from api.schemas.family import (
    ChildRecord,
    ConsentRecord,
    ConsentStep,
    EntryRecord,
    FamilyRecord,
    PhotoRecord,
    SettingAttended,
    YouRecord,
)
from api.services import Services
from api.web.deps import FamilyUser
from api.web.family_words import Words, first_name
from api.web.render import json_download, render
from api.web.session import WebUser
from consent.consents import ConsentRecord as Consent
from consent.consents import status_at
from consent.vocabulary import CATEGORY_NAMES, PURPOSE_NAMES
from domain.access_log.entry import Action
from domain.journey.child import Child

router = APIRouter(include_in_schema=False)


def _consent(words: Words, consent: Consent, today: date) -> ConsentRecord:
    # The vocabularies are StrEnums: their names are found by the stored value itself.
    purpose = consent["purpose"]
    return ConsentRecord(
        id=UUID(consent["id"]),
        recipient=words.setting(consent["recipient_id"]),
        purpose=PURPOSE_NAMES.get(purpose, purpose),  # type: ignore[call-overload]
        categories=[CATEGORY_NAMES.get(c, c) for c in consent["categories"]],  # type: ignore[call-overload]
        status=status_at(consent, today).value,
        given_by=consent["given_by"],
        relationship=consent["relationship"],
        valid_from=consent["valid_from"],
        valid_until=consent["valid_until"],
        evidence=consent["evidence"],
        withdrawn_by=consent["withdrawn_by"],
        withdrawal_reason=consent["withdrawal_reason"],
        history=[  # who recorded each step is a member of staff: left out, as on every page
            ConsentStep(event=h["event"], at=h["at"], detail=h["detail"])
            for h in consent["history"]
        ],
    )


def family_record(services: Services, user: WebUser, child: Child) -> FamilyRecord:
    """The parent's copy of what Baton holds about them and their child."""
    parent_id = family.parent_of(user.principal)
    parent = services.app.parent(parent_id)
    link = child.parents[str(parent_id)]
    words = Words(services, parent_id)
    consents = services.app.consents(child.id)
    today = services.app.today()
    entries = []
    for entry in reversed(family.journal(child)):  # oldest first, as a record reads
        said = words.entry(child, entry)
        photos = [
            PhotoRecord(id=UUID(p), url=f"/family/children/{child.id}/photos/{p}")
            for p in family.photos_shown(services, child, entry)
        ]
        entries.append(EntryRecord.model_validate({**said, "photos": photos}))
    return FamilyRecord(
        made_at=datetime.now(UTC),
        you=YouRecord(
            id=parent_id,
            name=parent.name,
            email=parent.email,
            relationship=link["relationship"],
            group_photos=link["group_photos"],
        ),
        child=ChildRecord(
            id=child.id,
            given_name=child.given_name,
            family_name=child.family_name,
            preferred_name=child.preferred_name,
            date_of_birth=child.date_of_birth,
            settings=[
                SettingAttended(
                    name=words.setting(e["setting_id"]),
                    started_on=e["started_on"],
                    left_on=e.get("left_on"),
                )
                for e in child.enrolments
            ],
        ),
        entries=entries,
        consents=[_consent(words, c, today) for c in (consents.all() if consents else [])],
    )


@router.get("/family/children/{child_id}/record")
def record_page(
    request: Request, child_id: UUID, user: FamilyUser, services: ServicesDep
) -> Response:
    """What the download holds, what it does not, and the button."""
    child = open_family_child(services, user.principal, child_id, Action.READ, "record")
    return render(
        request,
        user,
        "web/family/record.html",
        child=child,
        first_name=first_name(child),
        entries=len(family.journal(child)),
    )


@router.get("/family/children/{child_id}/record.json")
def record_download(child_id: UUID, user: FamilyUser, services: ServicesDep) -> Response:
    """The parent's record as a JSON file (never cached)."""
    child = open_family_child(
        services, user.principal, child_id, Action.READ, "record", Purpose.SUBJECT_ACCESS
    )
    return json_download(family_record(services, user, child), f"baton-record-{child_id}.json")
