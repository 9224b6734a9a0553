"""A parent's path on a phone: the invitation's link, a password, their child's journal as the
nursery shared it, a moment from home with a photo that the staff then see, and their record."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from playwright.sync_api import Browser, Page, expect

from tests import factories as f
from tests import journeys
from tests.browser.conftest import PHONE, Live, look
from tests.family import observed, photo_on
from tests.images import jpeg_with_gps
from tests.parents import invite


def seen(page: Page, name: str, store: str) -> None:
    """``look`` (axe and screenshots at both widths), then back to the phone's width."""
    look(page, name, store)
    page.set_viewport_size(PHONE)


def phone(browser: Browser) -> Page:
    context = browser.new_context(viewport=PHONE, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    return context.new_page()


def test_a_parent_joins_reads_the_journal_and_adds_a_moment_from_home_with_a_photo(
    live: Live, browser: Browser, store: str, tmp_path: Path
) -> None:
    at = journeys.nursery(live.api)
    amara = journeys.key_child(live.api, at)
    entry = observed(
        live.api,
        live.services,
        at,
        amara,
        "Amara built a tower of ten bricks and counted them aloud.",
        area="M",
        elgs=["MAT_E11"],
    )
    photo_on(live.api, at.practitioner, amara, entry)
    f.observation(live.api, at.practitioner, amara, text="Kept among the staff.")
    parent = invite(live.api, at.practitioner, amara, name="Maya Okafor")
    picture = tmp_path / "IMG_2041.jpg"
    picture.write_bytes(jpeg_with_gps(1600, 1200))
    page = phone(browser)

    page.goto(live.url + parent.path)  # the link the nursery gave her
    expect(page.get_by_text("Welcome, Maya Okafor")).to_be_visible()
    page.get_by_label("New password").fill("sunflowers grow tall in june")
    page.get_by_label("The same password again").fill("sunflowers grow tall in june")
    page.get_by_role("button", name="Save password and sign in").click()

    expect(page.get_by_role("heading", name="My children", level=1)).to_be_visible()
    seen(page, "family-children", store)
    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amara Okafor")
    expect(page.get_by_text("ten bricks")).to_be_visible()
    expect(page.get_by_text("Kept among the staff.")).to_have_count(0)
    seen(page, "family-journal", store)

    page.get_by_role("link", name="Add a moment from home").click()
    expect(page.get_by_label("Date")).to_have_value(f.days_ago(0))
    page.get_by_role("button", name="Add to the journal").click()  # nothing written yet
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    seen(page, "family-moment-error", store)
    page.get_by_label("What happened?").fill("We planted sunflower seeds; Amara watered them.")
    page.get_by_label("Photos (optional)").set_input_files(str(picture))
    seen(page, "family-moment-form", store)
    page.get_by_role("button", name="Add to the journal").click()

    expect(page.get_by_role("status")).to_contain_text("Your moment is in the journal")
    newest = page.locator(".journey > li").first
    expect(newest).to_contain_text("From home")
    expect(newest).to_contain_text("by you")
    expect(newest).to_contain_text("We planted sunflower seeds; Amara watered them.")
    thumbnail = newest.get_by_role("img")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 320
    seen(page, "family-journal-moment", store)

    voices = live.api.get(f"/v1/children/{amara}/voices", headers=at.practitioner.headers)
    [voice] = voices.json()["items"]  # the nursery has it, marked as the parent's
    assert voice["recorded_by_parent"] and voice["recorded_by"] == parent.id
    assert len(voice["photos"]) == 1

    page.get_by_role("link", name="Download my child's record").click()
    expect(page.get_by_role("heading", name="Download Amara's record")).to_be_visible()
    seen(page, "family-record", store)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the record (JSON file)").click()
    assert download.value.suggested_filename == f"baton-record-{amara}.json"
    page.get_by_role("link", name="My children").click()
    expect(page.get_by_role("heading", name="My children", level=1)).to_be_visible()


def test_a_parent_with_no_child_to_see_is_told_so(live: Live, browser: Browser, store: str) -> None:
    at = journeys.nursery(live.api)
    amara = f.child(live.api, at.practitioner)
    parent = invite(live.api, at.practitioner, amara)
    page = phone(browser)
    page.goto(live.url + parent.path)
    page.get_by_label("New password").fill("sunflowers grow tall in june")
    page.get_by_label("The same password again").fill("sunflowers grow tall in june")
    page.get_by_role("button", name="Save password and sign in").click()
    expect(page.get_by_role("heading", name="My children", level=1)).to_be_visible()
    live.services.app.end_parent_access(  # the manager's ending, without signing her out
        UUID(amara),
        UUID(parent.id),
        setting_id=UUID(at.org_id),
        ended_by=UUID(at.manager.id),
        reason=None,
    )
    page.reload()
    expect(page.get_by_text("There is no child to show you here")).to_be_visible()
    seen(page, "family-no-children", store)
