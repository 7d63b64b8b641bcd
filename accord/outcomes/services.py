"""Writes of outcome measurement. Callers have checked, with the access module, that the actor
works the case (`CaseAccess.may_work`); a survivor's self-completion is authorised by her
one-time link alone (`link_complete`)."""

import datetime
import hashlib
import secrets
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.accounts.models import User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind, CaseStatus
from accord.core.validation import not_in_future
from accord.outcomes import definition
from accord.outcomes.models import (
    Channel,
    OutcomeResponse,
    OutcomeSchedule,
    Respondent,
    SelfCompletionLink,
)
from accord.people.models import Relationship
from accord.programmes.models import ContactChannel, PartnerLink
from accord.risk.scoring import answer_errors, score

LINK_DAYS = 7
HER_CASE_KINDS = (CaseKind.PARTNER_SUPPORT, CaseKind.SURVIVOR_SUPPORT)
HER_RELATIONSHIPS = (Relationship.SURVIVOR, Relationship.NEW_PARTNER)


# An answer that is neither a choice nor a whole number (the API's input, before the checks).
NOT_AN_ANSWER = gettext_lazy("Each answer is a choice or a whole number.")


def _organisation_id(case: Case) -> int:
    return case.team.service.organisation_id


def partner_cases(schedule: OutcomeSchedule) -> list[Case]:
    """Her open survivor-side cases in his household: where her answers are asked for. Read by
    the services only (tasks are written there; nothing is read back to the programme)."""
    his = schedule.case
    if his.household_id is None:
        return []
    return list(
        Case.objects.filter(
            household_id=his.household_id,
            kind__in=HER_CASE_KINDS,
            person__household_memberships__household_id=his.household_id,
            person__household_memberships__relationship__in=HER_RELATIONSHIPS,
        )
        .exclude(status=CaseStatus.CLOSED)
        .select_related("team__service", "key_worker")
        .distinct()
    )


def _task(case: Case, title: str, due_on: datetime.date, fallback: User | None) -> None:
    assignee = case.key_worker or fallback
    if assignee is not None:
        cases.task_add(
            actor=Actor.system(), case=case, title=title, due_on=due_on, assignee=assignee
        )


@transaction.atomic
def outcome_schedule_start(*, actor: Actor, case: Case, start_on: datetime.date) -> OutcomeSchedule:
    """Start his outcome measurement from `start_on`; a task falls due at every time point on
    his case (his key worker) and on each (ex)partner's case in his household (her worker).
    Nothing of her side is read back."""
    if case.kind != CaseKind.PERPETRATOR_PROGRAMME:
        raise ValidationError(_("Outcome measurement starts on his programme case."))
    if OutcomeSchedule.objects.filter(case=case).exists():
        raise ValidationError(_("His outcome measurement has already started."))
    if start_on < case.opened_on:
        raise ValidationError({"start_on": _("This is before his case opened.")})
    schedule = OutcomeSchedule(
        case=case,
        instrument_slug=definition.DEFAULT_INSTRUMENT,
        start_on=start_on,
        created_by=actor.user,
    )
    schedule.full_clean()
    schedule.save()
    for point in definition.time_points():
        due = definition.due_on(start_on, point)
        title = _("Outcome questionnaire: %(point)s") % {"point": point.label}
        _task(case, title, due, actor.user)
        for her_case in partner_cases(schedule):
            _task(her_case, title, due, None)
    audit_event_record(
        actor=actor,
        action="outcome_schedule.started",
        obj=schedule,
        subject_organisation_id=_organisation_id(case),
    )
    return schedule


def _respondent(schedule: OutcomeSchedule, case: Case) -> Respondent:
    if case.pk == schedule.case_id:
        return Respondent.HIM
    if case.pk in {her.pk for her in partner_cases(schedule)}:
        return Respondent.HER
    raise ValidationError(_("This case takes no part in this outcome measurement."))


def check_answers(answers: Mapping[str, object]) -> dict[str, object]:
    """Every question answered, each within its choices or range; each problem on its own
    question, in plain words (the risk instruments' checks)."""
    spec = definition.instrument()
    errors = answer_errors(spec, answers)
    for item in spec.items():
        if item.required and answers.get(item.key) in (None, "") and item.key not in errors:
            errors[item.key] = _("Please answer this question.")
    if errors:
        raise ValidationError(errors)
    return {
        item.key: int(answer) if item.answer_type == "number" else answer
        for item in spec.items()
        if (answer := answers.get(item.key)) not in (None, "")
    }


def _gap_task(her: OutcomeResponse, his: OutcomeResponse | None) -> None:
    """A large gap between his report and hers is flagged on her case, to her worker; the
    programme is never told."""
    if his is None:
        return
    gap = definition.gap_threshold()
    if any(abs(his.scores.get(key, 0) - value) >= gap for key, value in her.scores.items()):
        point = definition.time_point(her.time_point)
        _task(
            her.case,
            _("Outcome answers differ widely (%(point)s): see the paired view")
            % {"point": point.label},
            timezone.localdate(),
            None,
        )


