"""The practitioner's children: their key children and the setting's, and a child's journey.

Every list is read from the views through the API's own functions (so the access log records
each child shown); a search by name is posted, never put in a URL.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.access import deny
from api.deps import ServicesDep
from api.pages import After, CursorQuery
from api.routes import children as child_routes
from api.routes import settings_views
from api.schemas.settings_views import SettingChild
from api.services import Services
from api.web.deps import FormUser, PageUser, PostedForm
from api.web.forms import new_form_key
from api.web.reception import reception_context
from api.web.render import render
from api.web.session import WebUser
from api.web.timeline import KINDS, People, shown, timeline_page
from domain.access_log.entry import Action
from domain.journey.child import months_between
from domain.journey.eyfs import AREA_TITLES, Area
from domain.organisations.organisation import OrganisationKind, Role

router = APIRouter(include_in_schema=False)
PAGE = 50
CONSENT = {
    "active": ("Consent to share", "good"),
    "none": ("No consent yet", ""),
    "withdrawn": ("Consent withdrawn", "bad"),
}
HANDOVER = {
    "delivered": ("Packet sent", ""),
    "opened": ("Packet opened", ""),
    "acknowledged": ("School has it", "good"),
    "revoked": ("Packet revoked", "warn"),
}
SAVED = {
    "observation": "The observation is saved.",
    "voice": "The voice is saved.",
    "assessment": "The assessment is saved.",
    "correction": "The correction is saved; the first text stays in the entry's history.",
    "withdrawal": "The entry is withdrawn; it stays in the history, marked withdrawn.",
    "shared": "The entry is shared: the child's parents and carers see it on their pages.",
}


def age(born: date, today: date) -> str:
    """A young child's age as people say it: "2 years 7 months"."""
    months = months_between(born, today)
    years, rest = divmod(months, 12)
    parts = [f"{years} year{'s' * (years != 1)}"] if years else []
    return " ".join([*parts, f"{rest} month{'s' * (rest != 1)}"])


def _setting(services: Services, user: WebUser) -> UUID:
    """The viewer's setting, or school (its reception class); another recipient holds no
    children here (404)."""
    setting_id, _ = user.principal.staff_ref()
    if not user.is_setting and not at_school(user):
        raise deny(
            services,
            user.principal,
            Action.READ,
            None,
            "setting-children",
            404,
            "children are listed at early-years settings; your organisation has none here",
        )
    return setting_id


def at_school(user: WebUser) -> bool:
    return user.principal.org_kind is OrganisationKind.SCHOOL


def _row(child: SettingChild, key_people: dict[UUID, str], today: date) -> dict[str, Any]:
    gaps = [a for a in Area if not child.observations.get(a.value)]
    return {
        "id": child.child_id,
        "name": child.name,
        "age": age(child.date_of_birth, today),
        "key_person": key_people.get(child.key_person_id) if child.key_person_id else None,
        "gaps": [(a.value, AREA_TITLES[a]) for a in gaps],
        "last_observed_on": child.last_observed_on,
        "consent": CONSENT[child.consent],
        "handover": HANDOVER[child.handover] if child.handover else None,
    }


def _children_page(
    request: Request,
    user: WebUser,
    services: Services,
    *,
    gap: Area | None = None,
    cursor: str | None = None,
    after: int | None = None,
    named: str | None = None,
) -> Response:
    setting_id = _setting(services, user)
    loads = settings_views.key_person_caseloads(setting_id, user.principal, services).items
    key_people = {c.staff_id: c.name for c in loads if c.staff_id and c.name}
    mine = next((c.children for c in loads if c.staff_id == user.principal.staff_id), [])
    page = settings_views.children_page(
        services,
        user.principal,
        setting_id,
        gap,
        cursor=cursor,
        after=after,
        named=named,
        limit=PAGE,
    )
    today = services.app.today()
    return render(
        request,
        user,
        "web/children/list.html",
        key_children=mine,
        children=[_row(c, key_people, today) for c in page.items],
        next=page.next,
        gap=gap.value if gap else "",
        named=named or "",
        areas=[(a.value, AREA_TITLES[a]) for a in Area],
        can_enrol=user.has(Role.MANAGER) and user.is_setting,
        **reception_context(user, services),
    )


@router.get("/children")
def children_list(
    request: Request,
    user: PageUser,
    services: ServicesDep,
    gap: Annotated[Area | None, Query()] = None,
    cursor: CursorQuery = None,
    after: After = None,
) -> Response:
    """My key children first, then every child of the setting, by name."""
    return _children_page(request, user, services, gap=gap, cursor=cursor, after=after)


@router.post("/children")
def children_search(
    request: Request, user: FormUser, services: ServicesDep, form: PostedForm
) -> Response:
    """The setting's children whose name holds what was typed (posted: names stay out of
    URLs, addresses that browsers and proxies keep)."""
    named = str(form.get("name") or "").strip()[:200]
    cursor = form.get("cursor")
    return _children_page(
        request,
        user,
        services,
        cursor=cursor if isinstance(cursor, str) and cursor else None,
        named=named or None,
    )


def child_links(user: WebUser, child_id: UUID) -> list[tuple[str, str]]:
    """Pages about this child beside the journey: its parents and carers, and other roles'
    pages for those who hold the role."""
    links = [(f"/children/{child_id}/parents", "Parents and carers")]
    if user.has(Role.MANAGER):
        links.append((f"/children/{child_id}/manage", "Enrolment, consent and records"))
    if user.has(Role.DSL):
        links.append((f"/children/{child_id}/access", "Access history"))
    if at_school(user):
        links.insert(0, (f"/children/{child_id}/eyfs-profile", "EYFS profile"))
    return links


@router.get("/children/{child_id}")
def child_page(
    request: Request,
    child_id: UUID,
    user: PageUser,
    services: ServicesDep,
    cursor: CursorQuery = None,
    after: After = None,
    saved: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """The child: who they are, and their learning journey as a timeline, newest first."""
    child = child_routes.get_child(child_id, user.principal, services)
    own_org, _ = user.principal.staff_ref()
    people = People(services, own_org)
    entries, next_cursor = timeline_page(services, user.principal, child_id, cursor, after)
    key_person = child.key_persons.get(str(own_org))
    return render(
        request,
        user,
        "web/children/child.html",
        child=child,
        age=age(child.date_of_birth, services.app.today()),
        key_person=people.staff_name(key_person),
        links=child_links(user, child_id),
        entries=[{**shown(e, people, own_org), "share_key": new_form_key()} for e in entries],
        next=next_cursor,
        saved=SAVED.get(saved or ""),
        kinds=KINDS,
        can_record=any(e.setting_id == own_org and e.left_on is None for e in child.enrolments),
    )
