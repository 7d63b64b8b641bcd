"""Writes of the programme engine: groups and their sessions, enrolments and their status,
attendance. Callers have checked access with accord.programmes.access; each service validates,
saves and audits in one transaction. What a perpetrator programme adds (telling her side,
partner contact) is in accord.programmes.partner_contact, called from here where the practice
needs it in the same transaction."""

import datetime
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.models import Team, User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.models import Case, CaseStatus
from accord.core.locking import lock_for_update
from accord.people.models import ConsentGiver, ConsentMethod, ConsentScope
from accord.people.services import consent_record
from accord.programmes import partner_contact
from accord.programmes.models import (
    PRESENT_CODES,
    Attendance,
    AttendanceCode,
    CancellationReason,
    Enrolment,
    EnrolmentStatus,
    EnrolmentStatusChange,
    Group,
    Programme,
    ProgrammeModule,
    Route,
    Session,
    SessionKind,
    Suitability,
)
from accord.programmes.selectors import programme_workers
from accord.programmes.transitions import ENDED, MANDATED_ONLY, may_move
from accord.referrals.models import NotificationKind

# The most sessions one schedule may lay out: a programme runs months, not years of weeks.
MAX_SCHEDULED_SESSIONS = 104


def _organisation_id(programme: Programme) -> int:
    return programme.service.organisation_id


def _audit(actor: Actor, action: str, obj: object, programme: Programme, reason: str = "") -> None:
    audit_event_record(
        actor=actor,
        action=action,
        obj=obj,
        subject_organisation_id=_organisation_id(programme),
        reason=reason,
    )


# --- groups and sessions --------------------------------------------------------------------------


def _check_facilitators(programme: Programme, lead: User, co: User | None) -> None:
    workers = set(programme_workers(programme).values_list("pk", flat=True))
    if lead.pk not in workers:
        raise ValidationError(
            {"lead_facilitator": _("Choose someone who works in the programme's service.")}
        )
    if co is not None and co.pk not in workers:
        raise ValidationError(
            {"co_facilitator": _("Choose someone who works in the programme's service.")}
        )
    if co is not None and co.pk == lead.pk:
        raise ValidationError({"co_facilitator": _("A group has two different facilitators.")})
    if programme.is_perpetrator_programme and co is None:
        raise ValidationError(
            {"co_facilitator": _("A behaviour-change group is run by two facilitators.")}
        )


def schedule_dates(
    *, schedule: str, first_session_at: datetime.datetime, time_zone: str
) -> list[datetime.datetime]:
    """Every start of a recurring schedule, aware, in the group's time zone: a weekly session at
    18:00 stays at 18:00 local time across a change to or from summer time."""
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as unknown:
        raise ValidationError({"time_zone": _("This is not a known time zone.")}) from unknown
    if timezone.is_naive(first_session_at):
        raise ValidationError({"first_session_at": _("Give the first session's time.")})
    local_start = first_session_at.astimezone(zone).replace(tzinfo=None)
    try:
        rule = rrulestr(schedule, dtstart=local_start)
    except (ValueError, TypeError) as bad:
        raise ValidationError(
            {"schedule": _("This schedule cannot be read. Example: FREQ=WEEKLY;BYDAY=TU;COUNT=24")}
        ) from bad
    starts = []
    for start in rule:
        if len(starts) == MAX_SCHEDULED_SESSIONS:
            raise ValidationError(
                {
                    "schedule": _("A schedule may lay out at most %(count)s sessions.")
                    % {"count": MAX_SCHEDULED_SESSIONS}
                }
            )
        starts.append(start.replace(tzinfo=zone))
    if not starts:
        raise ValidationError({"schedule": _("This schedule has no sessions.")})
    return starts


def _group_modules(programme: Programme) -> list[ProgrammeModule | None]:
    """The module of each group session in order, from the session plan."""
    plan: list[ProgrammeModule | None] = []
    for module in programme.modules.filter(session_kind=SessionKind.GROUP).order_by("position"):
        plan.extend([module] * module.sessions)
    return plan


