"""Every programme endpoint: allowed for those the rules give it to, 404 (or 403 for a reader
who may not work it) for everyone else; bad input a 400 with nothing saved."""

import datetime

import pytest
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.programmes import partner_contact
from accord.programmes.models import (
    Attendance,
    AttendanceCode,
    ComplianceReport,
    EnrolmentStatus,
    PartnerContact,
    SafetyInformation,
)
from accord.programmes.tests.helpers import ProgrammeWorld, another_man, enrol, held_sessions
from accord.testing import World, client_for

API = "/api/v1"


def test_programmes_are_listed_to_people(world: World, pw: ProgrammeWorld) -> None:
    response = client_for(world.facilitator).get(f"{API}/programmes/")
    assert response.status_code == 200
    assert response.json()[0]["absence_limit"] == 3
    assert client_for(world.outsider).get(f"{API}/programmes/").status_code == 200


def test_a_group_is_for_its_programme(world: World, pw: ProgrammeWorld) -> None:
    url = f"{API}/programme-groups/{pw.group.pk}/"
    assert client_for(world.facilitator).get(url).status_code == 200
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(pw.partner_worker).get(url).status_code == 404


def test_the_register_through_the_api(world: World, pw: ProgrammeWorld) -> None:
    session = held_sessions(pw.group)[0]
    url = f"{API}/programme-sessions/{session.pk}/register/"
    assert client_for(pw.partner_worker).get(url).status_code == 404
    client = client_for(world.facilitator)
    assert client.get(url).status_code == 200
    line = {"enrolment": str(pw.enrolment.uid), "code": AttendanceCode.ATTENDED_COMPLIED}
    saved = client.post(url, {"lines": [line]}, content_type="application/json")
    assert saved.status_code == 200
    assert saved.json()[0]["code"] == AttendanceCode.ATTENDED_COMPLIED
    again = client.post(url, {"lines": [{**line, "version": 1}]}, content_type="application/json")
    assert again.status_code == 200
    stale = client.post(
        url,
        {"lines": [{**line, "code": AttendanceCode.LATE, "version": 7}]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert Attendance.objects.get().code == AttendanceCode.ATTENDED_COMPLIED


def test_the_register_refuses_a_future_attended(world: World, pw: ProgrammeWorld) -> None:
    future = pw.group.sessions.filter(starts_at__gt=timezone.now()).first()
    response = client_for(world.facilitator).post(
        f"{API}/programme-sessions/{future.pk}/register/",
        {"lines": [{"enrolment": str(pw.enrolment.uid), "code": "attended_complied"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert str(pw.enrolment.uid) in response.json()["lines"]
    assert not Attendance.objects.exists()


def test_enrolments_are_the_programmes_only(world: World, pw: ProgrammeWorld) -> None:
    url = f"{API}/enrolments/{pw.enrolment.uid}/"
    assert client_for(world.facilitator).get(url).status_code == 200
    for user in (pw.partner_worker, world.caseworker, world.outsider):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).get(f"{API}/enrolments/").json() == []


def test_the_move_endpoint_follows_the_table(world: World, pw: ProgrammeWorld) -> None:
    url = f"{API}/enrolments/{pw.enrolment.uid}/move/"
    client = client_for(world.facilitator)
    refused = client.post(
        url, {"version": pw.enrolment.version, "to_status": "referred"}, "application/json"
    )
    assert refused.status_code == 400
    stale = client.post(url, {"version": 1, "to_status": "completed"}, "application/json")
    assert stale.status_code == 409
    moved = client.post(
        url, {"version": pw.enrolment.version, "to_status": "completed"}, "application/json"
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == EnrolmentStatus.COMPLETED
    # The DPO reads the enrolment and may not work it.
    assert client_for(world.dpo).post(url, {}, "application/json").status_code in {403, 404}
    assert client_for(world.outsider).post(url, {}, "application/json").status_code == 404


def test_safety_information_reaches_the_programme_without_its_source(
    world: World, pw: ProgrammeWorld
) -> None:
    create = client_for(pw.partner_worker).post(
        f"{API}/partner-links/{pw.link.pk}/safety-information/",
        {"category": "threats", "urgency": "urgent", "text": "Talks of the car."},
        "application/json",
    )
    assert create.status_code == 201
    url = f"{API}/enrolments/{pw.enrolment.uid}/safety-information/"
    assert client_for(world.facilitator).get(url).json() == []
    partner_contact.safety_information_release(now=timezone.now() + datetime.timedelta(days=30))
    items = client_for(world.facilitator).get(url).json()
    assert [i["text"] for i in items] == ["Talks of the car."]
    assert set(items[0]) == {
        "uid",
        "category",
        "urgency",
        "text",
        "released_on",
        "response",
        "version",
    }
    assert client_for(world.outsider).get(url).status_code == 404


def test_only_her_worker_writes_to_her_partner_link(world: World, pw: ProgrammeWorld) -> None:
    for user in (world.facilitator, world.caseworker, world.outsider):
        client = client_for(user)
        assert (
            client.post(
                f"{API}/partner-links/{pw.link.pk}/safety-information/",
                {"category": "threats", "urgency": "urgent", "text": "x"},
                "application/json",
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"{API}/partner-links/{pw.link.pk}/contacts/",
                {"at": timezone.now().isoformat(), "channel": "phone", "outcome": "spoke"},
                "application/json",
            ).status_code
            == 404
        )
        assert client.get(f"{API}/partner-links/").json() == []
    assert not SafetyInformation.objects.exists()


def test_her_worker_records_a_contact_and_reads_her_schedule(pw: ProgrammeWorld) -> None:
    client = client_for(pw.partner_worker)
    response = client.post(
        f"{API}/partner-links/{pw.link.pk}/contacts/",
        {
            "at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
            "channel": "phone",
            "outcome": "spoke",
        },
        "application/json",
    )
    assert response.status_code == 201
    assert PartnerContact.objects.count() == 1
    links = client.get(f"{API}/partner-links/").json()
    assert links[0]["case"] == pw.link.partner_case.reference
    future = client.post(
        f"{API}/partner-links/{pw.link.pk}/contacts/",
        {
            "at": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
            "channel": "phone",
            "outcome": "spoke",
        },
        "application/json",
    )
    assert future.status_code == 400
    assert PartnerContact.objects.count() == 1


@pytest.mark.parametrize("pdf", [False, True])
def test_compliance_reports_for_probation(world: World, pw: ProgrammeWorld, pdf: bool) -> None:
    made = client_for(world.facilitator).post(
        f"{API}/enrolments/{pw.enrolment.uid}/compliance-reports/",
        {"start": "2025-01-01", "end": timezone.localdate().isoformat()},
        "application/json",
    )
    assert made.status_code == 201
    reference = made.json()["reference"]
    url = f"{API}/compliance-reports/{reference}/" + ("pdf/" if pdf else "")
    response = client_for(pw.probation_officer).get(url)
    assert response.status_code == 200
    for user in (pw.partner_worker, world.outsider, world.caseworker):
        assert client_for(user).get(url).status_code == 404
    denied = client_for(world.outsider).post(
        f"{API}/enrolments/{pw.enrolment.uid}/compliance-reports/",
        {"start": "2025-01-01", "end": "2025-02-01"},
        "application/json",
    )
    assert denied.status_code == 404
    assert ComplianceReport.objects.count() == 1
    assert client_for(pw.probation_officer).get(f"{API}/compliance-reports/").json()


def test_a_report_needs_a_mandated_enrolment(world: World, pw: ProgrammeWorld) -> None:
    voluntary = enrol(pw.programme, another_man(world, "Zed"), group=pw.group)
    response = client_for(world.facilitator).post(
        f"{API}/enrolments/{voluntary.uid}/compliance-reports/",
        {"start": "2025-01-01", "end": "2025-02-01"},
        "application/json",
    )
    assert response.status_code == 400
    assert not ComplianceReport.objects.exists()


def test_reading_his_safety_information_through_the_api_is_audited(
    world: World, pw: ProgrammeWorld
) -> None:
    url = f"{API}/enrolments/{pw.enrolment.uid}/safety-information/"
    before = AuditEvent.objects.filter(action="enrolment.viewed").count()
    assert client_for(world.facilitator).get(url).status_code == 200
    assert AuditEvent.objects.filter(action="enrolment.viewed").count() == before + 1
