"""A parent's whole path, on her phone, with the nursery on its desktop beside her (issue 12):

the key person invites her from the child's page; she chooses a password through the link, signs
out and in again with the sign-in form, reads the journal the nursery shared, and adds a moment
from home, which the key person sees in the journey marked as hers; she gives consent to the
school on the web, which lets the manager seal a packet to that school; she withdraws it, and the
packet the school had not opened is revoked.
"""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests import factories as f
from tests import journeys
from tests.browser.conftest import DESKTOP, PHONE, Live, look, session_cookie, sign_in
from tests.family import observed

PASSWORD = "sunflowers grow tall in june"


def _context(browser: Browser, size: dict[str, int]) -> BrowserContext:
    made = browser.new_context(viewport=size, locale="en-GB", timezone_id="Europe/London")
    made.set_default_timeout(15_000)
    return made


def seen(page: Page, name: str, store: str) -> None:
    look(page, name, store)
    page.set_viewport_size(PHONE)


def test_a_parents_whole_path_from_invitation_to_a_withdrawn_consent(
    live: Live, browser: Browser, store: str
) -> None:
    at = journeys.nursery(live.api)
    amara = journeys.key_child(live.api, at)
    observed(live.api, live.services, at, amara, "Amara sorted the shells by size.", area="M")
    f.listed_organisation(live.api, "school", name="Oakfield Primary")
    email = f"maya.okafor.{next(f._numbers)}@example.org"  # PostgreSQL: one database per run
    staff = _context(browser, DESKTOP).new_page()
    session_cookie(live, staff.context, at.org_id, at.practitioner.id)

    # The key person invites Amara's mother from the child's page: the link is shown once.
    staff.goto(f"{live.url}/children/{amara}")
    staff.get_by_role("link", name="Parents and carers").click()
    staff.get_by_label("Their full name").fill("Maya Okafor")
    staff.get_by_label("Their email address").fill(email)
    staff.get_by_label("Their relationship to Amara Okafor").select_option(label="Mother")
    staff.get_by_role("button", name="Invite them").click()
    link = staff.get_by_label("Sign-in link for Maya Okafor").input_value()

    # She opens it on her phone, chooses a password, signs out, and signs in with the form.
    parent = _context(browser, PHONE).new_page()
    parent.goto(link)
    parent.get_by_label("New password").fill(PASSWORD)
    parent.get_by_label("The same password again").fill(PASSWORD)
    parent.get_by_role("button", name="Save password and sign in").click()
    expect(parent.get_by_role("heading", name="My children", level=1)).to_be_visible()
    parent.get_by_role("button", name="Sign out").click()
    sign_in(parent, live, email, PASSWORD)
    expect(parent.get_by_role("heading", name="My children", level=1)).to_be_visible()

    # The journal holds what the nursery shared; she adds a moment from home.
    parent.get_by_role("link", name="Amara Okafor").click()
    expect(parent.get_by_text("Amara sorted the shells by size.")).to_be_visible()
    parent.get_by_role("link", name="Add a moment from home").click()
    parent.get_by_label("What happened?").fill("Amara counted seven ducks at the park.")
    parent.get_by_role("button", name="Add to the journal").click()
    expect(parent.get_by_role("status")).to_contain_text("Your moment is in the journal")
    seen(parent, "parent-path-journal", store)

    # It reaches the key person's view of the journey, marked as the mother's.
    staff.goto(f"{live.url}/children/{amara}")
    moment = staff.locator(".journey > li", has_text="seven ducks")
    expect(moment).to_contain_text("From home — Maya Okafor (Mother)")

    # She gives consent to the school on the web, and keeps the receipt.
    parent.get_by_role("link", name="Consent and sharing").click()
    if not parent.locator("#give").evaluate("details => details.open"):
        parent.locator("#give > summary").click()
    parent.get_by_label("Who may receive it").select_option(label="Oakfield Primary")
    parent.get_by_label("Learning journey (observations)").check()
    parent.get_by_label("The child's and the parent's voice").check()
    parent.get_by_role("button", name="Give consent").click()
    expect(parent.get_by_role("heading", name="Consent receipt")).to_contain_text(
        "Oakfield Primary"
    )
    seen(parent, "parent-path-receipt", store)

    # That lets the manager seal a packet to that school, on the outbox page.
    session_cookie(live, staff.context, at.org_id, at.manager.id)
    staff.goto(f"{live.url}/outbox")
    staff.get_by_role("link", name="Send a handover").click()
    staff.get_by_label("Child").select_option(label="Amara Okafor")
    staff.get_by_role("button", name="Next").click()
    staff.get_by_label("Oakfield Primary").check()
    staff.get_by_role("button", name="Seal and send").click()
    expect(staff.get_by_text("The packet is sealed and sent.")).to_be_visible()
    row = staff.get_by_role("row").filter(has_text="Amara Okafor")
    expect(row).to_contain_text("Sent, not opened")

    # She withdraws it; the packet the school had not opened is revoked.
    parent.get_by_role("link", name="Who may see Amara Okafor's record").click()
    parent.get_by_role("link", name="Withdraw consent for Oakfield Primary").click()
    parent.get_by_role("button", name="Yes, withdraw my consent").click()
    expect(parent.get_by_role("status")).to_contain_text("Your consent is withdrawn.")
    staff.reload()
    expect(staff.get_by_role("row").filter(has_text="Amara Okafor")).to_contain_text("Revoked")
    seen(staff, "parent-path-outbox-revoked", store)
    staff.context.close()
    parent.context.close()