@transaction.atomic
def group_create(
    *,
    actor: Actor,
    programme: Programme,
    name: str,
    lead_facilitator: User,
    co_facilitator: User | None,
    first_session_at: datetime.datetime,
    schedule: str,
    time_zone: str = "",
    room: str = "",
    session_minutes: int = 120,
    capacity: int = 10,
) -> Group:
    """A group and every session of its schedule, each with its module from the plan."""
    if not name.strip():
        raise ValidationError({"name": _("Give the group a name.")})
    _check_facilitators(programme, lead_facilitator, co_facilitator)
    time_zone = time_zone or timezone.get_default_timezone_name()
    starts = schedule_dates(
        schedule=schedule, first_session_at=first_session_at, time_zone=time_zone
    )
    group = Group(
        programme=programme,
        name=name.strip(),
        lead_facilitator=lead_facilitator,
        co_facilitator=co_facilitator,
        room=room.strip(),
        first_session_at=first_session_at,
        time_zone=time_zone,
        schedule=schedule.strip(),
        session_minutes=session_minutes,
        capacity=capacity,
    )
    group.full_clean()
    group.save()
    modules = _group_modules(programme)
    length = datetime.timedelta(minutes=session_minutes)
    Session.objects.bulk_create(
        Session(
            programme=programme,
            group=group,
            kind=SessionKind.GROUP,
            number=number,
            module=modules[number - 1] if number <= len(modules) else None,
            starts_at=start,
            ends_at=start + length,
            room=group.room,
        )
        for number, start in enumerate(starts, start=1)
    )
    _audit(actor, "programme_group.created", group, programme, reason=f"{len(starts)} sessions")
    return group


@transaction.atomic
def session_cancel(*, actor: Actor, session: Session, reason: CancellationReason | str) -> Session:
    if session.cancelled_at is not None:
        raise ValidationError({"reason": _("This session is already cancelled.")})
    if reason not in CancellationReason.values:
        raise ValidationError({"reason": _("Say why the session is cancelled.")})
    if session.attendances.exists():
        raise ValidationError(
            {"reason": _("Attendance is recorded for this session: it took place.")}
        )
    session.cancelled_at = timezone.now()
    session.cancellation_reason = reason
    session.full_clean()
    session.save(update_fields=["cancelled_at", "cancellation_reason"])
    _audit(actor, "programme_session.cancelled", session, session.programme, reason=str(reason))
    return session


@transaction.atomic
def session_individual_add(
    *,
    actor: Actor,
    enrolment: Enrolment,
    kind: SessionKind | str,
    starts_at: datetime.datetime,
    minutes: int = 60,
    module: ProgrammeModule | None = None,
    room: str = "",
) -> Session:
    """A catch-up (for a group session he missed) or a one-to-one session, for him alone."""
    if kind not in {SessionKind.CATCH_UP, SessionKind.ONE_TO_ONE}:
        raise ValidationError({"kind": _("Choose a catch-up or a one-to-one session.")})
    if enrolment.status in ENDED:
        raise ValidationError({"kind": _("This enrolment has ended.")})
    if module is not None and module.programme_id != enrolment.programme_id:
        raise ValidationError({"module": _("Choose a module of this programme.")})
    number = Session.objects.filter(enrolment=enrolment).count() + 1
    session = Session(
        programme=enrolment.programme,
        group=enrolment.group if kind == SessionKind.CATCH_UP else None,
        enrolment=enrolment,
        kind=kind,
        number=number,
        module=module,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        room=room.strip(),
    )
    session.full_clean()
    session.save()
    _audit(actor, "programme_session.added", session, enrolment.programme, reason=str(kind))
    return session


# --- enrolments -----------------------------------------------------------------------------------


def _history(enrolment: Enrolment, actor: Actor, before: str, reason: str) -> None:
    change = EnrolmentStatusChange(
        enrolment=enrolment,
        from_status=before,
        to_status=enrolment.status,
        reason=reason.strip() or None,
        changed_by=actor.user,
        changed_at=enrolment.status_changed_at,
    )
    change.full_clean()
    change.save()


