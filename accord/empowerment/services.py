"""Writes of the empowerment work on her case. The caller has checked, with the access module,
that the actor works her survivor-side case (`selectors.case_for_work_or_404`)."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.models import Case
from accord.core.locking import lock_for_update
from accord.core.validation import not_in_future
from accord.empowerment.models import (
    TEXT_MAX,
    GoalStatus,
    Mentorship,
    MentorshipMeeting,
    Occasion,
    PlanGoal,
    ProfileSnapshot,
)
from accord.empowerment.questions import BY_KEY, QUESTIONS


def _organisation_id(case: Case) -> int:
    return case.team.service.organisation_id


def _text(value: str, field: str) -> str:
    value = value.strip()
    if len(value) > TEXT_MAX:
        raise ValidationError({field: _("Keep this to %(max)d characters.") % {"max": TEXT_MAX}})
    return value


def _check_survivor_side(case: Case) -> None:
    if not case.is_survivor_side:
        raise ValidationError(_("Empowerment work belongs on her survivor-side case."))


def check_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Every question answered, each with one of its answers ("she prefers not to say" is one)."""
    errors = {}
    for question in QUESTIONS:
        value = answers.get(question.key, "")
        if value not in dict(question.answers):
            errors[question.key] = _("Choose one of the answers.")
    unknown = set(answers) - set(BY_KEY)
    if unknown:
        errors["answers"] = _("These are not questions of the profile: %(keys)s") % {
            "keys": ", ".join(sorted(unknown))
        }
    if errors:
        raise ValidationError(errors)
    return {question.key: answers[question.key] for question in QUESTIONS}


@transaction.atomic
def profile_snapshot_record(
    *,
    actor: Actor,
    case: Case,
    occasion: str,
    taken_on: datetime.date,
    answers: Mapping[str, str],
) -> ProfileSnapshot:
    """Her socio-economic profile on `taken_on`. Refused: a date in the future, an unanswered or
    unknown question, a second entry profile, an exit or follow-up before her entry profile."""
    _check_survivor_side(case)
    not_in_future(taken_on, "taken_on")
    if occasion not in Occasion.values:
        raise ValidationError({"occasion": _("Choose an occasion.")})
    cleaned = check_answers(answers)
    entry = case.profile_snapshots.filter(occasion=Occasion.ENTRY).first()
    if occasion == Occasion.ENTRY and entry is not None:
        raise ValidationError({"occasion": _("Her entry profile is already recorded.")})
    if occasion != Occasion.ENTRY and (entry is None or taken_on < entry.taken_on):
        raise ValidationError(
            {"occasion": _("Record her entry profile first; later ones are compared with it.")}
        )
    snapshot = ProfileSnapshot(
        case=case, occasion=occasion, taken_on=taken_on, answers=cleaned, recorded_by=actor.user
    )
    snapshot.full_clean()
    snapshot.save()
    audit_event_record(
        actor=actor,
        action="profile_snapshot.recorded",
        obj=snapshot,
        subject_organisation_id=_organisation_id(case),
    )
    return snapshot


@transaction.atomic
def plan_goal_add(
    *,
    actor: Actor,
    case: Case,
    area: str,
    goal: str,
    target_on: datetime.date | None = None,
) -> PlanGoal:
    _check_survivor_side(case)
    if not goal.strip():
        raise ValidationError({"goal": _("Write the goal, in her words.")})
    created = PlanGoal(
        case=case,
        area=area,
        goal=_text(goal, "goal"),
        target_on=target_on,
        created_by=actor.user,
    )
    created.full_clean()
    created.save()
    audit_event_record(
        actor=actor,
        action="plan_goal.added",
        obj=created,
        subject_organisation_id=_organisation_id(case),
    )
    return created


@transaction.atomic
def plan_goal_progress(
    *, actor: Actor, goal: PlanGoal, expected_version: int, status: str, progress: str
) -> PlanGoal:
    current = lock_for_update(goal, expected_version=expected_version)
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    current.status = status
    current.progress = _text(progress, "progress") or None
    current.version += 1
    current.full_clean()
    current.save()
    audit_event_record(
        actor=actor,
        action="plan_goal.progressed",
        obj=current,
        subject_organisation_id=_organisation_id(current.case),
    )
    return current


@transaction.atomic
def mentorship_start(
    *, actor: Actor, case: Case, mentor_name: str, started_on: datetime.date, goals: str = ""
) -> Mentorship:
    _check_survivor_side(case)
    not_in_future(started_on, "started_on")
    if not mentor_name.strip():
        raise ValidationError({"mentor_name": _("Name the mentor.")})
    mentorship = Mentorship(
        case=case,
        mentor_name=_text(mentor_name, "mentor_name"),
        started_on=started_on,
        goals=_text(goals, "goals") or None,
        created_by=actor.user,
    )
    mentorship.full_clean()
    mentorship.save()
    audit_event_record(
        actor=actor,
        action="mentorship.started",
        obj=mentorship,
        subject_organisation_id=_organisation_id(case),
    )
    return mentorship


@transaction.atomic
def mentorship_meeting_add(
    *, actor: Actor, mentorship: Mentorship, met_on: datetime.date, notes: str = ""
) -> MentorshipMeeting:
    not_in_future(met_on, "met_on")
    if met_on < mentorship.started_on:
        raise ValidationError({"met_on": _("This is before the mentorship started.")})
    meeting = MentorshipMeeting(
        mentorship=mentorship,
        met_on=met_on,
        notes=_text(notes, "notes") or None,
        recorded_by=actor.user,
    )
    meeting.full_clean()
    meeting.save()
    audit_event_record(
        actor=actor,
        action="mentorship.met",
        obj=meeting,
        subject_organisation_id=_organisation_id(mentorship.case),
    )
    return meeting
