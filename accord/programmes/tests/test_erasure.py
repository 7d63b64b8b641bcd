"""Erasing him (GDPR art. 17, through the erasure service) takes his programme with it and
leaves her partner contact alone: her case, the link (emptied of his enrolment), her safe
channels, every contact with her and her offer task stay; nothing of him remains."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Role
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, ClosureReason, Task
from accord.people.models import HouseholdMember, Person
from accord.people.retention import person_erase
from accord.programmes import partner_contact, services
from accord.programmes.compliance import compliance_report_make
from accord.programmes.models import (
    Attendance,
    AttendanceCode,
    ComplianceReport,
    ContactChannel,
    ContactOutcome,
    Enrolment,
    EnrolmentStatusChange,
    PartnerContact,
    PartnerLink,
    SafetyInformation,
    SafetyInformationSource,
)
from accord.programmes.tests.helpers import ProgrammeWorld, held_sessions
from accord.testing import Casework, World, client_for, make_user

HER_NOTES = "She asked for the next call on Thursday."


def _his_programme_worked(world: World, pw: ProgrammeWorld) -> None:
    """Attendance, a compliance report, and from her side a contact, her safe channels and a
    released safety-information item."""
    session = held_sessions(pw.group)[0]
    services.attendance_record(
        actor=Actor.for_user(world.facilitator),
        session=session,
        enrolment=pw.enrolment,
        code=AttendanceCode.ATTENDED_COMPLIED,
    )
    today = timezone.localdate()
    compliance_report_make(
        actor=Actor.for_user(world.facilitator),
        enrolment=pw.enrolment,
        start=today - datetime.timedelta(days=30),
        end=today,
    )
    her_worker = Actor.for_user(pw.partner_worker)
    partner_contact.partner_channels_set(
        actor=her_worker, link=pw.link, channels=[ContactChannel.PHONE]
    )
    partner_contact.partner_contact_record(
        actor=her_worker,
        link=pw.link,
        at=timezone.now() - datetime.timedelta(hours=1),
        channel=ContactChannel.PHONE,
        outcome=ContactOutcome.ACCEPTED_SUPPORT,
        within_safe_times=True,
        notes=HER_NOTES,
    )
    partner_contact.safety_information_record(
        actor=her_worker,
        link=pw.link,
        category="threats",
        urgency="soon",
        text="He talks about finding out where she lives.",
    )
    partner_contact.safety_information_release(now=timezone.now() + datetime.timedelta(days=30))


def _erase_him(world: World, casework: Casework) -> None:
    his_case = Case.objects.get(pk=casework.his_case.pk)
    cases.case_close(
        actor=Actor.for_user(world.facilitator),
        case=his_case,
        expected_version=his_case.version,
        reason=ClosureReason.DROPPED_OUT,
    )
    programme_dpo = make_user("programme_dpo", world.group_work, Role.DPO)
    person_erase(
        actor=Actor(user=programme_dpo, organisation_id=world.programme.pk),
        person=Person.objects.get(pk=casework.man.pk),
        reason="Art. 17 request",
    )


def test_erasing_him_keeps_her_partner_contact(
    world: World, casework: Casework, pw: ProgrammeWorld
) -> None:
    _his_programme_worked(world, pw)
    her_case_id, link_id = pw.link.partner_case_id, pw.link.pk
    offer_task_id = pw.link.offer_task_id

    _erase_him(world, casework)

    link = PartnerLink.objects.get(pk=link_id)
    assert link.enrolment_id is None
    assert link.partner_case_id == her_case_id
    assert link.safe_channels == [ContactChannel.PHONE]
    [contact] = PartnerContact.objects.filter(link=link)
    assert contact.notes == HER_NOTES
    assert Case.objects.filter(pk=her_case_id).exists()
    assert Task.objects.filter(pk=offer_task_id, case_id=her_case_id).exists()
    assert Person.objects.filter(pk=casework.survivor.pk).exists()


def test_erasing_him_leaves_nothing_of_him(
    world: World, casework: Casework, pw: ProgrammeWorld
) -> None:
    _his_programme_worked(world, pw)
    man_id, his_case_id, enrolment_id = casework.man.pk, casework.his_case.pk, pw.enrolment.pk

    _erase_him(world, casework)

    assert not Person.objects.filter(pk=man_id).exists()
    assert not HouseholdMember.objects.filter(person_id=man_id).exists()
    assert not Case.objects.filter(pk=his_case_id).exists()
    assert not Enrolment.objects.filter(pk=enrolment_id).exists()
    for model in (EnrolmentStatusChange, Attendance, ComplianceReport, SafetyInformation):
        assert not model.objects.filter(enrolment_id=enrolment_id).exists(), model
    # The source of an item about him goes with the item; no link still names his enrolment.
    assert not SafetyInformationSource.objects.exists()
    assert not PartnerLink.objects.filter(enrolment_id=enrolment_id).exists()


def test_her_pages_still_open_after_his_erasure(
    world: World, casework: Casework, pw: ProgrammeWorld
) -> None:
    _his_programme_worked(world, pw)
    _erase_him(world, casework)
    client = client_for(pw.partner_worker)

    page = client.get(reverse("programmes:partner", args=[pw.link.pk]))
    assert page.status_code == 200
    assert "His programme record is no longer held" in page.content.decode()
    assert HER_NOTES in page.content.decode()
    assert client.get(reverse("programmes:partner_schedule")).status_code == 200
    her_case = reverse("cases:case", args=[pw.link.partner_case.reference])
    assert client.get(her_case).status_code == 200
    [row] = client.get("/api/v1/partner-links/").json()
    assert row["programme"] is None
    assert row["his_status"] is None
    assert row["due"] == []
    # Her contacts go on; there is no programme left to tell.
    contact = client.post(
        reverse("programmes:partner_contact", args=[pw.link.pk]),
        {
            "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": ContactChannel.PHONE,
            "outcome": ContactOutcome.SPOKE,
            "within_safe_times": "on",
        },
    )
    assert contact.status_code == 302
    refused = client.post(
        reverse("programmes:safety_add", args=[pw.link.pk]),
        {"category": "threats", "urgency": "soon", "text": "Anything"},
    )
    assert refused.status_code == 400
    assert not SafetyInformation.objects.exists()
