"""Every write of the risk-conference work: validated, saved and audited in one transaction.

The callers (pages, API) have checked with accord/conferences/access.py that the actor may do
it; these check what the record itself requires (an open meeting, a member agency, a reason).
No audit event carries a name, a narrative or anything the agencies wrote.
"""

import datetime
import zoneinfo
from typing import Any

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.accounts.models import ServiceKind, Team, User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.models import Case
from accord.cases.risk_levels import ConferenceCriterion
from accord.conferences.access import member_person_fields, practitioner_memberships
from accord.conferences.models import (
    OPEN_REFERRAL_STATUSES,
    REASON_MAX,
    REPEAT,
    TEXT_MAX,
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Conference,
    ConferenceMember,
    ConferenceReferral,
    ConferenceReferralStatus,
    ConfidentialityAcceptance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minute,
    Research,
)
from accord.core.crypto import blind_index
from accord.core.locking import lock_for_update
from accord.core.references import new_reference
from accord.people.models import ConsentScope, HouseholdMember, Person, Relationship
from accord.people.selectors import valid_consent, why_no_consent

IDENTITY_PURPOSE = "conference.identity"


def _audit(actor: Actor, action: str, obj: Any, organisation_id: int | None, reason: str = ""):
    audit_event_record(
        actor=actor, action=action, obj=obj, subject_organisation_id=organisation_id, reason=reason
    )


def _text(value: str, field: str, *, limit: int = TEXT_MAX, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: _("Keep this to %(max)d characters.") % {"max": limit}})
    return value


def _organisation_of(conference: Conference) -> int:
    return conference.team.service.organisation_id


# --- conferences and their meetings -----------------------------------------------------------


def _check_schedule(schedule: str, first: datetime.datetime, tz: str) -> None:
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError({"time_zone": _("Choose a known time zone.")}) from None
    try:
        rrulestr(schedule, dtstart=first.replace(tzinfo=None))
    except (ValueError, TypeError):
        raise ValidationError(
            {
                "schedule": _(
                    "Write the schedule as a recurrence rule, e.g. FREQ=MONTHLY;BYDAY=+2TU."
                )
            }
        ) from None


# Also the API's answer to an id that names nobody, so that it learns nothing more than this.
CHAIR_ELSEWHERE = gettext_lazy(
    "The chair must work in the coordinating team or in a member agency."
)
REPRESENTATIVE_ELSEWHERE = gettext_lazy("The representative must belong to the member team.")


def _check_chair(chair: User | None, team_ids: list[int]) -> None:
    if chair is None:
        return
    if not practitioner_memberships().filter(user=chair, team_id__in=team_ids).exists():
        raise ValidationError({"chair": CHAIR_ELSEWHERE})


def _conference_fields(
    conference: Conference,
    *,
    name: str,
    area: str,
    schedule: str,
    first_meeting_at: datetime.datetime | None,
    time_zone: str,
) -> None:
    if first_meeting_at is None:
        raise ValidationError({"first_meeting_at": _("Give the date of the first meeting.")})
    if timezone.is_naive(first_meeting_at):
        raise ValidationError({"first_meeting_at": _("Give the time with its time zone.")})
    schedule = (schedule or "").strip()
    _check_schedule(schedule, first_meeting_at, time_zone)
    conference.name = _text(name, "name", limit=200, required=_("Name the conference."))
    conference.area = _text(area, "area", limit=200, required=_("Say which area it covers."))
    conference.schedule = schedule
    conference.first_meeting_at = first_meeting_at
    conference.time_zone = time_zone
    if Conference.objects.filter(name=conference.name).exclude(pk=conference.pk).exists():
        raise ValidationError({"name": _("Another conference has this name.")})


@transaction.atomic
def conference_create(
    *,
    actor: Actor,
    name: str,
    area: str,
    team: Team,
    schedule: str,
    first_meeting_at: datetime.datetime,
    time_zone: str = "Europe/London",
    chair: User | None = None,
) -> Conference:
    """A conference run by `team` (its coordinators build the agenda). At first it has no
    member agency: the chair, if named now, works in the coordinating team."""
    conference = Conference(team=team, chair=chair)
    _conference_fields(
        conference,
        name=name,
        area=area,
        schedule=schedule,
        first_meeting_at=first_meeting_at,
        time_zone=time_zone,
    )
    _check_chair(chair, [team.pk])
    conference.full_clean()
    conference.save()
    _audit(actor, "conference.created", conference, _organisation_of(conference))
    return conference


