"""The subject-access export: the DPO of the holding organisation only, after re-authentication,
with a reason; everything held on the person, and an audit event for every export."""

import json
import re
from urllib.parse import urlencode

import pytest
from django.test import Client

from accord.accounts.models import Role, Team, User
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases.services import case_viewed
from accord.people.tests.dpo_helpers import DENIED, dpo_client
from accord.testing import (
    PASSWORD,
    SURVIVOR_ADDRESS,
    SURVIVOR_DISCLOSURE,
    SURVIVOR_PHONE,
    Casework,
    World,
    client_for,
    make_user,
    reauthenticate,
)

REASON = "Art. 15 request by letter of 3 March, ref. DP-12"


def url(casework: Casework) -> str:
    return f"/people/{casework.survivor.uid}/subject-access/"


def exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="person.subject_access_exported"))


def programme_dpo(world: World) -> User:
    """The Change Programme's DPO: holds his record, not hers."""
    team = Team.objects.get(service__organisation=world.programme)
    return make_user("dpo_programme", team, Role.DPO)


def export_json(client: Client, casework: Casework) -> dict:
    response = client.post(url(casework), {"reason": REASON, "file_format": "json"})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_it_shows_the_dpo_the_confirmation_page(world: World, casework: Casework) -> None:
    response = client_for(world.dpo).get(url(casework))

    assert response.status_code == 200
    content = response.content.decode()
    assert casework.her_case.reference in content
    assert 'name="reason"' in content
    # The page confirms which record by its cases; her name and address are in the file only.
    assert "García" not in content
    assert SURVIVOR_ADDRESS not in content
    assert exports() == []


