"""A consent as a FHIR R4 Consent resource: the one mapping, for the parent's receipt and for
staff (``GET /v1/children/{child_id}/consents/{consent_id}/fhir``).

The child is referred to by id only (no name, no date of birth); the grantor is a contained
RelatedPerson with their relationship (HL7 v3 RoleCode where one fits); the recipient is the
provision's actor (an information recipient); the categories of the record are its classes.
A consent given by a parent signed in to Baton is marked verified with them.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from consent.consents import ConsentRecord, status_at
from consent.vocabulary import CATEGORY_NAMES, PURPOSE_NAMES, Category, Purpose, Status

ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
# The relationships HL7's RoleCode names; the others are given as text only.
RELATIONSHIP_CODES = {
    "mother": ("MTH", "mother"),
    "father": ("FTH", "father"),
    "parent": ("PRN", "parent"),
    "step_parent": ("STPPRN", "step parent"),
    "grandparent": ("GRPRN", "grandparent"),
    "foster_carer": ("PRNFOST", "foster parent"),
}
# FHIR's consent states: a consent no longer in force (withdrawn, ended, replaced) is inactive.
FHIR_STATUS = {
    Status.ACTIVE: "active",
    Status.WITHDRAWN: "inactive",
    Status.EXPIRED: "inactive",
    Status.SUPERSEDED: "inactive",
}
CATEGORY_SYSTEM = "urn:baton:consent-category"
PURPOSE_SYSTEM = "urn:baton:consent-purpose"
PARENT_ACCOUNT_SYSTEM = "urn:baton:parent-account"
GRANTOR = "grantor"  # the contained RelatedPerson's id


def fhir_consent(
    record: ConsentRecord, today: date, recipient_name: str, setting_name: str
) -> dict[str, Any]:
    """``record`` as a FHIR R4 Consent, its status as of ``today``; the organisations are
    referred to by id, with their names as ``display``."""
    status = status_at(record, today)
    patient = {"reference": f"Patient/{record['child_id']}"}
    relationship = record["relationship"].replace("_", " ")
    parent_id = record.get("given_by_parent_id")
    grantor: dict[str, Any] = {
        "resourceType": "RelatedPerson",
        "id": GRANTOR,
        "patient": patient,
        "relationship": [_relationship(record["relationship"])],
        "name": [{"text": record["given_by"]}],
    }
    if parent_id:
        grantor["identifier"] = [{"system": PARENT_ACCOUNT_SYSTEM, "value": parent_id}]
    period = {"start": record["valid_from"].isoformat()}
    if record["valid_until"] is not None:
        period["end"] = record["valid_until"].isoformat()
    recorded_at = record["recorded_at"].isoformat()
    categories = [CATEGORY_NAMES.get(Category(c), c) for c in record["categories"]]
    purpose = PURPOSE_NAMES.get(Purpose(record["purpose"]), record["purpose"])
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "id": record["id"],
        "text": {
            "status": "generated",
            "div": '<div xmlns="http://www.w3.org/1999/xhtml"><p>'
            + escape(
                f"{record['given_by']} ({relationship}) consented on "
                f"{record['recorded_at']:%-d %B %Y} to {recipient_name} receiving: "
                f"{'; '.join(categories)}, for: {purpose}. Status: {status.value}."
            )
            + "</p></div>",
        },
        "contained": [grantor],
        "status": FHIR_STATUS[status],
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                    "display": "Privacy Consent",
                }
            ]
        },
        "category": [
            {
                "coding": [
                    {"system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"}
                ]
            }
        ],
        "patient": patient,
        "dateTime": recorded_at,
        "performer": [
            {"reference": f"#{GRANTOR}", "display": f"{record['given_by']} ({relationship})"}
        ],
        "organization": [
            {"reference": f"Organization/{record['setting_id']}", "display": setting_name}
        ],
        "sourceAttachment": {
            "title": record["evidence"] or "Recorded by the setting",
            "creation": recorded_at,
        },
        "policy": [
            {
                "authority": "https://ico.org.uk",
                "uri": "https://www.legislation.gov.uk/eur/2016/679/article/6",
            }
        ],
        "provision": {
            "type": "permit",
            "period": period,
            "actor": [
                {
                    "role": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                "code": "IRCP",
                                "display": "information recipient",
                            }
                        ]
                    },
                    "reference": {
                        "reference": f"Organization/{record['recipient_id']}",
                        "display": recipient_name,
                    },
                }
            ],
            "purpose": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                    "code": "COC",
                    "display": "coordination of care",
                },
                {"system": PURPOSE_SYSTEM, "code": record["purpose"], "display": purpose},
            ],
            "class": [
                {"system": CATEGORY_SYSTEM, "code": code, "display": name}
                for code, name in zip(record["categories"], categories, strict=True)
            ],
        },
    }
    if parent_id:  # the parent signed in to Baton and decided themselves
        resource["verification"] = [
            {
                "verified": True,
                "verifiedWith": {"reference": f"#{GRANTOR}"},
                "verificationDate": recorded_at,
            }
        ]
    return resource


def _relationship(relationship: str) -> dict[str, Any]:
    text = relationship.replace("_", " ")
    code = RELATIONSHIP_CODES.get(relationship)
    if code is None:
        return {"text": text}
    return {"coding": [{"system": ROLE_CODE, "code": code[0], "display": code[1]}], "text": text}