@transaction.atomic
def conference_update(
    *,
    actor: Actor,
    conference: Conference,
    expected_version: int,
    name: str,
    area: str,
    schedule: str,
    first_meeting_at: datetime.datetime | None,
    time_zone: str,
    chair: User | None,
) -> Conference:
    """Its name, area, schedule and chair; the chair works in the coordinating team or in a
    member agency. The meetings already planned keep their dates."""
    current = lock_for_update(conference, expected_version=expected_version)
    _conference_fields(
        current,
        name=name,
        area=area,
        schedule=schedule,
        first_meeting_at=first_meeting_at,
        time_zone=time_zone,
    )
    team_ids = [current.team_id, *current.members.values_list("team_id", flat=True)]
    _check_chair(chair, team_ids)
    current.chair = chair
    _bump(current)
    _audit(actor, "conference.updated", current, _organisation_of(current))
    return current


@transaction.atomic
def conference_member_add(
    *, actor: Actor, conference: Conference, team: Team | None, representative: User | None
) -> ConferenceMember:
    """A member agency: one of its teams and the person who represents it there."""
    if team is None:
        raise ValidationError({"team": _("Choose the agency.")})
    if representative is None:
        raise ValidationError({"representative": _("Name the agency's representative.")})
    if not practitioner_memberships().filter(user=representative, team=team).exists():
        raise ValidationError({"representative": REPRESENTATIVE_ELSEWHERE})
    if ConferenceMember.objects.filter(conference=conference, team=team).exists():
        raise ValidationError({"team": _("This team is already a member.")})
    member = ConferenceMember(conference=conference, team=team, representative=representative)
    member.full_clean()
    member.save()
    _audit(actor, "conference.member_added", conference, _organisation_of(conference), str(team.pk))
    return member


@transaction.atomic
def conference_member_remove(*, actor: Actor, member: ConferenceMember) -> None:
    """The agency leaves: from now on its people reach none of the conference's cases; the
    actions already assigned to it stay its own. The chair's own agency stays while she chairs."""
    conference = Conference.objects.select_for_update().get(pk=member.conference_id)
    remaining = [
        conference.team_id,
        *conference.members.exclude(pk=member.pk).values_list("team_id", flat=True),
    ]
    if (
        conference.chair_id is not None
        and not practitioner_memberships()
        .filter(user_id=conference.chair_id, team_id__in=remaining)
        .exists()
    ):
        raise ValidationError(_("The chair works in this agency: name another chair first."))
    team_id = member.team_id
    deleted, _rows = ConferenceMember.objects.filter(pk=member.pk).delete()
    if not deleted:
        raise ValidationError(_("This agency is no longer a member."))
    _audit(
        actor, "conference.member_removed", conference, _organisation_of(conference), str(team_id)
    )


def scheduled_times(
    conference: Conference, *, after: datetime.datetime, count: int = 1
) -> list[datetime.datetime]:
    """The next `count` meeting times of the schedule after `after`, as aware datetimes: the
    rule runs in the conference's own time zone, so "the second Tuesday at 10:00" stays 10:00
    local time across a change to or from summer time."""
    tz = zoneinfo.ZoneInfo(conference.time_zone)
    local_first = conference.first_meeting_at.astimezone(tz).replace(tzinfo=None)
    rule = rrulestr(conference.schedule, dtstart=local_first)
    local_after = after.astimezone(tz).replace(tzinfo=None)
    times: list[datetime.datetime] = []
    moment = rule.after(local_after, inc=False) if local_after >= local_first else local_first
    while moment is not None and len(times) < count:
        times.append(moment.replace(tzinfo=tz))
        moment = rule.after(moment, inc=False)
    return times


def _meeting_create(actor: Actor, conference: Conference, starts_at: datetime.datetime, kind: str):
    meeting = Meeting(conference=conference, starts_at=starts_at, kind=kind)
    meeting.full_clean()
    meeting.save()
    _audit(actor, "conference.meeting_created", meeting, _organisation_of(conference), kind)
    return meeting


