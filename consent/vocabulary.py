"""The words of consent: categories of a child's record, purposes, lawful bases, statuses."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """What part of a child's record a share covers."""

    JOURNEY = "journey"  # observations and the characteristics of effective learning
    ASSESSMENTS = "assessments"  # progress check at two, transition summary
    VOICES = "voices"  # the child's "All about me" and the parent's view
    SEND = "send"  # special educational needs and disabilities
    # The progress check at two alone (the integrated review shares it with the health visitor);
    # "assessments" covers it too, with the transition summary.
    PROGRESS_CHECK = "progress_check"


class Purpose(StrEnum):
    TRANSITION = "transition"  # moving on to a reception class
    CARE = "care"  # providers the child attends at the same time, working together
    # The health visitor's two-year review, combined with the setting's progress check at two.
    INTEGRATED_REVIEW = "integrated_review"
    # Other professionals around the child: a family hub, speech and language therapy, the local
    # authority's early help (or a health visitor outside the review).
    TEAM_AROUND_THE_CHILD = "team_around_the_child"
    SAFEGUARDING = "safeguarding"


# The categories and purposes in the words a parent or practitioner reads.
CATEGORY_NAMES = {
    Category.JOURNEY: "Learning journey (observations)",
    Category.ASSESSMENTS: "Assessments (progress check, transition summary)",
    Category.VOICES: "The child's and the parent's voice",
    Category.SEND: "Special educational needs (SEND)",
    Category.PROGRESS_CHECK: "The progress check at two",
}
PURPOSE_NAMES = {
    Purpose.TRANSITION: "Moving on to school",
    Purpose.CARE: "Caring for the child together",
    Purpose.INTEGRATED_REVIEW: "The health visitor's review at two",
    Purpose.TEAM_AROUND_THE_CHILD: "Working with other professionals around the child",
    Purpose.SAFEGUARDING: "Safeguarding",
}


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


class RequestStatus(StrEnum):
    """Where a setting's request for a consent stands."""

    OPEN = "open"  # waiting for a parent's answer
    GIVEN = "given"  # answered: a consent names the request
    DECLINED = "declined"  # a parent said no
    CANCELLED = "cancelled"  # the setting no longer asks


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


# Who holds parental responsibility, as far as the relationship a setting recorded tells: a
# mother always does; a father or a parent as the setting knows them, a special guardian and the
# local authority for a looked-after child do. A step-parent, a grandparent, a foster carer or
# another carer hold it only by a court order or an agreement Baton cannot see: the setting
# records their consent on paper, with its evidence, saying they hold it.
HOLD_PARENTAL_RESPONSIBILITY = frozenset(
    {
        Relationship.MOTHER,
        Relationship.FATHER,
        Relationship.PARENT,
        Relationship.SPECIAL_GUARDIAN,
        Relationship.CORPORATE_PARENT,
    }
)


def holds_parental_responsibility(relationship: str) -> bool:
    """Whether someone linked to a child by ``relationship`` may decide consent themselves.

    >>> holds_parental_responsibility("mother"), holds_parental_responsibility("other_carer")
    (True, False)
    """
    return relationship in HOLD_PARENTAL_RESPONSIBILITY
