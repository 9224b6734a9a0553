"""A setting's lists: its children, key persons' caseloads, the consent register."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel

from consent.vocabulary import Status


class SettingChild(BaseModel):
    child_id: UUID
    name: str
    date_of_birth: date
    key_person_id: UUID | None
    observations: dict[str, int]
    last_observed_on: date | None
    consent: Literal["active", "none", "withdrawn"]
    handover: Literal["delivered", "opened", "acknowledged", "revoked"] | None


class CaseloadChild(BaseModel):
    child_id: UUID
    name: str


class Caseload(BaseModel):
    staff_id: UUID | None
    name: str | None
    children: list[CaseloadChild]


class RegisterEntry(BaseModel):
    id: UUID
    child_id: UUID
    child_name: str | None
    given_by: str
    relationship: str
    recipient_id: UUID
    purpose: str
    categories: list[str]
    valid_from: date
    valid_until: date | None
    status: Status
    recorded_at: datetime
