"""Every page: allowed for those the rules give it to, 404 for everyone else, and bad input
answered with a clear message and nothing saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.accounts import services as accounts
from accord.accounts.models import Role
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases import services as cases
from accord.programmes import partner_contact, services
from accord.programmes.models import (
    Attendance,
    AttendanceCode,
    ComplianceReport,
    EnrolmentStatus,
    PartnerContact,
    PartnerLink,
    SafetyInformation,
    Session,
)
from accord.programmes.tests.helpers import ProgrammeWorld, another_man, enrol, make_group
from accord.testing import Casework, World, client_for


def _held(pw: ProgrammeWorld) -> Session:
    return pw.group.sessions.filter(starts_at__lt=timezone.now()).order_by("number").first()


def _released_item(pw: ProgrammeWorld, text: str = "He talks about finding out where she lives."):
    item = partner_contact.safety_information_record(
        actor=Actor.for_user(pw.partner_worker),
        link=pw.link,
        category="threats",
        urgency="soon",
        text=text,
    )
    partner_contact.safety_information_release(now=timezone.now() + datetime.timedelta(days=30))
    item.refresh_from_db()
    return item


# --- programmes and groups ------------------------------------------------------------------------


def test_it_lists_programmes_for_the_facilitator(world: World, pw: ProgrammeWorld) -> None:
    response = client_for(world.facilitator).get(reverse("programmes:list"))
    assert response.status_code == 200
    assert "Change Programme" in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "caseworker"])
def test_it_hides_the_programme_pages_from_others(
    world: World, pw: ProgrammeWorld, who: str
) -> None:
    client = client_for(getattr(world, who))
    listing = client.get(reverse("programmes:list"))
    assert listing.status_code == 200
    assert "Tuesday group" not in listing.content.decode()
    assert client.get(reverse("programmes:programme", args=[pw.programme.pk])).status_code == 404
    assert client.get(reverse("programmes:group", args=[pw.group.pk])).status_code == 404


def test_it_shows_the_programme_and_group_pages(world: World, pw: ProgrammeWorld) -> None:
    client = client_for(pw.co_facilitator)
    page = client.get(reverse("programmes:programme", args=[pw.programme.pk]))
    assert page.status_code == 200
    assert "Tuesday group" in page.content.decode()
    group = client.get(reverse("programmes:group", args=[pw.group.pk]))
    assert group.status_code == 200
    assert "Luis" in group.content.decode()


def test_the_partner_support_worker_never_reaches_the_group(pw: ProgrammeWorld) -> None:
    client = client_for(pw.partner_worker)
    assert client.get(reverse("programmes:group", args=[pw.group.pk])).status_code == 404
    session = _held(pw)
    assert client.get(reverse("programmes:register", args=[session.pk])).status_code == 404


# --- the register ---------------------------------------------------------------------------------


def test_the_facilitator_saves_the_register_without_js(world: World, pw: ProgrammeWorld) -> None:
    session = _held(pw)
    client = client_for(world.facilitator)
    url = reverse("programmes:register", args=[session.pk])
    assert client.get(url).status_code == 200
    key = pw.enrolment.pk
    response = client.post(url, {f"code-{key}": AttendanceCode.LATE, f"notes-{key}": "Quiet"})
    assert response.status_code == 302
    attendance = Attendance.objects.get()
    assert attendance.code == AttendanceCode.LATE
    assert attendance.recorded_by == world.facilitator


def test_the_register_answers_htmx_in_place(world: World, pw: ProgrammeWorld) -> None:
    session = _held(pw)
    response = client_for(world.facilitator).post(
        reverse("programmes:register", args=[session.pk]),
        {f"code-{pw.enrolment.pk}": AttendanceCode.ATTENDED_COMPLIED},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="register"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_the_register_refuses_attended_for_a_future_session(
    world: World, pw: ProgrammeWorld
) -> None:
    future = pw.group.sessions.filter(starts_at__gt=timezone.now()).first()
    response = client_for(world.facilitator).post(
        reverse("programmes:register", args=[future.pk]),
        {f"code-{pw.enrolment.pk}": AttendanceCode.ATTENDED_COMPLIED},
    )
    assert response.status_code == 400
    assert "has not started yet" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_register_refuses_a_stale_line(world: World, pw: ProgrammeWorld) -> None:
    session = _held(pw)
    services.attendance_record(
        actor=Actor.for_user(world.facilitator),
        session=session,
        enrolment=pw.enrolment,
        code=AttendanceCode.LATE,
    )
    key = pw.enrolment.pk
    response = client_for(pw.co_facilitator).post(
        reverse("programmes:register", args=[session.pk]),
        {f"code-{key}": AttendanceCode.DID_NOT_ENGAGE, f"version-{key}": "0"},
    )
    assert response.status_code == 409
    assert Attendance.objects.get().code == AttendanceCode.LATE


def test_others_cannot_post_a_register(world: World, pw: ProgrammeWorld) -> None:
    session = _held(pw)
    response = client_for(world.outsider).post(
        reverse("programmes:register", args=[session.pk]),
        {f"code-{pw.enrolment.pk}": AttendanceCode.LATE},
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_the_facilitator_cancels_a_future_session(world: World, pw: ProgrammeWorld) -> None:
    future = pw.group.sessions.filter(starts_at__gt=timezone.now()).first()
    url = reverse("programmes:session_cancel", args=[future.pk])
    assert client_for(world.outsider).post(url, {"reason": "holiday"}).status_code == 404
    assert client_for(world.facilitator).post(url, {"reason": "holiday"}).status_code == 302
    future.refresh_from_db()
    assert future.is_cancelled


# --- his enrolment --------------------------------------------------------------------------------


def test_his_enrolment_page_is_for_the_programme_only(world: World, pw: ProgrammeWorld) -> None:
    url = reverse("programmes:enrolment", args=[pw.enrolment.uid])
    assert client_for(world.facilitator).get(url).status_code == 200
    for user in (pw.partner_worker, world.caseworker, world.outsider, pw.probation_officer):
        assert client_for(user).get(url).status_code == 404


def test_the_facilitator_moves_the_status_along_the_table(world: World, pw: ProgrammeWorld) -> None:
    url = reverse("programmes:enrolment_move", args=[pw.enrolment.uid])
    client = client_for(world.facilitator)
    refused = client.post(url, {"version": pw.enrolment.version, "to_status": "referred"})
    assert refused.status_code == 400
    stale = client.post(url, {"version": 1, "to_status": EnrolmentStatus.BREACH})
    assert stale.status_code == 409
    moved = client.post(url, {"version": pw.enrolment.version, "to_status": EnrolmentStatus.BREACH})
    assert moved.status_code == 302
    pw.enrolment.refresh_from_db()
    assert pw.enrolment.status == EnrolmentStatus.BREACH
    assert client_for(pw.partner_worker).post(url, {}).status_code == 404


def test_it_enrols_from_his_case(world: World, pw: ProgrammeWorld, casework: Casework) -> None:
    case = another_man(world, "Omar")
    url = reverse("programmes:enrol", args=[case.reference])
    assert client_for(world.outsider).get(url).status_code == 404
    client = client_for(world.facilitator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"programme": pw.programme.pk, "route": "voluntary"})
    assert response.status_code == 302
    # Her case is not a programme case: a clear refusal, nothing saved.
    her = client_for(world.caseworker).post(
        reverse("programmes:enrol", args=[casework.her_case.reference]),
        {"programme": pw.programme.pk, "route": "voluntary"},
    )
    assert her.status_code == 400


def test_the_group_cannot_be_set_to_a_facilitator_who_supports_his_partner(
    world: World, pw: ProgrammeWorld
) -> None:
    enrolment = enrol(pw.programme, another_man(world, "Pat", household_partner="Rita"))
    link = PartnerLink.objects.get(enrolment=enrolment)
    her_case = link.partner_case
    cases.case_update(
        actor=Actor.system(),
        case=her_case,
        expected_version=her_case.version,
        key_worker=pw.partner_worker,
        status=her_case.status,
    )
    accounts.membership_create(
        actor=Actor.system(), user=pw.partner_worker, team=world.group_work, role=Role.FACILITATOR
    )
    group = make_group(pw.programme, pw.partner_worker, pw.co_facilitator)
    response = client_for(world.facilitator).post(
        reverse("programmes:enrolment_group", args=[enrolment.uid]),
        {"version": enrolment.version, "group": group.pk},
    )
    assert response.status_code == 400
    assert "partner-support worker" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.group is None


# --- safety information ---------------------------------------------------------------------------


def test_the_facilitator_answers_released_safety_information(
    world: World, pw: ProgrammeWorld
) -> None:
    item = _released_item(pw)
    page = client_for(world.facilitator).get(
        reverse("programmes:enrolment", args=[pw.enrolment.uid])
    )
    assert "finding out where she lives" in page.content.decode()
    url = reverse("programmes:safety_response", args=[item.uid])
    data = {"version": item.version, "response": "Raised in the group."}
    assert client_for(world.outsider).post(url, data).status_code == 404
    assert client_for(world.facilitator).post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.response == "Raised in the group."


def test_unreleased_safety_information_is_not_shown(world: World, pw: ProgrammeWorld) -> None:
    partner_contact.safety_information_record(
        actor=Actor.for_user(pw.partner_worker),
        link=pw.link,
        category="threats",
        urgency="soon",
        text="Not yet released text",
    )
    page = client_for(world.facilitator).get(
        reverse("programmes:enrolment", args=[pw.enrolment.uid])
    )
    assert "Not yet released text" not in page.content.decode()


# --- compliance reports ---------------------------------------------------------------------------


def test_the_facilitator_makes_a_report_that_probation_reads(
    world: World, pw: ProgrammeWorld
) -> None:
    start = timezone.localdate() - datetime.timedelta(days=60)
    url = reverse("programmes:report_make", args=[pw.enrolment.uid])
    data = {"start": start.isoformat(), "end": timezone.localdate().isoformat()}
    assert client_for(world.outsider).post(url, data).status_code == 404
    assert client_for(world.facilitator).post(url, data).status_code == 302
    report = ComplianceReport.objects.get()
    detail = reverse("programmes:report", args=[report.reference])
    assert client_for(pw.probation_officer).get(detail).status_code == 200
    assert client_for(pw.partner_worker).get(detail).status_code == 404
    assert client_for(world.outsider).get(detail).status_code == 404
    received = client_for(pw.probation_officer).get(reverse("programmes:reports"))
    assert report.reference in received.content.decode()
    assert client_for(world.dpo).get(reverse("programmes:reports")).status_code == 404


def test_opening_a_report_is_audited_on_the_page_and_in_the_api(
    world: World, pw: ProgrammeWorld
) -> None:
    start = timezone.localdate() - datetime.timedelta(days=60)
    client_for(world.facilitator).post(
        reverse("programmes:report_make", args=[pw.enrolment.uid]),
        {"start": start.isoformat(), "end": timezone.localdate().isoformat()},
    )
    report = ComplianceReport.objects.get()
    client = client_for(pw.probation_officer)
    assert client.get(reverse("programmes:report", args=[report.reference])).status_code == 200
    assert client.get(f"/api/v1/compliance-reports/{report.reference}/").status_code == 200
    opened = AuditEvent.objects.filter(
        action="compliance_report.viewed",
        object_id=str(report.pk),
        actor_id=pw.probation_officer.pk,
    )
    assert opened.count() == 2


def test_a_report_for_the_future_is_refused(world: World, pw: ProgrammeWorld) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(world.facilitator).post(
        reverse("programmes:report_make", args=[pw.enrolment.uid]),
        {"start": timezone.localdate().isoformat(), "end": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert not ComplianceReport.objects.exists()


# --- her side -------------------------------------------------------------------------------------


def test_the_partner_support_worker_has_her_schedule_and_partner_page(
    world: World, pw: ProgrammeWorld
) -> None:
    client = client_for(pw.partner_worker)
    schedule = client.get(reverse("programmes:partner_schedule"))
    assert schedule.status_code == 200
    assert pw.link.partner_case.reference in schedule.content.decode()
    page = client.get(reverse("programmes:partner", args=[pw.link.pk]))
    assert page.status_code == 200
    assert "On the programme" in page.content.decode()


@pytest.mark.parametrize("who", ["facilitator", "caseworker", "outsider", "dpo"])
def test_no_one_else_reaches_the_partner_pages(world: World, pw: ProgrammeWorld, who) -> None:
    client = client_for(getattr(world, who))
    assert client.get(reverse("programmes:partner", args=[pw.link.pk])).status_code == 404
    contact = reverse("programmes:partner_contact", args=[pw.link.pk])
    assert client.post(contact, {"channel": "phone"}).status_code == 404
    item = reverse("programmes:safety_add", args=[pw.link.pk])
    assert client.post(item, {"text": "x"}).status_code == 404
    channels = reverse("programmes:partner_channels", args=[pw.link.pk])
    assert client.post(channels, {"channels": ["phone"]}).status_code == 404
    assert SafetyInformation.objects.count() == 0


def test_the_facilitator_has_no_schedule(world: World, pw: ProgrammeWorld) -> None:
    assert (
        client_for(world.facilitator).get(reverse("programmes:partner_schedule")).status_code == 404
    )


def test_she_records_contacts_on_her_safe_channels_only(pw: ProgrammeWorld) -> None:
    client = client_for(pw.partner_worker)
    channels = reverse("programmes:partner_channels", args=[pw.link.pk])
    assert client.post(channels, {"channels": ["text"]}).status_code == 302
    url = reverse("programmes:partner_contact", args=[pw.link.pk])
    at = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    data = {"at": at.strftime("%Y-%m-%dT%H:%M"), "outcome": "spoke", "within_safe_times": "on"}
    refused = client.post(url, {**data, "channel": "phone"})
    assert refused.status_code == 400
    assert "has not said this channel is safe" in refused.content.decode()
    assert client.post(url, {**data, "channel": "text"}).status_code == 302
    assert PartnerContact.objects.count() == 1
    pw.link.offer_task.refresh_from_db()
    assert pw.link.offer_task.done_at is not None


def test_she_writes_safety_information(pw: ProgrammeWorld) -> None:
    response = client_for(pw.partner_worker).post(
        reverse("programmes:safety_add", args=[pw.link.pk]),
        {"category": "threats", "urgency": "routine", "text": "He mentions the car."},
    )
    assert response.status_code == 302
    item = SafetyInformation.objects.get()
    assert item.released_on is None
    assert item.source.written_by == pw.partner_worker


# --- the case pages -------------------------------------------------------------------------------


def test_his_case_page_shows_his_enrolment(world: World, pw: ProgrammeWorld, casework) -> None:
    page = client_for(world.facilitator).get(
        reverse("cases:case", args=[casework.his_case.reference])
    )
    assert page.status_code == 200
    assert reverse("programmes:enrolment", args=[pw.enrolment.uid]) in page.content.decode()


def test_her_case_pages_show_his_status_and_the_partner_panel(
    world: World, pw: ProgrammeWorld, casework: Casework
) -> None:
    services.attendance_record(
        actor=Actor.for_user(world.facilitator),
        session=_held(pw),
        enrolment=pw.enrolment,
        code=AttendanceCode.UNACCEPTABLE_ABSENCE,
        notes="Said he was at work - NOTE ON HIS SIDE",
    )
    her_page = (
        client_for(world.caseworker)
        .get(reverse("cases:case", args=[casework.her_case.reference]))
        .content.decode()
    )
    assert "Unacceptable absence" in her_page
    assert "NOTE ON HIS SIDE" not in her_page
    partner_page = (
        client_for(pw.partner_worker)
        .get(reverse("cases:case", args=[pw.link.partner_case.reference]))
        .content.decode()
    )
    assert reverse("programmes:partner", args=[pw.link.pk]) in partner_page
    assert "NOTE ON HIS SIDE" not in partner_page


# --- assessment, statement of understanding, group, home panels ----------------------------------


def test_the_facilitator_records_the_assessment_and_the_statement(
    world: World, pw: ProgrammeWorld
) -> None:
    enrolment = services.enrolment_create(
        actor=Actor.for_user(world.facilitator),
        programme=pw.programme,
        case=another_man(world, "Abe"),
        route="voluntary",
    )
    assess = reverse("programmes:enrolment_assess", args=[enrolment.uid])
    data = {"version": enrolment.version, "suitability": "suitable", "notes": "Motivated."}
    assert client_for(pw.partner_worker).post(assess, data).status_code == 404
    assert client_for(world.facilitator).post(assess, data).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.suitability == "suitable"
    understanding = reverse("programmes:enrolment_understanding", args=[enrolment.uid])
    signed = {
        "version": enrolment.version,
        "given_on": timezone.localdate().isoformat(),
        "method": "written",
    }
    assert client_for(world.outsider).post(understanding, signed).status_code == 404
    assert client_for(world.facilitator).post(understanding, signed).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.statement_of_understanding.scope == "partner_contact"
    stale = client_for(world.facilitator).post(assess, data)
    assert stale.status_code == 409


def test_the_facilitator_places_him_in_a_group(world: World, pw: ProgrammeWorld) -> None:
    enrolment = services.enrolment_create(
        actor=Actor.for_user(world.facilitator),
        programme=pw.programme,
        case=another_man(world, "Bo"),
        route="voluntary",
    )
    url = reverse("programmes:enrolment_group", args=[enrolment.uid])
    data = {"version": enrolment.version, "group": pw.group.pk}
    assert client_for(world.caseworker).post(url, data).status_code == 404
    assert client_for(world.facilitator).post(url, data).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.group == pw.group


def test_the_home_page_lists_todays_sessions_and_due_contacts(
    world: World, pw: ProgrammeWorld
) -> None:
    services.session_individual_add(
        actor=Actor.for_user(world.facilitator),
        enrolment=pw.enrolment,
        kind="catch_up",
        starts_at=timezone.now(),
    )
    home = client_for(world.facilitator).get("/").content.decode()
    assert "Today's sessions" in home
    partner_home = client_for(pw.partner_worker).get("/").content.decode()
    assert "Partner contacts due" in partner_home
    assert pw.link.partner_case.reference in partner_home
    assert "Partner contacts due" not in client_for(world.outsider).get("/").content.decode()