@transaction.atomic
def outcome_response_record(
    *,
    actor: Actor,
    case: Case,
    schedule: OutcomeSchedule,
    time_point: str,
    answers: Mapping[str, object],
    answered_on: datetime.date | None = None,
    self_completed: bool = False,
) -> OutcomeResponse:
    answered_on = answered_on or timezone.localdate()
    not_in_future(answered_on, "answered_on")
    try:
        definition.time_point(time_point)
    except KeyError:
        raise ValidationError({"time_point": _("Choose a time point.")}) from None
    respondent = _respondent(schedule, case)
    cleaned = check_answers(answers)
    if OutcomeResponse.objects.filter(case=case, schedule=schedule, time_point=time_point).exists():
        raise ValidationError({"time_point": _("This time point is already answered.")})
    spec = definition.instrument(schedule.instrument_slug)
    response = OutcomeResponse(
        case=case,
        schedule=schedule,
        time_point=time_point,
        respondent=respondent,
        instrument_version=spec.version,
        answers=cleaned,
        scores=definition.construct_scores(spec, cleaned),
        answered_on=answered_on,
        recorded_by=actor.user,
        self_completed=self_completed,
    )
    response.full_clean()
    response.save()
    others = OutcomeResponse.objects.filter(schedule=schedule, time_point=time_point)
    if respondent == Respondent.HER:
        _gap_task(response, others.filter(respondent=Respondent.HIM).first())
    else:
        for her in others.filter(respondent=Respondent.HER).select_related("case__key_worker"):
            _gap_task(her, response)
    audit_event_record(
        actor=actor,
        action="outcome_response.recorded",
        obj=response,
        subject_organisation_id=_organisation_id(case),
        reason="self-completed" if self_completed else "",
    )
    return response


@transaction.atomic
def outcomes_viewed(*, actor: Actor, case: Case) -> None:
    """Reading a case's questionnaires and answers (the page or the API) is a read of her or his
    record."""
    audit_event_record(
        actor=actor,
        action="outcomes.viewed",
        obj=case,
        subject_organisation_id=_organisation_id(case),
    )


def reaches_review_level(answers: Mapping[str, object]) -> bool:
    """Whether her answers reach the instrument's threshold: her worker is prompted to review
    her risk (the risk instruments' scoring)."""
    spec = definition.instrument()
    return bool(spec.thresholds) and score(spec, answers).score >= spec.thresholds[0].minimum


# --- the one-time link ------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def channels_for(case: Case) -> list[str]:
    """The channels her record allows: e-mail only if an e-mail is recorded for her, phone (her
    worker reads the link out or texts it) only if a phone is — and, where she named the channels
    that are safe for partner contact (accord/programmes: `PartnerLink.safe_channels`), only
    those."""
    person = case.person
    said_safe = {
        channel
        for channels in PartnerLink.objects.filter(partner_case=case).values_list(
            "safe_channels", flat=True
        )
        for channel in channels
    }
    found = []
    if person.email and (not said_safe or ContactChannel.EMAIL in said_safe):
        found.append(Channel.EMAIL)
    if person.phone and (not said_safe or said_safe & {ContactChannel.PHONE, ContactChannel.TEXT}):
        found.append(Channel.PHONE)
    return found


@transaction.atomic
def link_create(
    *,
    actor: Actor,
    case: Case,
    schedule: OutcomeSchedule,
    time_point: str,
    channel: str,
    build_url: Callable[[str], str],
) -> str:
    """A one-time link for her to answer by herself; returns the link (it exists only here).
    E-mail carries nothing but the link; for the phone her worker is shown it once."""
    if _respondent(schedule, case) != Respondent.HER:
        raise ValidationError(_("Only she answers through a link."))
    if channel not in channels_for(case):
        raise ValidationError(
            {"channel": _("Her record has no such safe channel: use one recorded for her.")}
        )
    definition.time_point(time_point)
    if OutcomeResponse.objects.filter(case=case, schedule=schedule, time_point=time_point).exists():
        raise ValidationError({"time_point": _("This time point is already answered.")})
    token = secrets.token_urlsafe(32)
    link = SelfCompletionLink(
        case=case,
        schedule=schedule,
        time_point=time_point,
        token_hash=token_hash(token),
        channel=channel,
        expires_at=timezone.now() + datetime.timedelta(days=LINK_DAYS),
        created_by=actor.user,
    )
    link.full_clean()
    link.save()
    url = build_url(token)
    if channel == Channel.EMAIL:
        email = case.person.email
        transaction.on_commit(lambda: send_mail(_("Your link"), url, None, [email]))
    audit_event_record(
        actor=actor,
        action="self_completion_link.created",
        obj=link,
        subject_organisation_id=_organisation_id(case),
        reason=channel,
    )
    return url


def link_usable(token: str) -> SelfCompletionLink | None:
    """The link for `token` if it is unused and unexpired; None otherwise (the caller shows one
    plain page for every case: unknown, used or expired)."""
    return (
        SelfCompletionLink.objects.filter(
            token_hash=token_hash(token), used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("case__team__service", "schedule__case")
        .first()
    )


@transaction.atomic
def link_complete(*, token: str, answers: Mapping[str, object]) -> OutcomeResponse | None:
    """She answered through her link: the response is recorded and the link used up, in one
    transaction; None when the link can no longer be used."""
    found = link_usable(token)
    if found is None:
        return None
    link = SelfCompletionLink.objects.select_for_update().get(pk=found.pk)
    if link.used_at is not None:
        return None
    response = outcome_response_record(
        actor=Actor.system(),
        case=found.case,
        schedule=found.schedule,
        time_point=link.time_point,
        answers=answers,
        self_completed=True,
    )
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return response
