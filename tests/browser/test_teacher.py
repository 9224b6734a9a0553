"""The reception teacher's day in a real browser: the inbox, a child's packet, the one-page
summary and its PDF, and acknowledging, on both stores."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests import factories as f
from tests import teacher_world as tw
from tests.browser.conftest import SCREENSHOTS, Live, look, session_cookie

A4 = {"width": 794, "height": 1123}  # pixels at 96 per inch


def test_a_teacher_finds_reads_prints_and_acknowledges_a_childs_packet(
    live: Live, page: Page, store: str
) -> None:
    h = tw.handed_over(live.api, observations=40)
    newer = tw.handed_over(
        live.api, observations=2, given_name="Zainab", school_id=h.school_id, teacher=h.teacher
    )
    listed = live.api.get(  # the inbox's view holds both packets (no waiting in the browser)
        f"/v1/schools/{h.school_id}/handovers",
        headers=h.teacher.headers,
        params={"after": newer.position},
    )
    assert listed.status_code == 200, listed.text
    session_cookie(live, page.context, h.school_id, h.teacher.id)

    page.goto(live.url + "/home")
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Zainab Okafor")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Amara Okafor")
    expect(row).to_contain_text("Little Acorns Nursery")
    expect(row).to_contain_text("New")
    look(page, "teacher-inbox", store)
    page.get_by_label("Child's name").fill("amara")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("status")).to_contain_text("1 packet for a child whose name")
    expect(page.get_by_role("link", name="Zainab Okafor")).to_have_count(0)
    look(page, "teacher-inbox-found", store)

    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_role("heading", name="Amara Okafor", level=1)).to_be_visible()
    expect(page.get_by_text("Amara is sociable and curious")).to_be_visible()
    look(page, "teacher-packet", store)

    page.get_by_role("link", name="Read the one-page summary").click()
    expect(page.get_by_role("heading", name="The key person's summary")).to_be_visible()
    expect(page.get_by_role("heading", name="The full learning journey")).to_be_visible()
    look(page, "teacher-summary", store)
    if store == "sqlite":  # as it prints, on a page as wide as A4: what a teacher pins up
        page.set_viewport_size(A4)
        page.emulate_media(media="print")
        page.screenshot(path=str(SCREENSHOTS / "teacher-summary-print.png"))
        page.emulate_media(media="screen")

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download PDF (summary and full journey)").click()
    saved = downloading.value
    assert saved.suggested_filename.endswith(".pdf")
    pages = PdfReader(saved.path()).pages
    assert len(pages) >= 2
    first = " ".join((pages[0].extract_text() or "").split())
    assert "Personal, social and emotional development" in first
    assert "follows from page 2" in first

    page.get_by_role("link", name="Back to the packet").click()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_contain_text("can now see that the packet arrived")
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)
    page.get_by_role("link", name="Back to the inbox").click()
    row = page.get_by_role("row").filter(has_text="Amara Okafor")
    expect(row).to_contain_text("Acknowledged")


def test_a_teacher_of_another_school_gets_a_page_saying_not_found(live: Live, page: Page) -> None:
    h = tw.handed_over(live.api, observations=1)
    other_school, stranger = f.school_with_teacher(live.api)
    session_cookie(live, page.context, other_school, stranger.id)
    page.goto(f"{live.url}/packets/{h.packet_id}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    page.goto(live.url + "/inbox")
    expect(page.get_by_text("Nothing has arrived yet")).to_be_visible()
