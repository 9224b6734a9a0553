"""A partnership in a browser: a manager forms it and invites a second nursery, whose manager
accepts; both read the figures as tables (a hidden figure shows as a dash), and the second
reviews a moderation sample that reads "the child" where the child's name was."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests import partnership_world as w
from tests.browser.conftest import Live, look, session_cookie


def test_a_partnership_is_formed_joined_and_its_figures_and_samples_seen(
    live: Live, page: Page, store: str
) -> None:
    a = w.seeded_setting(live.api, 5)
    b = w.seeded_setting(live.api, 2)
    child = a.children[0]
    b_name = live.api.get(f"/v1/organisations/{b.org_id}", headers=b.manager.headers).json()["name"]
    session_cookie(live, page.context, a.org_id, a.manager.id)
    page.goto(live.url + "/home")
    page.get_by_role("link", name="Partnerships", exact=True).click()
    page.get_by_label("Name").fill("Riverside early years hub")
    page.get_by_label(b_name).check()
    look(page, "partnerships", store)
    page.get_by_role("button", name="Form the partnership").click()
    expect(page.get_by_text("The partnership is formed.")).to_be_visible()
    pid = page.url.split("/partnerships/")[1].split("?")[0]

    assessment = w.assessment(
        live.api, a.practitioner, child["id"], f"{child['given']} counts to 20 with confidence."
    )
    shared = live.api.post(
        f"/v1/partnerships/{pid}/moderation",
        headers=a.manager.headers,
        json={"child_id": child["id"], "assessment_id": assessment["id"]},
    )
    assert shared.status_code == 201, shared.text

    page.context.clear_cookies()
    session_cookie(live, page.context, b.org_id, b.manager.id)
    page.goto(live.url + "/partnerships")
    look(page, "partnerships-invited", store)
    page.get_by_role("link", name="Riverside early years hub").click()
    look(page, "partnership-invited", store)
    page.get_by_role("button", name="Accept and join").click()
    expect(page.get_by_text("Your organisation has joined the partnership.")).to_be_visible()
    expect(page.get_by_role("table", name="Children and packets")).to_be_visible()
    look(page, "partnership-dashboard", store)
    content = page.content()
    assert w.leaks(content, a.children + b.children) == []
    sample = page.locator("article").filter(has_text="counts to 20")
    expect(sample).to_contain_text("The child counts to 20 with confidence.")
    sample.get_by_label("I agree with the judgements").check()
    sample.get_by_label("Comment (optional)").fill("Secure in number; agreed.")
    sample.get_by_role("button", name="Record our view").click()
    expect(page.get_by_text("Your view of the sample is recorded.")).to_be_visible()
    expect(page.locator("article")).to_contain_text("Agrees: Secure in number; agreed.")
    look(page, "partnership-moderation", store)
