"""Every page's router, in one list for ``api/main.py`` (one line per module of pages)."""

from __future__ import annotations

from fastapi import APIRouter

from api.web import (
    access_history,
    account,
    amendments,
    audit,
    break_glass,
    children,
    consents,
    enrolments,
    entries,
    family,
    family_consents,
    family_moments,
    family_record,
    holds,
    inbox,
    invitations,
    outbox,
    packets,
    parents,
    photos,
    records,
    safeguarding,
    signin,
    single_sign_on,
    staff,
    summary,
)

WEB_ROUTERS: list[APIRouter] = [
    signin.router,
    invitations.router,
    account.router,
    single_sign_on.router,
    children.router,
    entries.router,
    photos.router,
    parents.router,
    consents.router,
    family_consents.router,
    staff.router,
    enrolments.router,
    records.router,
    outbox.router,
    summary.router,
    inbox.router,
    packets.router,
    audit.router,
    access_history.router,
    holds.router,
    safeguarding.router,
    break_glass.router,
    family.router,
    family_moments.router,
    family_record.router,
    # Last, though its paths name their collection: a newer page under a child wins a tie.
    amendments.router,
]
