"""Every page a person can reach, seen at phone and desktop width (issue 11: "docs/ holds
screenshots of every page, taken by the tests"), each checked with axe-core on the way.

The pages the other browser tests leave unseen are driven to here as a person would reach them:
a member of staff's page, a token issued, a deactivation to confirm, a packet to revoke and the
page its teacher then finds, an entry to correct or withdraw, the subject's record, a child
with no consent yet, a packet acknowledged, an invitation already used, the error pages and the
single sign-on refusal. The last test holds the table of every page route: one added later
without a screenshot (or a reason it has none) fails CI until it is seen.
"""

from __future__ import annotations

from uuid import uuid4

import httpx
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from tests import factories as f
from tests import journeys
from tests import teacher_world as tw
from tests.browser import test_sign_in as signing_in
from tests.browser.conftest import SCREENSHOTS, Live, look, session_cookie
from tests.browser.test_pages_policy import page_paths
from tests.people import choose, invited

provider = signing_in.provider  # the OpenID provider on loopback, as the sign-in tests run it

# Each page route (by its path template) and the screenshots that show it.
SEEN = {
    "/": ("sign-in", "sign-in-wrong-password"),
    "/account": ("account",),
    "/account/two-step": ("account-two-step",),
    "/audit": ("dsl-audit",),
    "/children": (
        "practitioner-children",
        "school-reception-waiting",
        "teacher-reception-class",
    ),
    "/children/{child_id}": (
        "practitioner-child",
        "staff-child-shared",
        "teacher-reception-child",
    ),
    "/children/{child_id}/access": ("dsl-child-access",),
    "/children/{child_id}/assessments/new": ("practitioner-assessment-form",),
    "/children/{child_id}/break-glass": ("dsl-break-glass",),
    "/children/{child_id}/break-glass/record": ("dsl-break-glass-record",),
    "/children/{child_id}/entries/{entry_id}/photos": ("entry-photos",),
    "/children/{child_id}/erasure": ("manager-erasure",),
    "/children/{child_id}/eyfs-profile": (
        "teacher-eyfs-profile-form",
        "teacher-eyfs-profile-saved",
    ),
    "/children/{child_id}/parents": ("staff-parents", "staff-parents-invite-error"),
    "/children/{child_id}/parents/{parent_id}/access-end": ("staff-parents-end-access",),
    "/children/{child_id}/photos/{photo_id}/tags": ("staff-photo-tags",),
    "/children/{child_id}/manage": (
        "manager-child",
        "manager-child-consent-form",
        "manager-child-ask-parents",
    ),
    "/children/{child_id}/observations/new": (
        "practitioner-observation-form",
        "practitioner-observation-error",
    ),
    "/children/{child_id}/record": ("manager-subject-record",),
    "/children/{child_id}/voices/new": ("practitioner-voice-form",),
    "/children/{child_id}/{collection}/{entry_id}/correction": ("practitioner-correction-form",),
    "/children/{child_id}/{collection}/{entry_id}/withdrawal": ("practitioner-withdrawal-form",),
    "/consents": ("manager-consents",),
    "/docs": ("api-docs",),
    "/enrolments/new": ("manager-enrol",),
    "/family": ("family-children", "family-no-children"),
    "/family/children/{child_id}": ("family-journal", "family-journal-moment"),
    "/family/children/{child_id}/moments/new": ("family-moment-form", "family-moment-error"),
    "/family/children/{child_id}/record": ("family-record",),
    "/family/children/{child_id}/consent-requests/{request_id}": ("family-consent-request",),
    "/family/children/{child_id}/consents": ("family-consents", "family-consents-give"),
    "/family/children/{child_id}/consents/{consent_id}": (
        "family-consent-receipt",
        "family-consent-withdrawn",
    ),
    "/family/children/{child_id}/consents/{consent_id}/withdrawal": ("family-consent-withdrawal",),
    "/inbox": ("teacher-inbox", "teacher-inbox-found"),
    "/invitations/{secret}": ("invitation", "invitation-used"),
    "/outbox": ("manager-outbox",),
    "/outbox/new": ("manager-send-handover",),
    "/outbox/{packet_id}/revocation": ("manager-outbox-revoke",),
    "/partnerships": ("partnerships", "partnerships-invited"),
    "/partnerships/{partnership_id}": (
        "partnership-invited",
        "partnership-dashboard",
        "partnership-moderation",
    ),
    "/packets/{packet_id}": (
        "teacher-packet",
        "teacher-packet-acknowledged",
        "teacher-packet-gone",
    ),
    "/packets/{packet_id}/summary": ("teacher-summary",),
    "/safeguarding": ("dsl-safeguarding",),
    "/safeguarding/packets/{packet_id}": ("dsl-safeguarding-packet",),
    "/sign-in/code": ("sign-in-code",),
    "/sign-in/oidc/callback": ("sign-in-single-sign-on-refused",),
    "/staff": ("manager-staff",),
    "/staff/new": ("manager-staff-add",),
    "/staff/{staff_id}": ("manager-staff-member",),
    "/staff/{staff_id}/deactivation": ("manager-staff-deactivate",),
}
# Page routes that answer no page of their own to photograph, and why.
NOT_A_PAGE = {
    "/home": "a redirect to the person's first page by role",
    "/audit/checkpoint": "a download: the signed checkpoint as text",
    "/children/{child_id}/record.json": "a download: the subject's record as JSON",
    "/children/{child_id}/eyfs-profile.xml": "a download: the EYFS profile as a CTF file",
    "/reception/eyfs-profiles.xml": "a download: the class's EYFS profiles as a CTF file",
    "/family/children/{child_id}/consents/{consent_id}/receipt.json": (
        "a download: the consent as a FHIR R4 Consent resource (JSON)"
    ),
    "/children/{child_id}/photos/{photo_id}": "an image: the photo itself",
    "/children/{child_id}/photos/{photo_id}/thumbnail": "an image: the photo's thumbnail",
    "/family/children/{child_id}/record.json": "a download: a parent's own record as JSON",
    "/family/children/{child_id}/photos/{photo_id}": "an image: the photo, for a parent",
    "/family/children/{child_id}/photos/{photo_id}/thumbnail": "an image: its thumbnail",
    "/packets/{packet_id}/summary.pdf": "a download: the summary as PDF",
    "/sign-in/oidc": "a redirect to the single sign-on provider",
    "/openapi.json": "the API's OpenAPI document (JSON)",
    "/health": "a probe answering JSON",
    "/ready": "a probe answering JSON",
}
# Pages shown in answer to a form, or to a refusal on any path: no route of their own.
SEEN_ELSEWHERE = (
    "manager-staff-token",
    "manager-staff-new-link",
    "staff-parents-invited",
    "error-not-found",
    "error-not-allowed",
)


