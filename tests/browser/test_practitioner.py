"""The practitioner's day in a real browser: find a key child, record, see it on the timeline."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests import factories, journeys
from tests.browser.conftest import Live, look, session_cookie


def test_a_key_person_records_an_observation_and_a_voice_and_withdraws_an_entry(
    live: Live, page: Page, store: str
) -> None:
    at = journeys.nursery(live.api)
    child_id = journeys.key_child(live.api, at)
    journeys.journey(live.api, at.practitioner, child_id)
    for given, family in (("Ben", "Cole"), ("Priya", "Shah")):
        factories.child(live.api, at.manager, given_name=given, family_name=family)
    session_cookie(live, page.context, at.org_id, at.practitioner.id)

    page.goto(live.url + "/children")
    expect(page.get_by_role("heading", name="My key children")).to_be_visible()
    look(page, "practitioner-children", store)

    page.get_by_role("link", name="Amara Okafor").first.click()
    expect(page.get_by_role("heading", level=1, name="Amara Okafor")).to_be_visible()
    look(page, "practitioner-child", store)

    page.get_by_role("link", name="Record an observation").click()
    page.get_by_label("Area of learning").select_option(label="Mathematics")
    page.get_by_label("What did you see and hear?").fill("Counted five ducks on the pond.")
    page.get_by_role("button", name="Save observation").click()
    # A quick one (an area and the words): straight back to the timeline.
    expect(page.get_by_text("Counted five ducks on the pond.")).to_be_visible()

    page.get_by_role("link", name="Record an observation").click()
    expect(page.get_by_label("Date observed")).to_have_value(factories.days_ago(0))
    page.get_by_label("Area of learning").select_option(label="Communication and language")
    page.get_by_label("Speaking").check()
    page.get_by_label("Listening, attention and understanding").check()
    page.get_by_label("Playing and exploring").check()
    page.get_by_label("What did you see and hear?").fill("Asked why the moon follows the car.")
    look(page, "practitioner-observation-form", store)
    page.get_by_label("What did you see and hear?").fill("")
    page.get_by_role("button", name="Save observation").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Speaking")).to_be_checked()  # nothing chosen is lost
    look(page, "practitioner-observation-error", store)
    page.get_by_label("What did you see and hear?").fill("Asked why the moon follows the car.")
    page.get_by_role("button", name="Save observation").click()

    entry = page.locator(".journey > li").first
    expect(entry).to_contain_text("Asked why the moon follows the car.")
    expect(entry).to_contain_text("Speaking")
    expect(entry).to_contain_text("Listening, attention and understanding")
    expect(page.get_by_role("status")).to_contain_text("The observation is saved.")

    page.get_by_role("link", name="All about me", exact=True).click()
    look(page, "practitioner-voice-form", store)
    page.get_by_label("What did Amara Okafor tell you?").fill("I want to be a firefighter.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".journey > li").first).to_contain_text("I want to be a firefighter.")

    page.get_by_role("link", name="Assessment", exact=True).click()
    look(page, "practitioner-assessment-form", store)
    page.get_by_role("link", name="Cancel").click()

    page.locator(".journey > li").first.get_by_role("link", name="Withdraw").click()
    page.get_by_label("Why is it withdrawn?").fill("Recorded for the wrong child.")
    page.get_by_role("button", name="Withdraw entry").click()
    withdrawn = page.locator(".journey > li.withdrawn")
    expect(withdrawn).to_contain_text("I want to be a firefighter.")
    expect(withdrawn).to_contain_text("Recorded for the wrong child.")
