"""His dropout, exclusion, transfer, completion and Nth unacceptable absence tell her side in the
same transaction: a notice in the inbox of each of her cases' teams and a risk review on each of
her cases; if telling her side fails, his move is not saved either."""

import pytest

from accord.audit.context import Actor
from accord.cases.models import Task, TaskPurpose
from accord.programmes import partner_contact, services
from accord.programmes.models import (
    Attendance,
    AttendanceCode,
    EnrolmentStatus,
    PartnerLink,
)
from accord.programmes.tests.helpers import ProgrammeWorld, another_man, enrol, held_sessions
from accord.referrals.models import Notification, NotificationKind
from accord.testing import Casework, World


def _her_cases(pw: ProgrammeWorld, casework: Casework) -> set[int]:
    return {casework.her_case.pk, pw.link.partner_case_id}


@pytest.mark.parametrize(
    ("to_status", "kind"),
    [
        (EnrolmentStatus.DROPPED_OUT, NotificationKind.PROGRAMME_DROPPED_OUT),
        (EnrolmentStatus.EXCLUDED, NotificationKind.PROGRAMME_EXCLUDED),
        (EnrolmentStatus.TRANSFERRED, NotificationKind.PROGRAMME_TRANSFERRED),
        (EnrolmentStatus.COMPLETED, NotificationKind.PROGRAMME_COMPLETED),
    ],
)
def test_each_ending_tells_every_case_on_her_side(
    world: World, pw: ProgrammeWorld, casework: Casework, to_status: str, kind: str
) -> None:
    services.enrolment_move(
        actor=Actor.for_user(world.facilitator),
        enrolment=pw.enrolment,
        expected_version=pw.enrolment.version,
        to_status=to_status,
        reason="Recorded at the team meeting",
    )
    notices = Notification.objects.filter(kind=kind)
    assert set(notices.values_list("case_id", flat=True)) == _her_cases(pw, casework)
    reviews = Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW, done_at__isnull=True)
    assert set(reviews.values_list("case_id", flat=True)) == _her_cases(pw, casework)
    # Nothing of it on his case, and nothing done in the facilitator's name on her side.
    assert not Notification.objects.filter(case=casework.his_case).exists()
    assert not reviews.filter(created_by=world.facilitator).exists()


def test_a_move_that_tells_nobody_raises_no_alert(world: World, pw: ProgrammeWorld) -> None:
    services.enrolment_move(
        actor=Actor.for_user(world.facilitator),
        enrolment=pw.enrolment,
        expected_version=pw.enrolment.version,
        to_status=EnrolmentStatus.DEFERRED,
        reason="Working nights for a month",
    )
    assert not Notification.objects.exists()


def test_the_nth_absence_of_a_voluntary_enrolment_alerts_without_a_breach(
    world: World, pw: ProgrammeWorld
) -> None:
    enrolment = enrol(
        pw.programme, another_man(world, "Ivo", household_partner="Rita"), group=pw.group
    )
    link = PartnerLink.objects.get(enrolment=enrolment)
    actor = Actor.for_user(world.facilitator)
    held = held_sessions(pw.group)
    for session in held[:2]:
        services.attendance_record(
            actor=actor, session=session, enrolment=enrolment, code="unacceptable_absence"
        )
    assert not Notification.objects.filter(case=link.partner_case).exists()
    services.attendance_record(
        actor=actor, session=held[2], enrolment=enrolment, code="unacceptable_absence"
    )
    enrolment.refresh_from_db()
    # No court to go back to: he stays on the programme, and her side is told.
    assert enrolment.status == EnrolmentStatus.ON_PROGRAMME
    notice = Notification.objects.get(case=link.partner_case)
    assert notice.kind == NotificationKind.PROGRAMME_ABSENCES
    assert Task.objects.filter(case=link.partner_case, purpose=TaskPurpose.RISK_REVIEW).exists()


class Unreachable(RuntimeError):
    pass


def _failing_notify(**kwargs: object) -> None:
    raise Unreachable("her team's inbox could not be written")


def test_his_move_is_not_saved_when_her_side_cannot_be_told(
    world: World, pw: ProgrammeWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(partner_contact, "case_notify", _failing_notify)
    history = pw.enrolment.history.count()
    with pytest.raises(Unreachable):
        services.enrolment_move(
            actor=Actor.for_user(world.facilitator),
            enrolment=pw.enrolment,
            expected_version=pw.enrolment.version,
            to_status=EnrolmentStatus.DROPPED_OUT,
            reason="Stopped coming",
        )
    pw.enrolment.refresh_from_db()
    assert pw.enrolment.status == EnrolmentStatus.ON_PROGRAMME
    assert pw.enrolment.history.count() == history
    assert not Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW).exists()


def test_his_third_absence_is_not_saved_when_her_side_cannot_be_told(
    world: World, pw: ProgrammeWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = Actor.for_user(world.facilitator)
    held = held_sessions(pw.group)
    for session in held[:2]:
        services.attendance_record(
            actor=actor, session=session, enrolment=pw.enrolment, code="unacceptable_absence"
        )
    monkeypatch.setattr(partner_contact, "case_notify", _failing_notify)
    with pytest.raises(Unreachable):
        services.attendance_record(
            actor=actor,
            session=held[2],
            enrolment=pw.enrolment,
            code=AttendanceCode.UNACCEPTABLE_ABSENCE,
        )
    pw.enrolment.refresh_from_db()
    assert pw.enrolment.status == EnrolmentStatus.ON_PROGRAMME
    assert Attendance.objects.filter(enrolment=pw.enrolment).count() == 2
