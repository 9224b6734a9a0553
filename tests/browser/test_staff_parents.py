"""The staff side of parents and carers in a real browser: a key person invites a child's mother
from the child's page and gets her link once, sees her moment from home on the timeline marked
as hers, shares an observation with the family, names who else is in a photo; a manager ends a
parent's access after a page that asks first."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from playwright.sync_api import Page, expect

from tests import factories, journeys
from tests.api.test_photos import attached
from tests.browser.conftest import Live, look, session_cookie


def test_a_key_person_invites_a_parent_shares_an_entry_and_sees_a_moment_from_home(
    live: Live, page: Page, store: str
) -> None:
    at = journeys.nursery(live.api)
    child_id = journeys.key_child(live.api, at)
    entries = journeys.journey(live.api, at.practitioner, child_id)
    observation = entries["observation"]["id"]
    photo = attached(live.api, at.practitioner, child_id, observation)
    factories.child(live.api, at.manager, given_name="Ben", family_name="Cole")
    factories.child(live.api, at.manager, given_name="Priya", family_name="Shah")
    session_cookie(live, page.context, at.org_id, at.practitioner.id)

    page.goto(f"{live.url}/children/{child_id}")
    page.get_by_role("link", name="Parents and carers").click()
    expect(page.get_by_role("heading", level=1, name="Parents and carers")).to_be_visible()
    expect(
        page.get_by_text("No parent or carer follows Amara Okafor in Baton yet.")
    ).to_be_visible()
    page.get_by_label("Their full name").fill("Maya Okafor")
    page.get_by_role("button", name="Invite them").click()
    expect(page.get_by_role("alert")).to_be_visible()  # no email, no relationship: said so
    expect(page.get_by_label("Their full name")).to_have_value("Maya Okafor")
    look(page, "staff-parents-invite-error", store)
    # A new address: on PostgreSQL one database serves the run, and an address that already
    # signs in to a parent's account adds the child to it (signed up already).
    page.get_by_label("Their email address").fill(
        f"maya.okafor.{next(factories._numbers)}@example.org"
    )
    page.get_by_label("Their relationship to Amara Okafor").select_option(label="Mother")
    page.get_by_role("button", name="Invite them").click()

    expect(page.get_by_role("heading", name="Maya Okafor is invited")).to_be_visible()
    link = page.get_by_label("Sign-in link for Maya Okafor")
    expect(link).to_have_value(f"{live.url}/invitations/" + link.input_value().split("/")[-1])
    assert "/invitations/pv_" in link.input_value()
    look(page, "staff-parents-invited", store)
    page.get_by_role("link", name="Back to Amara Okafor's parents and carers").click()
    card = page.locator(".parents .card", has_text="Maya Okafor")
    expect(card).to_contain_text("Mother")
    expect(card).to_contain_text("Not yet: they have not used their link")
    expect(page.get_by_text("/invitations/")).to_have_count(0)  # shown once, then never again
    look(page, "staff-parents", store)

    parent_id = next(iter(live.services.app.child(UUID(child_id)).parents))
    live.services.app.record_home_moment(
        UUID(child_id),
        UUID(parent_id),
        text="We fed the ducks at the park. She counted all seven of them!",
        recorded_on=date.today(),
    )
    page.get_by_role("link", name="Amara Okafor").click()
    moment = page.locator(".journey > li", has_text="We fed the ducks")
    expect(moment).to_contain_text("From home — Maya Okafor (Mother)")
    expect(moment.get_by_role("button", name="Share with parents")).to_have_count(0)
    shared = page.locator(f"#entry-{observation}")
    shared.get_by_role("button", name="Share with parents").click()
    expect(page.get_by_role("status")).to_contain_text("The entry is shared")
    expect(shared).to_contain_text("Shared with parents")
    expect(shared.get_by_role("button", name="Share with parents")).to_have_count(0)
    look(page, "staff-child-shared", store)

    page.goto(f"{live.url}/children/{child_id}/entries/{observation}/photos")
    page.get_by_role("link", name="Who else is in photo 1?").click()
    expect(page.get_by_role("heading", name="Who else is in this photo?")).to_be_visible()
    page.get_by_label("Ben Cole").check()
    look(page, "staff-photo-tags", store)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: who else is in the photo")
    expect(page.get_by_text("Amara Okafor and 1 other child")).to_be_visible()
    assert "Ben" not in page.url and photo not in page.url  # names never travel in a URL


def test_a_manager_ends_a_parents_access_after_being_asked(
    live: Live, page: Page, store: str
) -> None:
    at = journeys.nursery(live.api)
    child_id = journeys.key_child(live.api, at)
    answer = live.api.post(
        f"/v1/children/{child_id}/parents",
        headers=at.practitioner.headers,
        json={"name": "Sam Okafor", "email": "sam@example.org", "relationship": "father"},
    )
    assert answer.status_code == 201, answer.text
    session_cookie(live, page.context, at.org_id, at.manager.id)

    page.goto(f"{live.url}/children/{child_id}/parents")
    page.get_by_role("link", name="End access for Sam Okafor").click()
    expect(
        page.get_by_role("heading", name="End Sam Okafor's access to Amara Okafor?")
    ).to_be_visible()
    look(page, "staff-parents-end-access", store)
    page.get_by_label("Reason (optional)").fill("Court order of 3 March")
    page.get_by_role("button", name="Yes, end their access").click()

    expect(page.get_by_role("status")).to_contain_text("Their access is ended")
    card = page.locator(".parents .card", has_text="Sam Okafor")
    expect(card).to_contain_text("Ended")
    expect(card.get_by_role("link", name="End access for Sam Okafor")).to_have_count(0)