@transaction.atomic
def enrolment_create(
    *,
    actor: Actor,
    programme: Programme,
    case: Case,
    route: Route | str,
    referred_on: datetime.date | None = None,
    mandated: bool = False,
    mandating_team: Team | None = None,
) -> Enrolment:
    """Enrol the person of `case` on `programme` (status "referred"). On a perpetrator
    programme each survivor-side member of his household gets an offer of partner support."""
    if case.kind not in programme.case_kinds:
        raise ValidationError(
            {"case": _("This programme enrols people from another kind of case.")}
        )
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"case": _("The case is closed.")})
    if not programme.active:
        raise ValidationError({"programme": _("This programme is not taking enrolments.")})
    if route not in Route.values:
        raise ValidationError({"route": _("Choose how he came to the programme.")})
    if mandated and mandating_team is None:
        raise ValidationError({"mandating_team": _("Name the team that mandated the programme.")})
    if not mandated and mandating_team is not None:
        raise ValidationError({"mandating_team": _("Only a mandated enrolment names a team.")})
    if mandated and not programme.is_perpetrator_programme:
        raise ValidationError({"mandated": _("Only a behaviour-change programme is mandated.")})
    live = Enrolment.objects.filter(programme=programme, case=case).exclude(status__in=ENDED)
    if live.exists():
        raise ValidationError({"case": _("This case is already enrolled on this programme.")})
    referred_on = referred_on or timezone.localdate()
    if referred_on > timezone.localdate():
        raise ValidationError({"referred_on": _("This date is in the future.")})
    enrolment = Enrolment(
        programme=programme,
        case=case,
        route=route,
        mandated=mandated,
        mandating_team=mandating_team,
        referred_on=referred_on,
        status=EnrolmentStatus.REFERRED,
        status_changed_at=timezone.now(),
        created_by=actor.user,
    )
    enrolment.full_clean()
    enrolment.save()
    _history(enrolment, actor, "", "")
    _audit(actor, "enrolment.created", enrolment, programme, reason=str(route))
    if programme.is_perpetrator_programme:
        partner_contact.partner_offers_make(enrolment)
    return enrolment


@transaction.atomic
def enrolment_assess(
    *,
    actor: Actor,
    enrolment: Enrolment,
    expected_version: int,
    suitability: Suitability | str,
    notes: str = "",
) -> Enrolment:
    current = lock_for_update(enrolment, expected_version=expected_version)
    if suitability not in Suitability.values or suitability == Suitability.NOT_ASSESSED:
        raise ValidationError({"suitability": _("Record the outcome of the assessment.")})
    current.suitability = suitability
    current.suitability_notes = notes.strip() or None
    current.version += 1
    current.full_clean()
    current.save()
    _audit(actor, "enrolment.assessed", current, current.programme, reason=str(suitability))
    return current


@transaction.atomic
def enrolment_understanding_record(
    *,
    actor: Actor,
    enrolment: Enrolment,
    expected_version: int,
    given_on: datetime.date,
    method: ConsentMethod | str = ConsentMethod.WRITTEN,
    witness_name: str = "",
) -> Enrolment:
    """His signed statement of understanding, information sharing with his (ex)partners'
    support service included: recorded as his consent to partner contact."""
    current = lock_for_update(enrolment, expected_version=expected_version)
    consent = consent_record(
        actor=actor,
        person=current.case.person,
        scope=ConsentScope.PARTNER_CONTACT,
        given_by=ConsentGiver.PERSON,
        method=method,
        given_on=given_on,
        witness_name=witness_name,
        case=current.case,
    )
    current.statement_of_understanding = consent
    current.version += 1
    current.full_clean()
    current.save()
    _audit(actor, "enrolment.understanding_signed", current, current.programme)
    return current


@transaction.atomic
def enrolment_group_set(
    *, actor: Actor, enrolment: Enrolment, expected_version: int, group: Group
) -> Enrolment:
    """Place him in a group (or on its waitlist, while he waits for a place)."""
    current = lock_for_update(enrolment, expected_version=expected_version)
    if group.programme_id != current.programme_id:
        raise ValidationError({"group": _("Choose a group of this programme.")})
    if current.status in ENDED:
        raise ValidationError({"group": _("This enrolment has ended.")})
    partner_contact.check_facilitators_not_partner_workers(current, group)
    current.group = group
    current.version += 1
    current.full_clean()
    current.save()
    _audit(actor, "enrolment.group_set", current, current.programme)
    return current


def group_places_taken(group: Group) -> int:
    return group.enrolments.filter(status=EnrolmentStatus.ON_PROGRAMME).count()


# The alert her side gets for each move (accord.programmes.transitions.ALERTING).
ALERT_KINDS = {
    EnrolmentStatus.DROPPED_OUT: NotificationKind.PROGRAMME_DROPPED_OUT,
    EnrolmentStatus.EXCLUDED: NotificationKind.PROGRAMME_EXCLUDED,
    EnrolmentStatus.BREACH: NotificationKind.PROGRAMME_BREACH,
    EnrolmentStatus.COMPLETED: NotificationKind.PROGRAMME_COMPLETED,
    EnrolmentStatus.TRANSFERRED: NotificationKind.PROGRAMME_TRANSFERRED,
}