@transaction.atomic
def meeting_schedule_next(*, actor: Actor, conference: Conference) -> Meeting:
    """The next scheduled meeting after the last one held or planned; with none yet, the
    conference's first meeting."""
    last = (
        Meeting.objects.filter(conference=conference, kind=MeetingKind.SCHEDULED)
        .order_by("-starts_at")
        .first()
    )
    if last is None:
        times = [conference.first_meeting_at]
    else:
        times = scheduled_times(conference, after=last.starts_at)
    if not times:
        raise ValidationError(_("The schedule has no further meeting."))
    return _meeting_create(actor, conference, times[0], MeetingKind.SCHEDULED)


@transaction.atomic
def meeting_emergency(
    *, actor: Actor, conference: Conference, starts_at: datetime.datetime
) -> Meeting:
    """An emergency meeting, outside the schedule, for a case that cannot wait."""
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Give the time with its time zone.")})
    if timezone.localdate(starts_at) < timezone.localdate():
        raise ValidationError({"starts_at": _("A meeting cannot be called for a day gone by.")})
    return _meeting_create(actor, conference, starts_at, MeetingKind.EMERGENCY)


def _open_meeting(meeting: Meeting, expected_version: int | None = None) -> Meeting:
    if expected_version is not None:
        meeting = lock_for_update(meeting, expected_version=expected_version)
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.OPEN:
        raise ValidationError(_("This meeting is closed: nothing of it can be changed."))
    return meeting


@transaction.atomic
def confidentiality_accept(*, actor: Actor, meeting: Meeting) -> ConfidentialityAcceptance:
    _open_meeting(meeting)
    acceptance, created = ConfidentialityAcceptance.objects.get_or_create(
        meeting=meeting, user=actor.user
    )
    if created:
        _audit(
            actor,
            "conference.confidentiality_accepted",
            meeting,
            _organisation_of(meeting.conference),
        )
    return acceptance


@transaction.atomic
def attendance_record(
    *, actor: Actor, meeting: Meeting, team: Team, status: AttendanceStatus | str
) -> Attendance:
    meeting = _open_meeting(meeting)
    if not ConferenceMember.objects.filter(conference=meeting.conference, team=team).exists():
        raise ValidationError({"team": _("Only a member agency attends.")})
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Choose how the agency attends.")})
    row, _created = Attendance.objects.update_or_create(
        meeting=meeting, team=team, defaults={"status": status}
    )
    _audit(
        actor, "conference.attendance", meeting, _organisation_of(meeting.conference), str(status)
    )
    return row


@transaction.atomic
def meeting_close(*, actor: Actor, meeting: Meeting, expected_version: int) -> Meeting:
    """Close the meeting: its cases are heard; from now on nothing of it changes, and the
    member agencies keep only the actions assigned to them."""
    current = _open_meeting(meeting, expected_version)
    current.status = MeetingStatus.CLOSED
    current.closed_at = timezone.now()
    current.version += 1
    current.full_clean()
    current.save()
    ConferenceReferral.objects.filter(
        meeting=current, status=ConferenceReferralStatus.LISTED
    ).update(status=ConferenceReferralStatus.HEARD)
    _audit(actor, "conference.meeting_closed", current, _organisation_of(current.conference))
    return current


# --- referrals ---------------------------------------------------------------------------------
#
# What a referral carries is decided by the rule table's "risk conference member" column
# (accord.conferences.access.member_person_fields): the identity fields it allows freely, the
# risk level and the referrer's summary of the risk, and never contact or location (their cells
# deny). A change to the table changes the snapshot, and what older snapshots show.


def identity_index(person: Person) -> str:
    """Her identity, keyed for conference repeats only. A purpose of its own: it cannot be
    joined to the people search's index (docs/decisions/0020-repeat-matching-by-blind-index.md).
    Without a date of birth there is nothing safe to match on: empty."""
    if person.date_of_birth is None:
        return ""
    return blind_index(
        f"{person.given_name} {person.family_name or ''}|{person.date_of_birth.isoformat()}",
        purpose=IDENTITY_PURPOSE,
    )


def repeat_window_start(now: datetime.datetime) -> datetime.datetime:
    return now - relativedelta(months=settings.ACCORD_CONFERENCE_REPEAT_MONTHS)


