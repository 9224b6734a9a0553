"""Consent in a parent's own hands, in a browser at phone width (issue 12): the manager asks the
parents on the child's page; the mother, invited, chooses a password, reads the request in plain
words and gives consent; her receipt; the setting seals a packet to that school; she withdraws,
after a confirmation, and the packet the school had not opened is revoked."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests import factories as f
from tests.browser.conftest import PHONE, Live, look, session_cookie
from tests.journeys import nursery
from tests.parents import invite
from tests.people import PASSWORD


def on_phone(page: Page) -> None:
    """Back to phone width (``look`` photographs both widths, and leaves the desktop's)."""
    page.set_viewport_size(PHONE)


def test_a_parent_gives_consent_on_her_phone_and_withdraws_it_revoking_the_packet(
    live: Live, page: Page, store: str
) -> None:
    at = nursery(live.api)
    child_id = f.child(live.api, at.practitioner)
    school_id = f.listed_organisation(live.api, "school", name="Oakfield Primary")
    f.listed_organisation(live.api, "childminder", name="Jo's Childminding")
    f.staff(live.api, school_id, "teacher")
    invited = invite(live.api, at.practitioner, child_id)

    # The manager asks the parents, choosing the school by name.
    session_cookie(live, page.context, at.org_id, at.manager.id)
    on_phone(page)
    page.goto(f"{live.url}/children/{child_id}/manage")
    page.locator("#ask > summary").click()
    page.get_by_label("Who would receive it").select_option(label="Oakfield Primary")
    look(page, "manager-child-ask-parents", store)
    on_phone(page)
    page.get_by_role("button", name="Ask the parents").click()
    expect(page.get_by_role("status")).to_contain_text("The parents are asked.")
    expect(page.locator(".requests")).to_contain_text("Waiting for an answer")
    page.context.clear_cookies()

    # The mother follows her link, chooses a password, and is signed in.
    page.goto(live.url + invited.path)
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Save password and sign in").click()
    page.goto(f"{live.url}/family/children/{child_id}/consents")
    expect(page.get_by_role("heading", name="Who may see Amara Okafor's record")).to_be_visible()
    look(page, "family-consents", store)
    on_phone(page)

    page.get_by_role("link", name="Read and answer the request about Oakfield Primary").click()
    expect(
        page.get_by_role("heading", name="May Oakfield Primary receive Amara Okafor's record?")
    ).to_be_visible()
    expect(page.get_by_text("saying no changes nothing")).to_be_visible()
    page.get_by_label("Learning journey (observations)").check()
    look(page, "family-consent-request", store)
    on_phone(page)
    page.get_by_role("button", name="Give consent").click()
    expect(page.get_by_role("status")).to_contain_text("This page is your receipt.")
    expect(page.get_by_role("heading", name="Consent receipt")).to_contain_text("Oakfield Primary")
    expect(page.locator("dl.receipt")).to_contain_text("Maya Okafor (mother): you")
    look(page, "family-consent-receipt", store)
    on_phone(page)

    # The setting can now seal a packet to that school.
    sealed = live.api.post(
        "/v1/handovers",
        headers=at.practitioner.headers,
        json={"child_id": child_id, "school_id": school_id},
    )
    assert sealed.status_code == 201, sealed.text
    assert sealed.json()["categories"] == ["journey"]

    # She looks at the form for another recipient, then withdraws the school's consent.
    page.get_by_role("link", name="Who may see Amara Okafor's record").click()
    page.locator("#give > summary").click()
    page.get_by_label("Who may receive it").select_option(label="Jo's Childminding")
    page.get_by_label("The child's and the parent's voice").check()
    look(page, "family-consents-give", store)
    on_phone(page)
    page.get_by_role("link", name="Withdraw consent for Oakfield Primary").click()
    expect(
        page.get_by_role("heading", name="Withdraw your consent for Oakfield Primary?")
    ).to_be_visible()
    page.get_by_label("Why (optional)").fill("We chose another school")
    look(page, "family-consent-withdrawal", store)
    on_phone(page)
    page.get_by_role("button", name="Yes, withdraw my consent").click()
    expect(page.get_by_role("status")).to_contain_text("Your consent is withdrawn.")
    expect(page.get_by_text("Nothing more goes to Oakfield Primary")).to_be_visible()
    look(page, "family-consent-withdrawn", store)

    packet = live.api.get(f"/v1/handovers/{sealed.json()['id']}", headers=at.manager.headers)
    assert packet.json()["status"] == "revoked"
    refused = live.api.post(
        "/v1/handovers",
        headers=at.practitioner.headers,
        json={"child_id": child_id, "school_id": school_id},
    )
    assert refused.status_code == 403