def _move(
    current: Enrolment,
    *,
    actor: Actor,
    to_status: EnrolmentStatus | str,
    reason: str,
    alert: NotificationKind | None = None,
) -> Enrolment:
    if not may_move(current.status, to_status, mandated=current.mandated):
        if to_status in MANDATED_ONLY and not current.mandated:
            message = _("Only a mandated enrolment can move to “%(to)s”.")
        else:
            message = _("An enrolment cannot move from “%(from)s” to “%(to)s”.")
        labels = dict(EnrolmentStatus.choices)
        raise ValidationError(
            {
                "to_status": message
                % {
                    "from": labels[current.status],
                    "to": labels.get(to_status, to_status),
                }
            }
        )
    if to_status == EnrolmentStatus.ON_PROGRAMME and current.group_id is not None:
        group = current.group
        if current.status != EnrolmentStatus.BREACH and group_places_taken(group) >= group.capacity:
            raise ValidationError(
                {"to_status": _("The group is full: he waits for a place on its waitlist.")}
            )
    if to_status in ENDED and not reason.strip() and to_status != EnrolmentStatus.COMPLETED:
        raise ValidationError({"reason": _("Say why the enrolment ends.")})
    before = current.status
    current.status = to_status
    current.status_changed_at = timezone.now()
    current.version += 1
    current.full_clean()
    current.save()
    _history(current, actor, before, reason)
    _audit(actor, "enrolment.moved", current, current.programme, reason=f"{before} → {to_status}")
    kind = alert or ALERT_KINDS.get(EnrolmentStatus(to_status))
    if kind is not None and current.programme.is_perpetrator_programme:
        partner_contact.her_side_alert(current, kind)
    return current


@transaction.atomic
def enrolment_move(
    *,
    actor: Actor,
    enrolment: Enrolment,
    expected_version: int,
    to_status: EnrolmentStatus | str,
    reason: str = "",
) -> Enrolment:
    """Move the status along the table (accord.programmes.transitions); his dropout, exclusion,
    breach, completion or transfer tells her side in the same transaction."""
    current = lock_for_update(enrolment, expected_version=expected_version)
    return _move(current, actor=actor, to_status=to_status, reason=reason)


# --- attendance -----------------------------------------------------------------------------------


def _check_attendance(session: Session, enrolment: Enrolment, code: str, reason: str) -> None:
    if code not in AttendanceCode.values:
        raise ValidationError({"code": _("Choose an attendance code.")})
    if session.is_cancelled:
        raise ValidationError({"code": _("This session was cancelled.")})
    if session.kind == SessionKind.GROUP:
        if session.group_id is None or session.group_id != enrolment.group_id:
            raise ValidationError({"code": _("He is not in this session's group.")})
    elif session.enrolment_id != enrolment.pk:
        raise ValidationError({"code": _("This session is held for someone else.")})
    if enrolment.status not in {EnrolmentStatus.ON_PROGRAMME, EnrolmentStatus.BREACH}:
        raise ValidationError({"code": _("He is not on the programme.")})
    if code in PRESENT_CODES and session.starts_at > timezone.now():
        raise ValidationError(
            {"code": _("This session has not started yet: he cannot have attended it.")}
        )
    if code == AttendanceCode.ACCEPTABLE_ABSENCE and not reason.strip():
        raise ValidationError({"absence_reason": _("Say why the absence is acceptable.")})


def _after_absence(actor: Actor, enrolment: Enrolment) -> None:
    """His Nth unacceptable absence: a mandated enrolment moves to breach review (Accord does
    it, not the facilitator), and her side is told either way."""
    programme = enrolment.programme
    absences = enrolment.attendances.filter(code=AttendanceCode.UNACCEPTABLE_ABSENCE).count()
    if absences != programme.absence_limit or enrolment.status != EnrolmentStatus.ON_PROGRAMME:
        return
    reason = _("%(count)s unacceptable absences") % {"count": absences}
    if enrolment.mandated:
        current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        _move(
            current,
            actor=Actor.system(),
            to_status=EnrolmentStatus.BREACH,
            reason=reason,
            alert=NotificationKind.PROGRAMME_ABSENCES,
        )
        enrolment.refresh_from_db()
    elif programme.is_perpetrator_programme:
        partner_contact.her_side_alert(enrolment, NotificationKind.PROGRAMME_ABSENCES)