def is_repeat(*, index: str, person_id: int, now: datetime.datetime) -> bool:
    """Referred to any conference within the window before: matched on the keyed index (her
    record at another agency) or, with no date of birth, her own record. Withdrawn referrals
    and transfers (the same referral moving) do not count."""
    earlier = ConferenceReferral.objects.filter(
        referred_at__gte=repeat_window_start(now),
        transferred_from__isnull=True,
    ).exclude(status=ConferenceReferralStatus.WITHDRAWN)
    if index:
        return earlier.filter(identity_index=index).exists()
    return earlier.filter(case__person_id=person_id).exists()


def children_in_household(case: Case) -> int:
    if case.household_id is None:
        return 0
    return HouseholdMember.objects.filter(
        household_id=case.household_id, relationship=Relationship.CHILD
    ).count()


def _criteria(case: Case, judgement_reason: str) -> list[str]:
    criteria = [c for c in case.conference_criteria if c in ConferenceCriterion.values]
    if judgement_reason and ConferenceCriterion.JUDGEMENT not in criteria:
        criteria.append(ConferenceCriterion.JUDGEMENT.value)
    if not criteria:
        raise ValidationError(
            {
                "judgement_reason": _(
                    "This case meets none of the criteria (high risk, escalation): say why, in "
                    "your professional judgement, it should be heard."
                )
            }
        )
    return criteria


@transaction.atomic
def conference_referral_make(
    *,
    actor: Actor,
    conference: Conference,
    case: Case,
    risk_summary: str,
    judgement_reason: str = "",
    override_reason: str = "",
) -> ConferenceReferral:
    """Refer her case to `conference`. Refused, with a sentence saying why and nothing saved,
    unless: it is a survivor-side case without an open conference referral; it meets a
    criterion the risk picture computed or a professional-judgement reason is given; her
    consent to sharing with a risk conference holds today, or `override_reason` says why it is
    shared without it (the view asks for re-authentication first)."""
    if not case.is_survivor_side:
        raise ValidationError(_("Only a survivor-side case is referred to a risk conference."))
    judgement_reason = _text(judgement_reason, "judgement_reason", limit=REASON_MAX)
    override_reason = _text(override_reason, "override_reason", limit=REASON_MAX)
    risk_summary = _text(
        risk_summary, "risk_summary", required=_("Summarise the risk for the conference.")
    )
    criteria = _criteria(case, judgement_reason)
    if ConferenceReferral.objects.filter(case=case, status__in=OPEN_REFERRAL_STATUSES).exists():
        raise ValidationError(_("This case is already referred to a conference."))
    person = case.person
    today = timezone.localdate()
    consent = valid_consent(person, scope=ConsentScope.CONFERENCE_SHARING, on=today)
    if consent is None and not override_reason:
        raise ValidationError(
            {
                "consent": why_no_consent(person, scope=ConsentScope.CONFERENCE_SHARING, on=today)
                + " "
                + _(
                    "Record her consent first, or, where the law allows, share without it and "
                    "say why."
                )
            }
        )
    now = timezone.now()
    index = identity_index(person)
    repeat = is_repeat(index=index, person_id=person.pk, now=now)
    if repeat:
        criteria.append(REPEAT)
    shared = {name: _json(getattr(person, name)) for name in member_person_fields()}
    referral = ConferenceReferral(
        reference=new_reference("CR"),
        conference=conference,
        case=case,
        referring_team=case.team,
        criteria=criteria,
        judgement_reason=judgement_reason or None,
        identity_index=index,
        is_repeat=repeat,
        shared={name: value for name, value in shared.items() if value not in (None, "", [])},
        risk_level=case.risk_level,
        risk_summary=risk_summary,
        children_in_household=children_in_household(case),
        consent=consent,
        shared_without_consent=consent is None,
        override_reason=override_reason if consent is None else None,
        referred_by=actor.user,
        referred_at=now,
    )
    referral.full_clean()
    referral.save()
    organisation = case.team.service.organisation_id
    if referral.shared_without_consent:
        # Flagged for the DPO by its action; the reason stays encrypted on the referral.
        _audit(actor, "conference_referral.shared_without_consent", referral, organisation)
    _audit(actor, "conference_referral.made", referral, organisation, ",".join(criteria))
    _audit(actor, "conference_referral.received", referral, _organisation_of(conference))
    return referral


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _locked_open(referral: ConferenceReferral, expected_version: int) -> ConferenceReferral:
    current = lock_for_update(referral, expected_version=expected_version)
    if current.status not in OPEN_REFERRAL_STATUSES:
        raise ValidationError(
            _("This referral is %(status)s: that cannot be done any more.")
            % {"status": current.get_status_display().lower()}
        )
    return current