def test_it_asks_the_dpo_to_reauthenticate_before_exporting(
    world: World, casework: Casework
) -> None:
    response = client_for(world.dpo).post(url(casework), {"reason": REASON, "file_format": "json"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/reauthenticate/?{urlencode({'next': url(casework)})}"
    assert exports() == []


def test_it_resumes_the_export_after_reauthentication(world: World, casework: Casework) -> None:
    """Defect: the replayed export downloaded while the page stayed on "Confirm access" with an
    empty password box. Now the DPO lands back on the export's page, which offers the file."""
    client = client_for(world.dpo)
    client.post(url(casework), {"reason": REASON, "file_format": "json"})

    response = client.post(
        f"/accounts/reauthenticate/?{urlencode({'next': url(casework)})}", {"password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == url(casework)
    page = client.get(url(casework)).content.decode()
    assert "Access confirmed. Your export is ready to download." in page
    download = re.search(r'action="(/people/[^"]+/subject-access/download/[^"]+/)"', page)
    assert download is not None and exports() == []
    file = client.post(download.group(1))
    assert file["Content-Type"] == "application/json"
    assert file["Content-Disposition"].startswith("attachment;")
    assert len(exports()) == 1
    # Once: the same link gives nothing more.
    assert client.post(download.group(1)).status_code == 404
    assert "download/" not in client.get(url(casework)).content.decode()


def test_a_parked_export_is_for_its_dpo_only(world: World, casework: Casework) -> None:
    client = client_for(world.dpo)
    client.post(url(casework), {"reason": REASON, "file_format": "json"})
    client.post(
        f"/accounts/reauthenticate/?{urlencode({'next': url(casework)})}", {"password": PASSWORD}
    )
    page = client.get(url(casework)).content.decode()
    download = re.search(r'action="(/people/[^"]+/subject-access/download/[^"]+/)"', page)
    assert download is not None
    for persona in ("caseworker", "manager"):
        assert client_for(getattr(world, persona)).post(download.group(1)).status_code == 404
    assert exports() == []


def test_the_json_holds_her_decrypted_record_and_her_notes(
    world: World, casework: Casework
) -> None:
    data = export_json(dpo_client(world), casework)

    person = data["person"]
    assert person["given_name"] == "Ana"
    assert person["family_name"] == "García"
    assert person["date_of_birth"] == "1990-04-02"
    assert person["phone"] == SURVIVOR_PHONE
    # A subject-access export is for her: her own address is hers to receive.
    assert person["real_address"] == SURVIVOR_ADDRESS
    assert person["substitute_address"] == "PO Box 12, Riverton"
    assert person["uid"] == str(casework.survivor.uid)
    assert "name_dob_index" not in person
    [case] = data["cases"]
    assert case["reference"] == casework.her_case.reference
    assert case["key_worker"] == "caseworker_a"
    assert [note["text"] for note in case["notes"]] == [SURVIVOR_DISCLOSURE]
    assert data["holding_organisation"] == "Women's Aid A"
    assert data["exported_by"] == "dpo_a"


def test_the_json_lists_her_household_but_not_who_else_is_in_it(
    world: World, casework: Casework
) -> None:
    data = export_json(dpo_client(world), casework)

    assert data["households"] == [
        {
            "household": casework.household.reference,
            "relationship": "survivor",
            "relationship_label": "Survivor",
            "added_at": data["households"][0]["added_at"],
            "added_by": "caseworker_a",
        }
    ]
    text = json.dumps(data, ensure_ascii=False)
    assert "Luis" not in text and "Pérez" not in text
    assert casework.his_case.reference not in text


def test_the_json_holds_the_audit_events_about_her_records(
    world: World, casework: Casework
) -> None:
    data = export_json(dpo_client(world), casework)

    actions = [(event["action"], event["record_type"]) for event in data["audit_events"]]
    assert ("person.created", "people.person") in actions
    assert ("case.opened", "cases.case") in actions
    assert ("note.added", "cases.note") in actions
    assert all(event["by"] == "caseworker_a" for event in data["audit_events"])


def test_it_leaves_out_other_organisations_events(world: World, casework: Casework) -> None:
    # His programme's DPO answers his request: Women's Aid's events on his case, if any, would
    # tell him that she is in touch with them. Here: the events by the programme only.
    case_viewed(actor=Actor.for_user(world.dpo), case=casework.his_case)
    dpo = programme_dpo(world)
    client = client_for(dpo)
    reauthenticate(client, dpo)

    response = client.post(
        f"/people/{casework.man.uid}/subject-access/", {"reason": REASON, "file_format": "json"}
    )

    data = json.loads(response.content)
    assert data["person"]["given_name"] == "Luis"
    assert {event["by"] for event in data["audit_events"]} == {"facilitator"}
    assert "Ana" not in json.dumps(data["households"])


def test_each_export_is_audited_with_its_reason(world: World, casework: Casework) -> None:
    export_json(dpo_client(world), casework)

    [event] = exports()
    assert event.actor_id == world.dpo.pk
    assert event.object_type == "people.person"
    assert event.object_id == str(casework.survivor.pk)
    assert event.subject_organisation_id == world.womens_aid.pk
    assert event.reason == f"json: {REASON}"


def test_it_names_the_file_by_date_never_by_person(world: World, casework: Casework) -> None:
    response = dpo_client(world).post(url(casework), {"reason": REASON, "file_format": "json"})

    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="subject-access-')
    assert "Ana" not in disposition and str(casework.survivor.uid) not in disposition
    assert "no-store" in response["Cache-Control"]


def test_it_exports_nothing_without_a_reason(world: World, casework: Casework) -> None:
    response = dpo_client(world).post(url(casework), {"reason": "  ", "file_format": "json"})

    assert response.status_code == 400
    assert "Say which request this export answers." in response.content.decode()
    assert exports() == []


def test_it_exports_nothing_for_an_unknown_format(world: World, casework: Casework) -> None:
    response = dpo_client(world).post(url(casework), {"reason": REASON, "file_format": "xml"})

    assert response.status_code == 400
    assert exports() == []


@pytest.mark.parametrize("persona", DENIED)
def test_it_is_missing_for_anyone_else(world: World, casework: Casework, persona: str) -> None:
    # 404 before any re-authentication prompt: the prompt would reveal that the record exists.
    user = getattr(world, persona)
    client = client_for(user)
    # Even freshly re-authenticated.
    reauthenticate(client, user)

    assert client.get(url(casework)).status_code == 404
    assert client.post(url(casework), {"reason": REASON, "file_format": "json"}).status_code == 404
    assert exports() == []


def test_it_is_missing_for_the_dpo_of_another_organisation(
    world: World, casework: Casework
) -> None:
    client = client_for(programme_dpo(world))

    assert client.get(url(casework)).status_code == 404


def test_it_is_missing_for_an_unknown_person(world: World) -> None:
    response = client_for(world.dpo).get(
        "/people/00000000-0000-4000-8000-000000000000/subject-access/"
    )

    assert response.status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(casework: Casework) -> None:
    response = Client().get(url(casework))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
