"""The outbox: sending a handover to an organisation a consent names, seeing where packets
stand, revoking one not opened; a packet without consent is refused in the form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.services import Services
from tests import factories as f
from tests.manager_pages import form, refused, sign_in, signed_in_manager, text


def test_a_handover_is_sent_to_a_consented_school_seen_in_the_outbox_and_revoked(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    child_id = f.child(client, s.manager, given_name="Ada", family_name="Okafor")
    school_id = f.listed_organisation(client, "school", name="Oak Hill Primary")
    f.consent(client, s.manager, child_id, school_id)
    first = client.get("/outbox/new")
    assert "Ada Okafor" in first.text and "Seal and send" not in first.text
    second = client.get(f"/outbox/new?child={child_id}")
    assert "Oak Hill Primary" in text(second.text) and "Seal and send" in second.text
    sent = client.post("/outbox/new", data=form(s.csrf, child=child_id, recipient=school_id))
    shown = text(sent.text)
    assert "The packet is sealed and sent." in shown
    assert "Ada Okafor" in shown and "Oak Hill Primary" in shown and "Sent, not opened" in shown
    packet_id = re.findall(r"/outbox/([0-9a-f-]{36})/revocation", sent.text)[0]
    check = client.get(f"/outbox/{packet_id}/revocation")
    assert "Revoke Ada Okafor's packet to Oak Hill Primary?" in text(check.text)
    revoked = client.post(f"/outbox/{packet_id}/revocation", data=form(s.csrf))
    assert "The packet is revoked." in revoked.text and "Revoked" in text(revoked.text)


def test_without_a_consent_in_force_the_form_says_so(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    child_id = f.child(client, s.manager)
    school_id = f.organisation(client, "school")
    page = client.get(f"/outbox/new?child={child_id}")
    assert "No parent's consent to share with a school is in force" in text(page.text)
    forced = client.post("/outbox/new", data=form(s.csrf, child=child_id, recipient=school_id))
    assert forced.status_code == 422 and "consent" in text(forced.text).lower()
    assert refused(services, s.manager) == ["handover-share"]


def test_a_practitioner_is_refused_the_outbox_and_it_is_logged(
    client: TestClient, services: Services
) -> None:
    s = signed_in_manager(client, services)
    practitioner = f.staff(client, s.org_id, "practitioner")
    sign_in(client, services, practitioner)
    assert client.get("/outbox").status_code == 403
    assert client.get("/outbox/new").status_code == 403
    assert refused(services, practitioner) == ["setting-outbox", "handover"]
