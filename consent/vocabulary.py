"""The words of consent: categories of a child's record, purposes, lawful bases, statuses."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """What part of a child's record a share covers."""

    JOURNEY = "journey"  # observations and the characteristics of effective learning
    ASSESSMENTS = "assessments"  # progress check at two, transition summary
    VOICES = "voices"  # the child's "All about me" and the parent's view
    SEND = "send"  # special educational needs and disabilities


class Purpose(StrEnum):
    TRANSITION = "transition"  # moving on to a reception class
    CARE = "care"  # providers the child attends at the same time, working together
    SAFEGUARDING = "safeguarding"


class Basis(StrEnum):
    """The lawful basis a share rests on."""

    PARENTAL_CONSENT = "parental_consent"
    LEGAL_OBLIGATION = "legal_obligation"  # EYFS: providers of the child's day share
    SAFEGUARDING = "safeguarding"  # no consent needed; DSL to DSL, justified


class Status(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"


class Relationship(StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    PARENT = "parent"
    STEP_PARENT = "step_parent"
    GRANDPARENT = "grandparent"
    FOSTER_CARER = "foster_carer"
    SPECIAL_GUARDIAN = "special_guardian"
    CORPORATE_PARENT = "corporate_parent"  # the local authority, for a looked-after child
    OTHER_CARER = "other_carer"
