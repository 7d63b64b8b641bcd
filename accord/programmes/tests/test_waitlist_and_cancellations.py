"""A full group keeps a waitlist; a session is cancelled only before it is held, once; the
compliance report's PDF page is for the programme and the mandating team only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.programmes import services
from accord.programmes.models import (
    AttendanceCode,
    CancellationReason,
    ComplianceReport,
    Enrolment,
    EnrolmentStatus,
    Group,
)
from accord.programmes.tests.helpers import ProgrammeWorld, another_man
from accord.testing import World, client_for

# --- the waitlist ---------------------------------------------------------------------------------


def _waiting(world: World, pw: ProgrammeWorld, name: str) -> Enrolment:
    actor = Actor.for_user(world.facilitator)
    enrolment = services.enrolment_create(
        actor=actor, programme=pw.programme, case=another_man(world, name), route="voluntary"
    )
    for step in (EnrolmentStatus.ASSESSED, None, EnrolmentStatus.WAITING):
        if step is None:
            enrolment = services.enrolment_group_set(
                actor=actor, enrolment=enrolment, expected_version=enrolment.version, group=pw.group
            )
        else:
            enrolment = services.enrolment_move(
                actor=actor, enrolment=enrolment, expected_version=enrolment.version, to_status=step
            )
    return enrolment


def test_a_full_group_keeps_him_on_its_waitlist(world: World, pw: ProgrammeWorld) -> None:
    Group.objects.filter(pk=pw.group.pk).update(capacity=1)
    waiting = _waiting(world, pw, "Wes")
    with pytest.raises(ValidationError, match="The group is full"):
        services.enrolment_move(
            actor=Actor.for_user(world.facilitator),
            enrolment=waiting,
            expected_version=waiting.version,
            to_status=EnrolmentStatus.ON_PROGRAMME,
        )
    page = client_for(world.facilitator).get(reverse("programmes:group", args=[pw.group.pk]))
    body = page.content.decode()
    waitlist = body[body.index("Waitlist") :]
    assert "Wes" in waitlist
    assert "1 / 1" in body


def test_the_move_page_says_the_group_is_full_and_saves_nothing(
    world: World, pw: ProgrammeWorld
) -> None:
    Group.objects.filter(pk=pw.group.pk).update(capacity=1)
    waiting = _waiting(world, pw, "Wes")
    response = client_for(world.facilitator).post(
        reverse("programmes:enrolment_move", args=[waiting.uid]),
        {"version": waiting.version, "to_status": EnrolmentStatus.ON_PROGRAMME},
    )
    assert response.status_code == 400
    assert "The group is full" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.WAITING


def test_a_place_freed_by_a_dropout_is_taken_from_the_waitlist(
    world: World, pw: ProgrammeWorld
) -> None:
    Group.objects.filter(pk=pw.group.pk).update(capacity=1)
    waiting = _waiting(world, pw, "Wes")
    actor = Actor.for_user(world.facilitator)
    services.enrolment_move(
        actor=actor,
        enrolment=pw.enrolment,
        expected_version=pw.enrolment.version,
        to_status=EnrolmentStatus.DROPPED_OUT,
        reason="Moved away",
    )
    moved = services.enrolment_move(
        actor=actor,
        enrolment=waiting,
        expected_version=waiting.version,
        to_status=EnrolmentStatus.ON_PROGRAMME,
    )
    assert moved.status == EnrolmentStatus.ON_PROGRAMME
    body = client_for(world.facilitator).get(reverse("programmes:group", args=[pw.group.pk]))
    assert "Nobody is waiting." in body.content.decode()


# --- cancellations --------------------------------------------------------------------------------


def test_a_session_is_cancelled_once(pw: ProgrammeWorld) -> None:
    future = pw.group.sessions.filter(starts_at__gt=timezone.now()).first()
    services.session_cancel(actor=Actor.system(), session=future, reason=CancellationReason.HOLIDAY)
    with pytest.raises(ValidationError, match="already cancelled"):
        services.session_cancel(
            actor=Actor.system(), session=future, reason=CancellationReason.OTHER
        )
    future.refresh_from_db()
    assert future.cancellation_reason == CancellationReason.HOLIDAY


def test_a_held_session_is_not_cancelled(world: World, pw: ProgrammeWorld) -> None:
    held = pw.group.sessions.filter(starts_at__lt=timezone.now()).order_by("number").first()
    services.attendance_record(
        actor=Actor.for_user(world.facilitator),
        session=held,
        enrolment=pw.enrolment,
        code=AttendanceCode.LATE,
    )
    response = client_for(world.facilitator).post(
        reverse("programmes:session_cancel", args=[held.pk]), {"reason": "holiday"}, follow=True
    )
    assert response.status_code == 200
    assert "it took place" in response.content.decode()
    held.refresh_from_db()
    assert not held.is_cancelled


def test_a_cancellation_needs_a_reason(world: World, pw: ProgrammeWorld) -> None:
    future = pw.group.sessions.filter(starts_at__gt=timezone.now()).first()
    response = client_for(world.facilitator).post(
        reverse("programmes:session_cancel", args=[future.pk]), {"reason": "bored"}, follow=True
    )
    assert "Say why the session is cancelled." in response.content.decode()
    future.refresh_from_db()
    assert not future.is_cancelled


def test_a_cancelled_session_shows_on_the_group_page_and_takes_no_register(
    world: World, pw: ProgrammeWorld
) -> None:
    future = pw.group.sessions.filter(starts_at__gt=timezone.now()).first()
    services.session_cancel(actor=Actor.system(), session=future, reason=CancellationReason.HOLIDAY)
    client = client_for(world.facilitator)
    body = client.get(reverse("programmes:group", args=[pw.group.pk])).content.decode()
    assert "Public holiday" in body
    assert reverse("programmes:register", args=[future.pk]) not in body
    refused = client.post(
        reverse("programmes:register", args=[future.pk]),
        {f"code-{pw.enrolment.pk}": AttendanceCode.UNACCEPTABLE_ABSENCE},
    )
    assert refused.status_code == 400
    assert "This session was cancelled." in refused.content.decode()


# --- the compliance report's PDF page -------------------------------------------------------------


def _report(world: World, pw: ProgrammeWorld) -> ComplianceReport:
    start = timezone.localdate() - datetime.timedelta(days=60)
    client_for(world.facilitator).post(
        reverse("programmes:report_make", args=[pw.enrolment.uid]),
        {"start": start.isoformat(), "end": timezone.localdate().isoformat()},
    )
    return ComplianceReport.objects.get()


def test_the_report_pdf_page_is_for_the_programme_and_probation(
    world: World, pw: ProgrammeWorld
) -> None:
    report = _report(world, pw)
    url = reverse("programmes:report_pdf", args=[report.reference])
    for user in (world.facilitator, pw.probation_officer):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    printed = AuditEvent.objects.filter(object_id=str(report.pk), action__endswith="printed")
    assert printed.count() == 2


@pytest.mark.parametrize("who", ["partner_worker", "outsider", "caseworker", "dpo"])
def test_nobody_else_opens_the_report_pdf(world: World, pw: ProgrammeWorld, who: str) -> None:
    report = _report(world, pw)
    user = pw.partner_worker if who == "partner_worker" else getattr(world, who)
    before = AuditEvent.objects.count()
    response = client_for(user).get(reverse("programmes:report_pdf", args=[report.reference]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(pk__gt=before, action__endswith="printed").exists()
