"""A manager's day in a browser: staff (and a new sign-in link for one who forgot their
password), a child's consents, and a handover sent and seen."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests import factories as f
from tests.api.test_new_sign_in_link import NEW_PASSWORD
from tests.browser.conftest import DESKTOP, Live, look, session_cookie, sign_in
from tests.people import PASSWORD, choose, invited


def test_a_manager_adds_changes_and_deactivates_a_member_of_staff(
    live: Live, page: Page, store: str
) -> None:
    org = f.organisation(live.api, name="Little Acorns Nursery")
    manager = f.staff(live.api, org, "manager")
    f.staff(live.api, org, "practitioner")
    session_cookie(live, page.context, org, manager.id)
    page.goto(live.url + "/home")
    page.get_by_role("link", name="Staff", exact=True).click()
    look(page, "manager-staff", store)
    page.get_by_role("link", name="Add a member of staff").click()
    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Email address").fill("priya@example.org")
    look(page, "manager-staff-add", store)
    page.get_by_role("button", name="Add them").click()
    expect(page.get_by_role("heading", name="Priya Shah is added")).to_be_visible()
    link = page.get_by_label("Invitation link").input_value()
    assert "/invitations/" in link
    look(page, "manager-staff-added", store)
    page.get_by_role("link", name="Back to staff").click()
    page.get_by_role("link", name="Priya Shah").click()
    page.get_by_label("Designated safeguarding lead").check()
    page.get_by_role("button", name="Save roles").click()
    expect(page.get_by_text("Their roles are changed.")).to_be_visible()
    page.get_by_role("link", name="Deactivate Priya Shah").click()
    page.get_by_role("button", name="Yes, deactivate Priya Shah").click()
    row = page.get_by_role("row").filter(has_text="Priya Shah")
    expect(row).to_contain_text("Deactivated")


def test_a_manager_records_a_consent_and_sends_a_handover(
    live: Live, page: Page, store: str
) -> None:
    org = f.organisation(live.api, name="Little Acorns Nursery")
    manager = f.staff(live.api, org, "manager")
    f.listed_organisation(live.api, "school", name="Oak Hill Primary")
    session_cookie(live, page.context, org, manager.id)
    page.goto(live.url + "/home")
    look(page, "manager-children", store)
    page.get_by_role("link", name="Enrol a child").click()
    page.get_by_label("Given name").fill("Ada")
    page.get_by_label("Family name").fill("Okafor")
    page.get_by_label("Date of birth").fill(f.days_ago(3 * 365))
    page.get_by_label("First day here").fill(f.days_ago(30))
    look(page, "manager-enrol", store)
    page.get_by_role("button", name="Enrol").click()
    expect(page.get_by_text("The child is enrolled.")).to_be_visible()
    page.get_by_label("The parent's or carer's name").fill("Grace Okafor")
    page.get_by_label("Who may receive it").select_option(label="Oak Hill Primary")
    look(page, "manager-consent-form", store)
    page.get_by_role("button", name="Record consent").click()
    expect(page.get_by_text("The parent's decision is recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Oak Hill Primary")).to_be_visible()
    look(page, "manager-child", store)
    page.get_by_role("link", name="Erase Ada Okafor's record").click()
    look(page, "manager-erasure", store)
    page.get_by_role("link", name="Consents", exact=True).click()
    expect(page.get_by_role("row").filter(has_text="Ada Okafor")).to_contain_text("Active")
    look(page, "manager-consents", store)
    page.get_by_role("link", name="Outbox", exact=True).click()
    page.get_by_role("link", name="Send a handover").click()
    page.get_by_label("Child").select_option(label="Ada Okafor")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Oak Hill Primary").check()
    look(page, "manager-send-handover", store)
    page.get_by_role("button", name="Seal and send").click()
    expect(page.get_by_text("The packet is sealed and sent.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Ada Okafor")
    expect(row).to_contain_text("Oak Hill Primary")
    expect(row).to_contain_text("Sent, not opened")
    look(page, "manager-outbox", store)


def test_a_manager_sends_a_new_sign_in_link_and_the_member_chooses_a_new_password(
    live: Live, page: Page, browser: Browser, store: str
) -> None:
    person = invited(live.api)
    choose(live.api, person)  # they had a password, and forgot it
    manager = f._managers[person.org_id]
    session_cookie(live, page.context, person.org_id, manager.id)
    page.goto(live.url + "/home")
    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_role("link", name="Rosa Diaz").click()
    page.get_by_role("button", name="Send a new sign-in link").click()
    expect(page.get_by_role("heading", name="A new sign-in link for Rosa Diaz")).to_be_visible()
    link = page.get_by_label("Sign-in link").input_value()
    assert "/invitations/" in link
    look(page, "manager-staff-new-link", store)

    fresh = browser.new_context(viewport=DESKTOP, locale="en-GB")  # the member's own browser
    try:
        theirs = fresh.new_page()
        theirs.goto(live.url + "/invitations/" + link.rsplit("/invitations/", 1)[1])
        expect(theirs.get_by_text("It replaces your old one")).to_be_visible()
        theirs.get_by_label("New password").fill(NEW_PASSWORD)
        theirs.get_by_label("The same password again").fill(NEW_PASSWORD)
        theirs.get_by_role("button", name="Save password and sign in").click()
        theirs.get_by_role("button", name="Sign out").click()
        sign_in(theirs, live, person.email, PASSWORD)
        expect(theirs.get_by_role("alert")).to_contain_text("do not match an account")
        sign_in(theirs, live, person.email, NEW_PASSWORD)
        expect(theirs.get_by_role("button", name="Sign out")).to_be_visible()
    finally:
        fresh.close()