@transaction.atomic
def attendance_record(
    *,
    actor: Actor,
    session: Session,
    enrolment: Enrolment,
    code: AttendanceCode | str,
    absence_reason: str = "",
    notes: str = "",
) -> Attendance:
    _check_attendance(session, enrolment, code, absence_reason)
    if Attendance.objects.filter(session=session, enrolment=enrolment).exists():
        raise ValidationError(
            {"code": _("Attendance for this session is already recorded: change it instead.")}
        )
    attendance = Attendance(
        session=session,
        enrolment=enrolment,
        code=code,
        absence_reason=absence_reason.strip() or None,
        notes=notes.strip() or None,
        recorded_by=actor.user,
        recorded_at=timezone.now(),
    )
    attendance.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError as twice:
        # Two people saving the same register at once: the second is told, nothing is saved.
        raise ValidationError(
            {"code": _("Attendance for this session is already recorded: change it instead.")}
        ) from twice
    _audit(actor, "attendance.recorded", attendance, session.programme, reason=str(code))
    if code == AttendanceCode.UNACCEPTABLE_ABSENCE:
        _after_absence(actor, enrolment)
    return attendance


@transaction.atomic
def attendance_change(
    *,
    actor: Actor,
    attendance: Attendance,
    expected_version: int,
    code: AttendanceCode | str,
    absence_reason: str = "",
    notes: str = "",
) -> Attendance:
    current = lock_for_update(attendance, expected_version=expected_version)
    _check_attendance(current.session, current.enrolment, code, absence_reason)
    before = current.code
    current.code = code
    current.absence_reason = absence_reason.strip() or None
    current.notes = notes.strip() or None
    current.recorded_by = actor.user
    current.recorded_at = timezone.now()
    current.version += 1
    current.full_clean(validate_unique=False)
    current.save()
    _audit(
        actor, "attendance.changed", current, current.session.programme, reason=f"{before} → {code}"
    )
    if code == AttendanceCode.UNACCEPTABLE_ABSENCE and before != code:
        _after_absence(actor, current.enrolment)
    return current


@dataclass(frozen=True)
class RegisterLine:
    """One man's line of a register as submitted: a new record, or a change to `attendance`
    at `expected_version`."""

    enrolment: Enrolment
    code: str
    absence_reason: str = ""
    notes: str = ""
    attendance: Attendance | None = None
    expected_version: int | None = None


class RegisterErrors(ValidationError):
    """Some lines were refused; nothing of the register was saved. `by_enrolment` maps each
    refused line's enrolment id to its error."""

    def __init__(self, by_enrolment: dict[int, ValidationError]) -> None:
        super().__init__(_("Some lines could not be saved; nothing was saved."))
        self.by_enrolment = by_enrolment


@transaction.atomic
def register_save(*, actor: Actor, session: Session, lines: Sequence[RegisterLine]) -> int:
    """A whole session's register in one go: every line or none. Lines left blank are skipped;
    a line that has not changed is not rewritten."""
    errors: dict[int, ValidationError] = {}
    saved = 0
    for line in lines:
        if not line.code:
            continue
        try:
            with transaction.atomic():
                if line.attendance is None:
                    attendance_record(
                        actor=actor,
                        session=session,
                        enrolment=line.enrolment,
                        code=line.code,
                        absence_reason=line.absence_reason,
                        notes=line.notes,
                    )
                    saved += 1
                elif (
                    line.attendance.code != line.code
                    or (line.attendance.absence_reason or "") != line.absence_reason.strip()
                    or (line.attendance.notes or "") != line.notes.strip()
                ):
                    attendance_change(
                        actor=actor,
                        attendance=line.attendance,
                        expected_version=line.expected_version or 0,
                        code=line.code,
                        absence_reason=line.absence_reason,
                        notes=line.notes,
                    )
                    saved += 1
        except ValidationError as refused:
            errors[line.enrolment.pk] = refused
    if errors:
        raise RegisterErrors(errors)
    return saved


@transaction.atomic
def enrolment_viewed(*, actor: Actor, enrolment: Enrolment) -> None:
    """Reading his enrolment (attendance, notes, safety information) is a read of his record."""
    _audit(actor, "enrolment.viewed", enrolment, enrolment.programme)


@transaction.atomic
def register_viewed(*, actor: Actor, session: Session) -> None:
    _audit(actor, "programme_session.register_viewed", session, session.programme)
