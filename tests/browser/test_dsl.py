"""The safeguarding lead's day in a real browser: alerts after a refused attempt, a child's access
history with names, a hold placed and released, a signed checkpoint saved, break-glass, and the
safeguarding channel. Runs on both stores; screenshots from the SQLite run."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from tests import factories as f
from tests.api.test_audit_api import JUSTIFICATION, settle, world
from tests.browser.conftest import Live, look, session_cookie

FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # the packet is due 5 school days later
MONDAY_AFTER_DUE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_a_dsl_reviews_alerts_a_childs_history_holds_and_saves_a_checkpoint(
    live: Live, page: Page, store: str
) -> None:
    w = world(live.api)
    f.observation(live.api, w.practitioner, w.child_id)
    stranger = f.staff(live.api, f.organisation(live.api, "nursery", "Elm Tree Nursery"), "dsl")
    refused = live.api.get(f"/v1/children/{w.child_id}", headers=stranger.headers)
    assert refused.status_code == 404
    settle(live.services)
    session_cookie(live, page.context, w.dsl.org_id, w.dsl.id)

    page.goto(live.url + "/home")
    page.get_by_role("link", name="Access log").click()
    expect(page.get_by_role("heading", name="Access log", level=1)).to_be_visible()
    alerts = page.get_by_role("table", name="Alerts, newest first")
    expect(alerts).to_contain_text("Elm Tree Nursery")
    expect(alerts).to_contain_text("Refused")
    look(page, "dsl-audit", store)

    with page.expect_download() as saving:
        page.get_by_role("link", name="Save the signed checkpoint").click()
    saved = saving.value
    assert saved.suggested_filename.startswith("baton-checkpoint-")
    assert saved.suggested_filename.endswith(".txt")

    page.get_by_label("Child's name").fill("Okafor")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_role("heading", name="Access history")).to_contain_text("Amara Okafor")
    history = page.get_by_role("table")
    expect(history).to_contain_text("Elm Tree Nursery")  # who tried, by organisation
    expect(history).to_contain_text("Added: observations")

    page.get_by_label("Reason for a new hold").fill("Section 47 enquiry under way")
    page.get_by_role("button", name="Place a hold").click()
    expect(page.get_by_role("status")).to_contain_text("The hold is on")
    expect(page.get_by_text("Section 47 enquiry under way")).to_be_visible()
    settle(live.services)
    page.reload()
    look(page, "dsl-child-access", store)
    page.get_by_role("link", name="Show refused attempts only").click()
    expect(page.get_by_role("heading", name="Refused attempts, oldest first")).to_be_visible()
    expect(page.get_by_role("table")).not_to_contain_text("Allowed")
    page.get_by_role("link", name="Show every access").click()
    page.get_by_role("button", name="Release this hold").click()
    expect(page.get_by_role("status")).to_contain_text("The hold is released")
    expect(page.get_by_role("button", name="Release this hold")).to_have_count(0)


def test_a_school_dsl_breaks_the_glass_and_works_the_safeguarding_channel(
    live: Live, page: Page, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(live.api)
    f.observation(live.api, w.practitioner, w.child_id)
    sender = f.staff(live.api, w.setting, "dsl")
    now = {"at": FRIDAY}
    monkeypatch.setattr(live.services.app, "clock", lambda: now["at"])
    f.handover(
        live.api,
        sender,
        w.child_id,
        w.school,
        kind="safeguarding",
        justification=JUSTIFICATION,
        information="Open child protection plan; the social worker is named in the file.",
    )
    now["at"] = MONDAY_AFTER_DUE
    session_cookie(live, page.context, w.school_dsl.org_id, w.school_dsl.id)

    page.goto(live.url + "/home")
    page.get_by_role("link", name="Safeguarding").click()
    expect(page.get_by_role("heading", name="Safeguarding channel")).to_be_visible()
    expect(page.get_by_role("heading", name="1 overdue packet")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Overdue was due 27 Nov 2026")
    look(page, "dsl-safeguarding", store)
    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_text("Open child protection plan")).to_be_visible()
    look(page, "dsl-safeguarding-packet", store)
    page.get_by_role("button", name="Acknowledge receipt").click()
    expect(page.get_by_role("status")).to_contain_text("The packet is acknowledged")
    expect(page.get_by_role("table")).to_contain_text("Acknowledged")

    settle(live.services)
    page.get_by_role("link", name="Access log").click()
    page.get_by_label("Child's name").fill("amara")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Amara Okafor").click()
    page.get_by_role("link", name="Emergency access to this child's record (break-glass)").click()
    expect(page.get_by_text("This is break-glass access.")).to_be_visible()
    look(page, "dsl-break-glass", store)
    page.get_by_label("Why do you need access now?").fill("too short")
    page.get_by_role("button", name="Open the record (flagged)").click()
    expect(page.locator(".error-text")).to_be_visible()
    page.get_by_label("Why do you need access now?").fill(JUSTIFICATION)
    page.get_by_role("button", name="Open the record (flagged)").click()
    expect(page.get_by_role("heading", name="Amara Okafor")).to_be_visible()
    expect(page.get_by_text("told Jo a long story")).to_be_visible()
    look(page, "dsl-break-glass-record", store)

    settle(live.services)
    page.get_by_role("link", name="This child's access history").click()
    expect(page.get_by_role("table")).to_contain_text("Break-glass")
