"""The engine's services: schedules, enrolments along the table, attendance and its refusals."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.audit.context import Actor
from accord.cases.models import Task, TaskPurpose
from accord.core.locking import StaleVersion
from accord.programmes import services
from accord.programmes.models import (
    Attendance,
    AttendanceCode,
    CancellationReason,
    EnrolmentStatus,
)
from accord.programmes.tests.helpers import (
    ProgrammeWorld,
    another_man,
    enrol,
    held_sessions,
    make_group,
)
from accord.programmes.transitions import TRANSITIONS, allowed_moves
from accord.referrals.models import Notification
from accord.testing import Casework, World


def test_it_lays_out_the_schedule_in_local_time_across_summer_time(pw: ProgrammeWorld) -> None:
    zone = zoneinfo.ZoneInfo("Europe/Brussels")
    first = datetime.datetime(2026, 3, 17, 18, 0, tzinfo=zone)
    starts = services.schedule_dates(
        schedule="FREQ=WEEKLY;COUNT=3", first_session_at=first, time_zone="Europe/Brussels"
    )
    # Summer time starts on 29 March: still 18:00 on the wall clock, an hour earlier in UTC.
    assert [s.astimezone(zone).hour for s in starts] == [18, 18, 18]
    assert starts[2].utcoffset() != starts[0].utcoffset()


def test_it_gives_each_session_its_module_from_the_plan(pw: ProgrammeWorld) -> None:
    assert pw.group.sessions.count() == 24
    first = pw.group.sessions.get(number=1)
    assert first.module.title == "Group work"


def test_it_refuses_a_schedule_it_cannot_read(pw: ProgrammeWorld, world: World) -> None:
    with pytest.raises(ValidationError, match="cannot be read"):
        services.group_create(
            actor=Actor.system(),
            programme=pw.programme,
            name="Bad",
            lead_facilitator=world.facilitator,
            co_facilitator=pw.co_facilitator,
            first_session_at=timezone.now(),
            schedule="EVERY TUESDAY",
        )


def test_it_refuses_a_group_with_one_facilitator(pw: ProgrammeWorld, world: World) -> None:
    with pytest.raises(ValidationError, match="two facilitators"):
        services.group_create(
            actor=Actor.system(),
            programme=pw.programme,
            name="Alone",
            lead_facilitator=world.facilitator,
            co_facilitator=None,
            first_session_at=timezone.now(),
            schedule="FREQ=WEEKLY;COUNT=2",
        )


def test_it_refuses_an_enrolment_on_a_case_that_is_not_a_programme_case(
    pw: ProgrammeWorld, casework: Casework
) -> None:
    with pytest.raises(ValidationError, match="another kind of case"):
        services.enrolment_create(
            actor=Actor.system(), programme=pw.programme, case=casework.her_case, route="voluntary"
        )


def test_it_refuses_a_second_live_enrolment(pw: ProgrammeWorld, casework: Casework) -> None:
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrolment_create(
            actor=Actor.system(), programme=pw.programme, case=casework.his_case, route="voluntary"
        )


def test_it_refuses_a_move_the_table_does_not_allow(pw: ProgrammeWorld) -> None:
    assert EnrolmentStatus.REFERRED not in TRANSITIONS[EnrolmentStatus.ON_PROGRAMME]
    with pytest.raises(ValidationError, match="cannot move"):
        services.enrolment_move(
            actor=Actor.system(),
            enrolment=pw.enrolment,
            expected_version=pw.enrolment.version,
            to_status=EnrolmentStatus.REFERRED,
        )
    pw.enrolment.refresh_from_db()
    assert pw.enrolment.status == EnrolmentStatus.ON_PROGRAMME


def test_it_refuses_a_breach_for_a_voluntary_enrolment(world: World, pw: ProgrammeWorld) -> None:
    enrolment = enrol(pw.programme, another_man(world, "Vic"), group=pw.group)
    assert EnrolmentStatus.BREACH not in allowed_moves(enrolment.status, mandated=False)
    with pytest.raises(ValidationError, match="Only a mandated"):
        services.enrolment_move(
            actor=Actor.system(),
            enrolment=enrolment,
            expected_version=enrolment.version,
            to_status=EnrolmentStatus.BREACH,
        )


def test_it_refuses_a_stale_version(pw: ProgrammeWorld) -> None:
    with pytest.raises(StaleVersion):
        services.enrolment_move(
            actor=Actor.system(),
            enrolment=pw.enrolment,
            expected_version=pw.enrolment.version - 1,
            to_status=EnrolmentStatus.COMPLETED,
        )


def test_it_keeps_the_full_history(pw: ProgrammeWorld) -> None:
    moves = list(pw.enrolment.history.values_list("from_status", "to_status"))
    assert moves == [("", "referred"), ("referred", "assessed"), ("assessed", "on_programme")]


def test_it_refuses_attendance_for_a_session_of_another_group(
    pw: ProgrammeWorld, world: World
) -> None:
    other = make_group(pw.programme, world.facilitator, pw.co_facilitator)
    session = other.sessions.get(number=1)
    with pytest.raises(ValidationError, match="not in this session's group"):
        services.attendance_record(
            actor=Actor.for_user(world.facilitator),
            session=session,
            enrolment=pw.enrolment,
            code=AttendanceCode.ATTENDED_COMPLIED,
        )
    assert not Attendance.objects.exists()


def test_it_refuses_attendance_twice_for_one_session(pw: ProgrammeWorld, world: World) -> None:
    session = held_sessions(pw.group)[0]
    actor = Actor.for_user(world.facilitator)
    services.attendance_record(
        actor=actor, session=session, enrolment=pw.enrolment, code=AttendanceCode.LATE
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.attendance_record(
            actor=actor, session=session, enrolment=pw.enrolment, code=AttendanceCode.LATE
        )
    assert Attendance.objects.count() == 1


def test_it_refuses_attended_for_a_future_session(pw: ProgrammeWorld, world: World) -> None:
    future = pw.group.sessions.filter(starts_at__gt=timezone.now()).first()
    with pytest.raises(ValidationError, match="not started yet"):
        services.attendance_record(
            actor=Actor.for_user(world.facilitator),
            session=future,
            enrolment=pw.enrolment,
            code=AttendanceCode.ATTENDED_COMPLIED,
        )
    # An absence known in advance is fine.
    services.attendance_record(
        actor=Actor.for_user(world.facilitator),
        session=future,
        enrolment=pw.enrolment,
        code=AttendanceCode.ACCEPTABLE_ABSENCE,
        absence_reason="Hospital appointment",
    )


def test_it_refuses_a_cancelled_session(pw: ProgrammeWorld, world: World) -> None:
    session = held_sessions(pw.group)[0]
    services.session_cancel(
        actor=Actor.system(), session=session, reason=CancellationReason.HOLIDAY
    )
    with pytest.raises(ValidationError, match="cancelled"):
        services.attendance_record(
            actor=Actor.for_user(world.facilitator),
            session=session,
            enrolment=pw.enrolment,
            code=AttendanceCode.UNACCEPTABLE_ABSENCE,
        )


def test_his_third_unacceptable_absence_moves_him_to_breach_and_tells_her_side(
    pw: ProgrammeWorld, world: World, casework: Casework
) -> None:
    actor = Actor.for_user(world.facilitator)
    for session in held_sessions(pw.group):
        services.attendance_record(
            actor=actor,
            session=session,
            enrolment=pw.enrolment,
            code=AttendanceCode.UNACCEPTABLE_ABSENCE,
        )
    pw.enrolment.refresh_from_db()
    assert pw.enrolment.status == EnrolmentStatus.BREACH
    last = pw.enrolment.history.order_by("-pk").first()
    assert last.changed_by is None
    # Her survivor-support case and her partner-support case: each team's inbox, each case a
    # risk review.
    her_cases = {casework.her_case.pk, pw.link.partner_case_id}
    notified = set(Notification.objects.values_list("case_id", flat=True))
    assert notified == her_cases
    reviews = Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW, done_at__isnull=True)
    assert set(reviews.values_list("case_id", flat=True)) == her_cases
    # Nothing of it is written to his case.
    assert not Task.objects.filter(case=casework.his_case, purpose=TaskPurpose.RISK_REVIEW)


def test_the_register_saves_all_lines_or_none(pw: ProgrammeWorld, world: World) -> None:
    other = enrol(pw.programme, another_man(world, "Ned"), group=pw.group)
    session = held_sessions(pw.group)[0]
    future = pw.group.sessions.filter(starts_at__gt=timezone.now()).first()
    with pytest.raises(services.RegisterErrors) as refused:
        services.register_save(
            actor=Actor.for_user(world.facilitator),
            session=future,
            lines=[
                services.RegisterLine(enrolment=pw.enrolment, code=AttendanceCode.LATE),
                services.RegisterLine(
                    enrolment=other, code=AttendanceCode.ACCEPTABLE_ABSENCE, absence_reason="Ill"
                ),
            ],
        )
    assert set(refused.value.by_enrolment) == {pw.enrolment.pk}
    assert not Attendance.objects.exists()
    saved = services.register_save(
        actor=Actor.for_user(world.facilitator),
        session=session,
        lines=[
            services.RegisterLine(enrolment=pw.enrolment, code=AttendanceCode.LATE),
            services.RegisterLine(enrolment=other, code=AttendanceCode.ATTENDED_COMPLIED),
        ],
    )
    assert saved == 2
