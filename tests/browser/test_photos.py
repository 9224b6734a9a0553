"""A practitioner adds a photo to an observation in a real browser and sees it, stripped."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from tests import factories as f
from tests.browser.conftest import Live, look, session_cookie
from tests.images import jpeg_with_gps


def test_a_practitioner_adds_a_photo_to_an_observation_and_sees_it(
    live: Live, context: BrowserContext, page: Page, store: str, tmp_path: Path
) -> None:
    practitioner, child = f.setting_with_child(live.api)
    entry = f.observation(live.api, practitioner, child)["id"]
    session_cookie(live, context, practitioner.org_id, practitioner.id)
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(jpeg_with_gps(1600, 1200))

    page.goto(f"{live.url}/children/{child}/entries/{entry}/photos")
    expect(page.get_by_role("heading", level=1)).to_have_text("Photos")
    expect(page.get_by_text("No photos yet.")).to_be_visible()
    page.get_by_label("Photo", exact=True).set_input_files(str(photo))
    page.get_by_label("What the photo shows (optional)").fill("Amara stacking five bricks")
    page.get_by_role("button", name="Add photo").click()

    expect(page.get_by_role("status")).to_have_text("The photo was added.")
    thumbnail = page.get_by_role("img", name="Amara stacking five bricks")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 320
    look(page, "entry-photos", store)

    thumbnail.click()  # the link opens the photo itself, served by Baton
    expect(page).to_have_url(f"{live.url}/children/{child}/photos/" + page.url.rsplit("/", 1)[-1])
    assert page.evaluate("document.images[0].naturalWidth") == 1600
