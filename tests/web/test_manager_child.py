"""A manager's child pages: enrolling, consents with their history, leaving, the subject's
record, erasure and holds; a practitioner and another setting's manager are refused."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.manager_pages import form, refused, sign_in, signed_in_manager, text


def enrolled_child(client: TestClient, csrf: str) -> str:
    answer = client.post(
        "/enrolments/new",
        data=form(
            csrf,
            given_name="Ada",
            family_name="Okafor",
            date_of_birth=f.days_ago(3 * 365),
            started_on=f.days_ago(30),
            send_status="none",
        ),
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.endswith("/manage?done=enrolled")
    return location.split("/")[2]


def test_a_manager_enrols_a_child_and_records_a_parents_consent_then_its_withdrawal(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    child_id = enrolled_child(client, s.csrf)
    school_id = f.listed_organisation(client, "school", name="Oak Hill Primary")
    page = client.get(f"/children/{child_id}/manage?done=enrolled")
    assert "Ada Okafor" in page.text and "No consent is recorded" in page.text
    assert f'<option value="{school_id}">Oak Hill Primary</option>' in offered(page.text, "Schools")
    given = client.post(
        f"/children/{child_id}/consents",
        data=form(
            s.csrf,
            given_by="Grace Okafor",
            relationship="mother",
            parental_responsibility="yes",
            recipient=school_id,
            purpose="transition",
            categories=["journey", "voices"],
        ),
    )
    shown = text(given.text)
    assert "The parent's decision is recorded." in shown
    assert "Oak Hill Primary" in shown and "Grace Okafor (mother)" in shown and "Active" in shown
    consent_id = re.findall(r"/consents/([0-9a-f-]{36})/withdrawal", given.text)[0]
    withdrawn = client.post(
        f"/children/{child_id}/consents/{consent_id}/withdrawal",
        data=form(s.csrf, withdrawn_by="Grace Okafor", reason="changed her mind"),
    )
    assert "Withdrawn" in text(withdrawn.text) and "changed her mind" in withdrawn.text
    assert "Withdrawn only" in client.get("/consents").text
    listed = text(client.get("/consents?status=withdrawn").text)
    assert "Ada Okafor" in listed and "Oak Hill Primary" in listed
    assert "Ada Okafor" not in text(client.get("/consents?status=active").text)


def offered(page: str, kind: str) -> str:
    """The options of the consent form's choice of recipient under ``kind``."""
    choice = page[page.index('<select id="recipient_id"') :]
    group = choice[choice.index(f'<optgroup label="{kind}">') :]
    return group[: group.index("</optgroup>")]


def test_the_consent_form_offers_organisations_by_name_never_asking_for_an_id(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    child_id = enrolled_child(client, s.csrf)
    f.listed_organisation(client, "school", name="Oak Hill Primary")
    minder = f.listed_organisation(client, "childminder", name="Sam Patel Childminding")
    page = client.get(f"/children/{child_id}/manage")
    assert f'<option value="{minder}">Sam Patel Childminding</option>' in offered(
        page.text, "Childminders"
    )
    assert f'value="{s.org_id}"' not in page.text  # never the child's own setting
    assert "baton reference" not in text(page.text).lower()
    assert page.text.index('label="Schools"') < page.text.index('label="Childminders"')
    # What the form once asked for, an id typed as a reference, is still taken.
    typed = client.post(
        f"/children/{child_id}/consents",
        data=form(
            s.csrf,
            given_by="Grace Okafor",
            relationship="mother",
            parental_responsibility="yes",
            recipient="other",
            recipient_reference=minder,
            purpose="care",
            categories=["journey"],
        ),
    )
    assert typed.status_code == 200 and "Sam Patel Childminding" in text(typed.text)


def test_the_children_list_offers_managers_to_enrol_a_child(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    assert 'href="/enrolments/new">Enrol a child</a>' in client.get("/children").text
    sign_in(client, services, f.staff(client, s.org_id, "practitioner"))
    assert "Enrol a child" not in client.get("/children").text


def test_a_consent_form_with_mistakes_comes_back_with_them_marked(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    child_id = enrolled_child(client, s.csrf)
    answer = client.post(
        f"/children/{child_id}/consents",
        data=form(
            s.csrf, given_by="Grace", relationship="mother", recipient="other", purpose="transition"
        ),
    )
    assert answer.status_code == 422
    assert 'id="categories-error"' in answer.text and 'id="recipient_id-error"' in answer.text
    assert 'value="Grace"' in answer.text


def test_leaving_the_subjects_record_and_its_download(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    child_id = enrolled_child(client, s.csrf)
    left = client.post(f"/children/{child_id}/leaving", data=form(s.csrf, left_on=f.days_ago(1)))
    assert "Their leaving is recorded." in left.text and "Still attends" not in left.text
    summary = text(client.get(f"/children/{child_id}/record").text)
    assert "Everything Baton holds about Ada Okafor" in summary
    download = client.get(f"/children/{child_id}/record.json")
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.json()["child"]["given_name"] == "Ada"


def test_erasure_asks_first_is_refused_while_a_hold_is_on_then_erases(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    child_id = enrolled_child(client, s.csrf)
    dsl = f.staff(client, s.org_id, "dsl")
    hold = client.post(
        f"/v1/children/{child_id}/holds", headers=dsl.headers, json={"reason": "a s47 enquiry"}
    )
    assert hold.status_code == 201, hold.text
    assert "On hold" in text(client.get(f"/children/{child_id}/manage").text)
    check = client.get(f"/children/{child_id}/erasure")
    assert "cannot be undone" in check.text and "put a hold on this record" in check.text
    refused_ = client.post(f"/children/{child_id}/erasure", data=form(s.csrf, reason="asked"))
    assert refused_.status_code == 422 and "hold" in text(refused_.text).lower()
    client.post(f"/v1/children/{child_id}/holds/{hold.json()['id']}/release", headers=dsl.headers)
    erased = client.post(f"/children/{child_id}/erasure", data=form(s.csrf, reason="asked"))
    assert "The record is erased" in erased.text
    assert client.get(f"/children/{child_id}/manage").status_code == 410


def test_a_practitioner_and_another_settings_manager_are_refused_and_logged(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    child_id = enrolled_child(client, s.csrf)
    practitioner = f.staff(client, s.org_id, "practitioner")
    sign_in(client, services, practitioner)
    assert client.get(f"/children/{child_id}/manage").status_code == 403
    assert client.get("/consents").status_code == 403
    assert client.get("/enrolments/new").status_code == 403
    assert refused(services, practitioner) == ["child", "consent-register", "child"]
    other = signed_in_manager(client, services)
    assert client.get(f"/children/{child_id}/manage").status_code == 404
    gone = client.post(f"/children/{child_id}/erasure", data=form(other.csrf, reason="x"))
    assert gone.status_code == 404
    assert refused(services, other.manager) == ["child", "erasure"]
