"""The reception year in a real browser: the school's manager adds a child whose packet was
acknowledged to the reception class, the teacher records an observation and, at the end of the
year, the EYFS profile (17 goals as radio pairs), sees the good level of development, and
downloads the CTF for the school's MIS; on both stores."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from playwright.sync_api import Page, expect

from api.ctf import SCHEMA
from domain.journey.eyfs import EARLY_LEARNING_GOALS
from tests.browser.conftest import Live, look, session_cookie
from tests.journeys import nursery
from tests.reception import acknowledge, handed, school


def test_a_school_takes_a_child_on_and_records_the_eyfs_profile(
    live: Live, page: Page, store: str
) -> None:
    at, to = nursery(live.api), school(live.api, name="Brook Lane Primary")
    child_id, packet_id = handed(live.api, at, to, given_name="Amara", family_name="Okafor")
    acknowledge(live.api, to, packet_id)

    session_cookie(live, page.context, to.org_id, to.manager.id)
    page.goto(live.url + "/children")
    expect(page.get_by_role("heading", name="Reception class", level=1)).to_be_visible()
    card = page.get_by_role("listitem").filter(has_text="Amara Okafor")
    look(page, "school-reception-waiting", store)
    card.get_by_role("button", name="Add to the reception class").click()
    expect(page.get_by_role("link", name="Amara Okafor")).to_be_visible()
    expect(page.get_by_role("button", name="Add to the reception class")).to_have_count(0)

    page.context.clear_cookies()
    session_cookie(live, page.context, to.org_id, to.teacher.id)
    page.goto(live.url + "/children")
    look(page, "teacher-reception-class", store)
    page.get_by_role("link", name="Amara Okafor").click()
    page.get_by_role("link", name="Record an observation").first.click()
    page.get_by_label("Area of learning").select_option("L")
    page.get_by_label("What did you see and hear?").fill(
        "Amara read the caption under her seaside picture."
    )
    page.get_by_role("button", name="Save observation").click()
    expect(page.get_by_text("Amara read the caption under her seaside picture.")).to_be_visible()
    look(page, "teacher-reception-child", store)

    page.get_by_role("link", name="EYFS profile").click()
    expect(page.get_by_role("heading", name="EYFS profile", level=1)).to_be_visible()
    for code in EARLY_LEARNING_GOALS:
        judged = "emerging" if code == "LIT_E10" else "expected"
        page.locator(f"#goal_{code}-{judged}").check()
    look(page, "teacher-eyfs-profile-form", store)
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_role("status")).to_contain_text("The profile is saved.")
    expect(page.get_by_role("heading", name="Good level of development: Not yet")).to_be_visible()
    look(page, "teacher-eyfs-profile-saved", store)

    page.locator("#goal_LIT_E10-expected").check()
    page.get_by_role("button", name="Save a correction").click()
    expect(page.get_by_role("heading", name="Good level of development: Yes")).to_be_visible()
    expect(page.get_by_text("This profile corrects an earlier one")).to_be_visible()

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download for the MIS (CTF)").click()
    saved = Path(downloading.value.path())
    assert downloading.value.suggested_filename.endswith(".xml")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(saved), etree.XMLParser(resolve_entities=False, no_network=True))
    assert schema.validate(document), schema.error_log
    assert document.findtext("CTFpupilData/Pupil/Forename") == "Amara"
    assert child_id not in saved.read_text()
