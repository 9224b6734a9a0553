"""The EYFS profile as the Common Transfer File's EYFSP assessment block, for a school's MIS.

``SCHEMA`` (``eyfsp-ctf21.xsd`` beside this module) is Baton's schema of the block, written from
the DfE's CTF 21 specification (version 1.1): every export is checked against it in the tests.
The file carries the pupil's names and date of birth from the school's own record of the child,
since the MIS matches pupils on them: it is sent to the school's own staff only, never logged,
never cached.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from domain.journey.eyfs import EARLY_LEARNING_GOALS, ProfileResult

SCHEMA = Path(__file__).with_name("eyfsp-ctf21.xsd")
CTF_VERSION = "21.0"
SUPPLIER = "Baton"
# The DfE's EYFSP result codes: 1 emerging, 2 expected ("A", not assessed, Baton never writes).
RESULTS = {ProfileResult.EMERGING.value: "1", ProfileResult.EXPECTED.value: "2"}
MEDIA_TYPE = "application/xml"


@dataclass(frozen=True)
class CtfPupil:
    """One pupil's profile as the file carries it."""

    surname: str
    forename: str
    date_of_birth: date
    assessed_on: date
    goals: dict[str, str]  # DfE code -> "expected" | "emerging"


@dataclass(frozen=True)
class CtfSchool:
    name: str
    urn: str | None


def academic_year(day: date) -> str:
    """The year the academic year holding ``day`` began (1 September)."""
    return str(day.year if day.month >= 9 else day.year - 1)


def _add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def build_ctf(school: CtfSchool, pupils: list[CtfPupil], at: datetime) -> bytes:
    """A CTF holding each pupil's EYFS profile (a partial file: the EYFSP block only)."""
    root = ET.Element("CTfile")
    header = _add(root, "Header")
    _add(header, "DocumentName", "Common Transfer File")
    _add(header, "CTFversion", CTF_VERSION)
    _add(header, "DateTime", at.replace(microsecond=0, tzinfo=None).isoformat())
    _add(header, "DocumentQualifier", "partial")
    _add(header, "DataDescriptor", "EYFSP")
    _add(header, "SupplierID", SUPPLIER)
    source = _add(header, "SourceSchool")
    if school.urn and school.urn.isdigit() and len(school.urn) == 6:
        _add(source, "URN", school.urn)
    _add(source, "SchoolName", school.name)
    _add(source, "AcademicYear", academic_year(at.date()))
    data = _add(root, "CTFpupilData")
    for pupil in pupils:
        element = _add(data, "Pupil")
        _add(element, "Surname", pupil.surname)
        _add(element, "Forename", pupil.forename)
        _add(element, "DOB", pupil.date_of_birth.isoformat())
        stage = _add(_add(_add(element, "Assessments"), "StageAssessments"), "KeyStage")
        _add(stage, "Stage", "FS")
        for code in EARLY_LEARNING_GOALS:
            result = _add(stage, "StageAssessment")
            _add(result, "Locale", "EN")
            _add(result, "Year", str(pupil.assessed_on.year))
            _add(result, "Subject", code.partition("_")[0])
            _add(result, "Method", "TA")
            _add(result, "Component", code)
            _add(result, "ResultQualifier", "ELG")
            _add(result, "Result", RESULTS[pupil.goals[code]])
            _add(result, "ResultDate", pupil.assessed_on.isoformat())
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


def file_name(school: CtfSchool, at: datetime) -> str:
    """A name for the download: no child's name in it (the school's URN where it has one)."""
    return f"EYFSP_CTF_{school.urn or 'school'}_{at:%Y%m%d}.xml"