def _bump(obj: Any) -> None:
    obj.version += 1
    obj.full_clean()
    obj.save()


@transaction.atomic
def conference_referral_withdraw(
    *, actor: Actor, referral: ConferenceReferral, expected_version: int, reason: str
) -> ConferenceReferral:
    current = _locked_open(referral, expected_version)
    current.closing_reason = _text(
        reason, "reason", limit=REASON_MAX, required=_("Say why it is withdrawn.")
    )
    current.status = ConferenceReferralStatus.WITHDRAWN
    current.meeting = None
    _bump(current)
    _audit(
        actor, "conference_referral.withdrawn", current, current.case.team.service.organisation_id
    )
    return current


@transaction.atomic
def conference_referral_transfer(
    *,
    actor: Actor,
    referral: ConferenceReferral,
    expected_version: int,
    to_conference: Conference,
    reason: str,
) -> ConferenceReferral:
    """She moved: the referral goes to the conference of her new area, as it was (the repeat
    flag travels with it); the old one is closed as transferred out."""
    current = _locked_open(referral, expected_version)
    if to_conference.pk == current.conference_id:
        raise ValidationError({"to_conference": _("Choose another conference.")})
    current.closing_reason = _text(
        reason, "reason", limit=REASON_MAX, required=_("Say why it is transferred.")
    )
    current.status = ConferenceReferralStatus.TRANSFERRED
    current.meeting = None
    _bump(current)
    moved = ConferenceReferral(
        reference=new_reference("CR"),
        conference=to_conference,
        case=current.case,
        referring_team=current.referring_team,
        criteria=current.criteria,
        judgement_reason=current.judgement_reason,
        identity_index=current.identity_index,
        is_repeat=current.is_repeat,
        shared=current.shared,
        risk_level=current.risk_level,
        risk_summary=current.risk_summary,
        children_in_household=current.children_in_household,
        consent=current.consent,
        shared_without_consent=current.shared_without_consent,
        override_reason=current.override_reason,
        transferred_from=current,
        referred_by=current.referred_by,
        referred_at=current.referred_at,
    )
    moved.full_clean()
    moved.save()
    _audit(
        actor, "conference_referral.transferred_out", current, _organisation_of(current.conference)
    )
    _audit(actor, "conference_referral.transferred_in", moved, _organisation_of(to_conference))
    return moved


@transaction.atomic
def agenda_build(*, actor: Actor, meeting: Meeting) -> int:
    """List every referral received and not yet listed onto this open meeting."""
    meeting = _open_meeting(meeting)
    received = ConferenceReferral.objects.filter(
        conference_id=meeting.conference_id, status=ConferenceReferralStatus.RECEIVED
    )
    count = received.update(
        meeting=meeting, status=ConferenceReferralStatus.LISTED, version=F("version") + 1
    )
    _audit(
        actor, "conference.agenda_built", meeting, _organisation_of(meeting.conference), str(count)
    )
    return count


# --- research, minutes, actions ----------------------------------------------------------------


def _listed_on_open_meeting(referral: ConferenceReferral) -> Meeting:
    if referral.meeting_id is None:
        raise ValidationError(_("This case is not on the agenda of a meeting."))
    return _open_meeting(referral.meeting)


def _member_team(conference_id: int, team: Team | None, field: str = "team") -> Team:
    if team is None:
        raise ValidationError({field: _("Choose the agency.")})
    if not ConferenceMember.objects.filter(conference_id=conference_id, team=team).exists():
        raise ValidationError({field: _("Choose one of the conference's member agencies.")})
    return team


