"""A health visitor's integrated review at two in a real browser, on both stores: the team's
inbox, the child's progress check read area by area, and acknowledging it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests import factories as f
from tests.browser.conftest import Live, look, session_cookie
from tests.recipients import CHECK, MOMENT, SUMMARY, child_with_record, recipient


def test_a_health_visitor_opens_the_progress_check_at_two_and_acknowledges_it(
    live: Live, page: Page, store: str
) -> None:
    c = child_with_record(live.api, "Little Acorns Nursery")
    team, health_visitor = recipient(
        live.api, "health_visiting", name="Riverside Health Visiting Team"
    )
    f.consent(
        live.api,
        c.practitioner,
        c.child_id,
        team,
        purpose="integrated_review",
        categories=["progress_check"],
    )
    sealed = live.api.post(
        "/v1/handovers",
        headers=c.practitioner.headers,
        json={"child_id": c.child_id, "recipient_id": team},
    )
    assert sealed.status_code == 201, sealed.text
    listed = live.api.get(  # the inbox's view holds the packet (no waiting in the browser)
        f"/v1/organisations/{team}/inbox",
        headers=health_visitor.headers,
        params={"after": sealed.json()["position"]},
    )
    assert listed.status_code == 200, listed.text
    session_cookie(live, page.context, team, health_visitor.id)

    page.goto(live.url + "/home")
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Children")).to_have_count(0)
    row = page.get_by_role("row").filter(has_text="Amara Okafor")
    expect(row).to_contain_text("Little Acorns Nursery")
    expect(row).to_contain_text("Progress check at two (integrated review)")
    expect(row).to_contain_text("New")
    look(page, "health-visitor-inbox", store)

    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_role("heading", name="Amara Okafor", level=1)).to_be_visible()
    expect(
        page.get_by_text("for the integrated review, from Little Acorns Nursery")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Progress check at two")).to_be_visible()
    expect(page.get_by_text(CHECK)).to_be_visible()
    areas = page.get_by_role("table")
    expect(areas.get_by_role("row").filter(has_text="Personal, social")).to_contain_text(
        "Exceeding"
    )
    expect(areas.get_by_role("row").filter(has_text="Physical")).to_contain_text("Not yet")
    # Only what the parent consented to: no observations, no summary for school.
    expect(page.get_by_text(MOMENT)).to_have_count(0)
    expect(page.get_by_text(SUMMARY)).to_have_count(0)
    expect(page.get_by_role("heading", name="Observations")).to_have_count(0)
    look(page, "health-visitor-progress-check", store)

    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_contain_text("can now see that the packet arrived")
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)
    look(page, "health-visitor-acknowledged", store)
    page.get_by_role("link", name="Back to the inbox").click()
    expect(page.get_by_role("row").filter(has_text="Amara Okafor")).to_contain_text("Acknowledged")