def named_member(api: TestClient, manager: f.Staff, name: str) -> str:
    answer = api.post(
        f"/v1/organisations/{manager.org_id}/staff",
        headers=manager.headers,
        json={
            "name": name,
            "email": f"member{uuid4().hex[:8]}@example.org",
            "roles": ["practitioner"],
        },
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def test_a_manager_opens_a_member_issues_a_token_and_is_asked_before_deactivating(
    live: Live, page: Page, store: str
) -> None:
    org = f.organisation(live.api, name="Little Acorns Nursery")
    manager = f.staff(live.api, org, "manager")
    named_member(live.api, manager, "Priya Shah")
    session_cookie(live, page.context, org, manager.id)
    page.goto(live.url + "/home")
    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_role("link", name="Priya Shah").click()
    expect(page.get_by_role("heading", name="Priya Shah", level=1)).to_be_visible()
    look(page, "manager-staff-member", store)
    page.get_by_role("button", name="Issue a new token").click()
    expect(page.get_by_role("heading", name="A new token for Priya Shah")).to_be_visible()
    look(page, "manager-staff-token", store)
    page.get_by_role("link", name="Back to Priya Shah").click()
    page.get_by_role("link", name="Deactivate Priya Shah").click()
    expect(page.get_by_role("button", name="Yes, deactivate Priya Shah")).to_be_visible()
    look(page, "manager-staff-deactivate", store)


def test_a_manager_sees_a_childs_record_and_a_child_with_no_consent_yet(
    live: Live, page: Page, store: str
) -> None:
    at = journeys.nursery(live.api)
    child_id = journeys.key_child(live.api, at)
    journeys.journey(live.api, at.practitioner, child_id)
    f.consent(live.api, at.manager, child_id, f.organisation(live.api, "school"))
    f.child(live.api, at.manager, given_name="Ben", family_name="Cole")
    session_cookie(live, page.context, at.org_id, at.manager.id)
    page.goto(live.url + "/home")
    page.get_by_role("link", name="Consents", exact=True).click()
    page.get_by_role("link", name="Amara Okafor").click()
    page.get_by_role("link", name="The subject's record").click()
    expect(page.get_by_role("heading", name="Everything Baton holds about Amara")).to_be_visible()
    look(page, "manager-subject-record", store)
    page.get_by_role("link", name="Children", exact=True).click()
    page.get_by_role("link", name="Ben Cole").click()
    page.get_by_role("link", name="Enrolment, consent and records").click()
    expect(page.get_by_label("The parent's or carer's name")).to_be_visible()  # the form is open
    page.get_by_label("The parent's or carer's name").fill("Sam Cole")
    look(page, "manager-child-consent-form", store)


def test_a_key_person_opens_the_correction_and_withdrawal_forms(
    live: Live, page: Page, store: str
) -> None:
    at = journeys.nursery(live.api)
    child_id = journeys.key_child(live.api, at)
    journeys.journey(live.api, at.practitioner, child_id)
    session_cookie(live, page.context, at.org_id, at.practitioner.id)
    page.goto(live.url + "/children")
    page.get_by_role("link", name="Amara Okafor").first.click()
    oldest = page.locator(".journey > li").last  # the observation
    oldest.get_by_role("link", name="Correct").click()
    expect(page.get_by_role("heading", name="Correct this observation")).to_be_visible()
    look(page, "practitioner-correction-form", store)
    page.get_by_role("link", name="Amara Okafor").click()
    page.locator(".journey > li").first.get_by_role("link", name="Withdraw").click()
    expect(page.get_by_label("Why is it withdrawn?")).to_be_visible()
    look(page, "practitioner-withdrawal-form", store)


def test_a_teacher_acknowledges_one_packet_and_finds_another_revoked(
    live: Live, page: Page, store: str
) -> None:
    read = tw.handed_over(live.api, observations=3)
    revoked = tw.handed_over(
        live.api,
        observations=1,
        given_name="Zainab",
        school_id=read.school_id,
        teacher=read.teacher,
    )
    session_cookie(live, page.context, revoked.manager.org_id, revoked.manager.id)
    page.goto(live.url + "/home")
    page.get_by_role("link", name="Outbox", exact=True).click()
    page.get_by_role("link", name="Revoke the packet for Zainab Okafor").click()
    expect(page.get_by_role("button", name="Yes, revoke it")).to_be_visible()
    look(page, "manager-outbox-revoke", store)
    page.get_by_label("Reason (optional)").fill("Sent to the wrong school")
    page.get_by_role("button", name="Yes, revoke it").click()
    expect(page.get_by_role("status")).to_contain_text("The packet is revoked.")

    page.context.clear_cookies()
    session_cookie(live, page.context, read.school_id, read.teacher.id)
    page.goto(live.url + "/inbox")
    page.get_by_role("link", name="Amara Okafor").click()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_contain_text("can now see that the packet arrived")
    look(page, "teacher-packet-acknowledged", store)
    page.goto(f"{live.url}/packets/{revoked.packet_id}")  # the link kept from before
    expect(page.get_by_role("heading", name="no longer available")).to_be_visible()
    look(page, "teacher-packet-gone", store)


def test_the_pages_that_say_no(live: Live, page: Page, store: str) -> None:
    person = invited(live.api)
    choose(live.api, person)
    page.goto(live.url + person.path)  # the invitation's link, followed a second time
    expect(page.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    look(page, "invitation-used", store)

    practitioner, _ = f.setting_with_child(live.api)
    session_cookie(live, page.context, practitioner.org_id, practitioner.id)
    page.goto(live.url + "/staff")  # a manager's page, from a link passed on
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    look(page, "error-not-allowed", store)
    page.goto(f"{live.url}/children/{uuid4()}")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    look(page, "error-not-found", store)


def test_single_sign_on_for_an_address_that_is_not_staff_is_refused_with_a_page(
    live: Live, page: Page, store: str, provider: str
) -> None:
    httpx.put(f"{provider}/users/kim", json={"email": "kim@example.org", "email_verified": True})
    page.goto(live.url + "/")
    page.get_by_role("link", name="Sign in with Trust Login").click()
    page.locator("input[name=sub]").fill("kim")  # the provider's own sign-in page
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("alert")).to_contain_text("not a member of staff in Baton")
    look(page, "sign-in-single-sign-on-refused", store)


def test_every_page_route_has_a_screenshot_or_a_reason_it_has_none(client: TestClient) -> None:
    routes = set(page_paths(client))
    unseen = sorted(routes - SEEN.keys() - NOT_A_PAGE.keys())
    assert not unseen, f"page routes with no screenshot in SEEN (or reason in NOT_A_PAGE): {unseen}"
    gone = sorted((SEEN.keys() | NOT_A_PAGE.keys()) - routes)
    assert not gone, f"routes in the tables that the app no longer has: {gone}"
    names = [n for shots in SEEN.values() for n in shots] + list(SEEN_ELSEWHERE)
    missing = [
        f"{name}-{width}.png"
        for name in names
        for width in ("phone", "desktop")
        if not (SCREENSHOTS / f"{name}-{width}.png").exists()
    ]
    assert not missing, f"screenshots named in the tables but not in docs/screenshots: {missing}"