@transaction.atomic
def research_save(
    *,
    actor: Actor,
    referral: ConferenceReferral,
    team: Team,
    summary: str,
    involvement: str = "",
    risks_known: str = "",
    views_and_wishes: str = "",
    expected_version: int | None = None,
) -> Research:
    """What `team` holds on the case, before or at the meeting. Her views and wishes are
    recorded by her advocate: a survivor-support member only. `expected_version` None: a first
    entry."""
    _listed_on_open_meeting(referral)
    _member_team(referral.conference_id, team)
    views_and_wishes = _text(views_and_wishes, "views_and_wishes")
    if views_and_wishes and team.service.kind != ServiceKind.SURVIVOR_SUPPORT:
        raise ValidationError(
            {"views_and_wishes": _("Her views and wishes are recorded by her advocate.")}
        )
    existing = Research.objects.filter(referral=referral, team=team).first()
    if existing is not None:
        if expected_version is None:
            raise ValidationError(_("Your agency's research is already there: edit it instead."))
        row = lock_for_update(existing, expected_version=expected_version)
        row.version += 1
    else:
        row = Research(referral=referral, team=team)
    row.summary = _text(summary, "summary", required=_("Say what your agency holds."))
    row.involvement = _text(involvement, "involvement") or None
    row.risks_known = _text(risks_known, "risks_known") or None
    row.views_and_wishes = views_and_wishes or None
    row.author = actor.user
    row.full_clean()
    row.save()
    _audit(actor, "conference.research_saved", referral, team.service.organisation_id)
    return row


@transaction.atomic
def minute_save(
    *,
    actor: Actor,
    referral: ConferenceReferral,
    text: str,
    distribution: list[Team],
    expected_version: int | None = None,
) -> Minute:
    """The minute of the case, while the meeting is open; afterwards it stands as it was."""
    _listed_on_open_meeting(referral)
    if not distribution:
        raise ValidationError({"distribution": _("Choose who receives the minute.")})
    for team in distribution:
        _member_team(referral.conference_id, team, "distribution")
    existing = Minute.objects.filter(referral=referral).first()
    if existing is not None:
        if expected_version is None:
            raise ValidationError(_("The minute is already there: edit it instead."))
        minute = lock_for_update(existing, expected_version=expected_version)
        minute.version += 1
    else:
        minute = Minute(referral=referral)
    minute.text = _text(text, "text", required=_("Write the minute."))
    minute.author = actor.user
    minute.full_clean()
    minute.save()
    minute.distribution.set(distribution)
    _audit(actor, "conference.minute_saved", referral, _organisation_of(referral.conference))
    return minute


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    referral: ConferenceReferral,
    team: Team | None,
    owner: str,
    what: str,
    due_on: datetime.date | None,
) -> Action:
    """A SMART action: an agency, the person who owns it, what exactly, by when."""
    meeting = _listed_on_open_meeting(referral)
    team = _member_team(referral.conference_id, team)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the date it is due.")})
    if due_on < timezone.localdate(meeting.starts_at):
        raise ValidationError({"due_on": _("An action cannot be due before the meeting.")})
    action = Action(
        referral=referral,
        team=team,
        owner=_text(owner, "owner", limit=200, required=_("Name who owns the action.")),
        what=_text(what, "what", required=_("Say what is to be done.")),
        due_on=due_on,
        created_by=actor.user,
    )
    action.full_clean()
    action.save()
    _audit(actor, "conference.action_agreed", action, team.service.organisation_id)
    return action


CLOSING_STATUSES = (
    ActionStatus.DONE,
    ActionStatus.NOT_DONE_CHANGED,
    ActionStatus.NOT_DONE_NO_ACTION,
)


@transaction.atomic
def action_close(
    *,
    actor: Actor,
    action: Action,
    expected_version: int,
    status: ActionStatus | str,
    meeting: Meeting,
) -> Action:
    """Close an open action at a later meeting of the same conference (while it is open)."""
    meeting = _open_meeting(meeting)
    current = lock_for_update(action, expected_version=expected_version)
    if current.status != ActionStatus.OPEN:
        raise ValidationError(_("This action is already closed."))
    if status not in CLOSING_STATUSES:
        raise ValidationError({"status": _("Choose how the action ended.")})
    if current.referral.conference_id != meeting.conference_id:
        raise ValidationError(_("Close an action at a meeting of its own conference."))
    current.status = status
    current.closed_at_meeting = meeting
    _bump(current)
    _audit(actor, "conference.action_closed", current, current.team.service.organisation_id, status)
    return current


@transaction.atomic
def conference_page_viewed(*, actor: Actor, referral: ConferenceReferral, what: str) -> None:
    """A read of a case at a conference (agenda summary, research, minute, a printout)."""
    _audit(actor, f"conference.{what}", referral, _organisation_of(referral.conference))
