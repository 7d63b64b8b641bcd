"""Every write of the knowledge exchange. Callers have checked the right with `access.py`; each
service validates, saves and writes its audit event in one transaction, so a refused change
leaves nothing behind."""

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accord.accounts import services as accounts
from accord.accounts.models import Organisation, User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.core.locking import lock_for_update
from accord.knowledge.ical import check_recurrence
from accord.knowledge.members import REPRESENTATIVE_ROLES, member_organisations
from accord.knowledge.models import (
    CHOICE_KINDS,
    SCORE_MAX,
    Answer,
    AnswerCode,
    Assessment,
    Campaign,
    CampaignActivity,
    Category,
    CoderSlot,
    Concept,
    Criterion,
    EntryStatus,
    Event,
    Material,
    Pillar,
    PracticeEntry,
    PracticeTranslation,
    Question,
    QuestionKind,
    Registration,
    Response,
    Survey,
    SurveyStatus,
)
from accord.knowledge.surveyfile import OTHER_CODE, SurveyFile

# --- surveys ------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    survey: Survey
    created: bool
    added_codes: list[tuple[str, str]]
    created_organisations: list[str] = field(default_factory=list)


def _organisation_for(actor: Actor, name: str, country: str, created: list[str]) -> Organisation:
    """The respondent's organisation on the platform, by name (or short name); a past survey's
    respondent that is not on the platform yet is added, with its country."""
    found = (
        Organisation.objects.filter(name__iexact=name).first()
        or Organisation.objects.filter(slug=slugify(name)[:60]).first()
    )
    if found is not None:
        return found
    created.append(name)
    return accounts.organisation_create(
        actor=actor, name=name, slug=slugify(name)[:60] or "member", country=country, languages=[]
    )


def _save(obj: object) -> None:
    obj.full_clean()  # type: ignore[attr-defined]
    obj.save()  # type: ignore[attr-defined]


@transaction.atomic
def survey_import(*, actor: Actor, hub: Organisation, data: SurveyFile) -> ImportResult:
    """Create or update the survey the file describes and load its answers: the file is the
    record of that past survey, so each respondent's answers are replaced by the file's. The
    survey's version goes up when its questions or codebooks change."""
    survey = Survey.objects.filter(key=data.key).first()
    created = survey is None
    if survey is None:
        survey = Survey(hub=hub, key=data.key, title=data.title, status=SurveyStatus.CLOSED)
        _save(survey)
    elif survey.hub_id != hub.pk:
        raise ValidationError(_("Survey “%(key)s” belongs to another hub.") % {"key": data.key})
    changed = survey.title != data.title
    survey.title = data.title
    questions: dict[str, Question] = {q.key: q for q in survey.questions.all()}
    for position, file_question in enumerate(data.questions):
        question = questions.get(file_question.key)
        if question is None:
            question = Question(survey=survey, key=file_question.key)
            changed = True
        elif (question.text, question.kind, question.position) != (
            file_question.text,
            file_question.kind,
            position,
        ):
            changed = True
        question.text, question.kind, question.position = (
            file_question.text,
            file_question.kind,
            position,
        )
        _save(question)
        questions[question.key] = question
        codes = {category.code: category for category in question.categories.all()}
        for category_position, file_category in enumerate(file_question.categories):
            category = codes.get(file_category.code)
            if category is None:
                category = Category(question=question, code=file_category.code)
                changed = True
            category.label = file_category.label
            category.position = category_position
            category.is_other = file_category.code == OTHER_CODE
            _save(category)
            codes[category.code] = category
    if changed and not created:
        survey.version += 1
    _save(survey)
    categories = {
        (category.question.key, category.code): category
        for category in Category.objects.filter(question__survey=survey).select_related("question")
    }
    created_organisations: list[str] = []
    for respondent in data.respondents:
        organisation = _organisation_for(
            actor, respondent.organisation, respondent.country, created_organisations
        )
        response, _new = Response.objects.get_or_create(
            survey=survey,
            organisation=organisation,
            defaults={"country": respondent.country, "submitted_at": timezone.now()},
        )
        response.country = respondent.country
        response.submitted_at = response.submitted_at or timezone.now()
        _save(response)
        response.answers.all().delete()
        for question_key, number in respondent.numbers.items():
            Answer.objects.create(
                response=response, question=questions[question_key], number=number
            )
        for question_key, codes in respondent.answers.items():
            answer = Answer.objects.create(response=response, question=questions[question_key])
            AnswerCode.objects.bulk_create(
                AnswerCode(answer=answer, category=categories[(question_key, code)])
                for code in codes
            )
    audit_event_record(
        actor=actor,
        action="knowledge.survey_imported",
        obj=survey,
        subject_organisation_id=hub.pk,
        reason=f"{len(data.respondents)} respondents, version {survey.version}",
    )
    return ImportResult(
        survey=survey,
        created=created,
        added_codes=data.added_codes,
        created_organisations=created_organisations,
    )


@transaction.atomic
def survey_status_set(
    *, actor: Actor, survey: Survey, status: SurveyStatus, deadline: datetime.date | None = None
) -> Survey:
    """Open a survey for answers (with its deadline) or close it."""
    if status == SurveyStatus.OPEN and deadline is None and survey.deadline is None:
        raise ValidationError({"deadline": _("Give the day by which members answer.")})
    survey.status = status
    if deadline is not None:
        survey.deadline = deadline
    _save(survey)
    audit_event_record(
        actor=actor,
        action=f"knowledge.survey_{status}",
        obj=survey,
        subject_organisation_id=survey.hub_id,
    )
    return survey


AnswerValue = str | Decimal | list[str] | None


def _answer_for(question: Question, value: AnswerValue) -> tuple[str, Decimal | None, list[str]]:
    """(text, number, codes) of a member's answer to one question; empty means skipped."""
    if question.kind == QuestionKind.OPEN:
        return (str(value or "").strip(), None, [])
    if question.kind == QuestionKind.NUMBER:
        return ("", value if isinstance(value, Decimal) else None, [])
    codes = [value] if isinstance(value, str) and value else list(value or [])
    if question.kind == QuestionKind.SINGLE and len(codes) > 1:
        raise ValidationError({question.key: _("Choose one answer.")})
    return ("", None, codes)


@transaction.atomic
def response_submit(
    *,
    actor: Actor,
    survey: Survey,
    organisation: Organisation,
    answers: Mapping[str, AnswerValue],
    expected_version: int | None = None,
) -> Response:
    """A member organisation's answers, given (or changed) while the survey is open: one
    response per organisation. The member's choices on closed questions are stored as their
    codes; open answers wait for the hub's analysts to code them. A second representative who
    saves over answers changed since she opened them gets StaleVersion."""
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("This survey is not open for answers."))
    if survey.deadline and timezone.localdate() > survey.deadline:
        raise ValidationError(_("The deadline for this survey has passed."))
    response = Response.objects.filter(survey=survey, organisation=organisation).first()
    if response is None:
        response = Response(survey=survey, organisation=organisation, country=organisation.country)
    elif expected_version is not None:
        response = lock_for_update(response, expected_version=expected_version)
        response.version += 1
    response.submitted_at = timezone.now()
    _save(response)
    questions = list(survey.questions.prefetch_related("categories"))
    previous = {answer.question_id: answer for answer in response.answers.all()}
    for question in questions:
        text, number, codes = _answer_for(question, answers.get(question.key))
        old = previous.get(question.pk)
        if not text and number is None and not codes:
            if old is not None:
                old.delete()
            continue
        known = {category.code: category for category in question.categories.all()}
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError({question.key: _("Not one of the choices.")})
        if old is not None and (question.kind != QuestionKind.OPEN or old.text == text):
            answer = old
            answer.number = number
            _save(answer)
        else:
            if old is not None:
                old.delete()  # a changed open answer is coded afresh
            answer = Answer(response=response, question=question, text=text, number=number)
            _save(answer)
        if question.kind in CHOICE_KINDS:
            answer.codes.all().delete()
            AnswerCode.objects.bulk_create(
                AnswerCode(answer=answer, category=known[code]) for code in codes
            )
    audit_event_record(
        actor=actor,
        action="knowledge.response_submitted",
        obj=response,
        subject_organisation_id=organisation.pk,
    )
    return response


@transaction.atomic
def category_add(*, actor: Actor, question: Question, code: str, label: str) -> Category:
    """A new code in a question's codebook (an analyst finds a theme the codebook lacks)."""
    position = question.categories.aggregate(last=Max("position"))["last"]
    category = Category(
        question=question,
        code=code,
        label=label,
        position=0 if position is None else position + 1,
        is_other=code == OTHER_CODE,
    )
    if Category.objects.filter(question=question, code=code).exists():
        raise ValidationError({"code": _("The codebook already has this code.")})
    _save(category)
    survey = question.survey
    survey.version += 1
    survey.save(update_fields=["version"])
    audit_event_record(
        actor=actor,
        action="knowledge.category_added",
        obj=category,
        subject_organisation_id=survey.hub_id,
    )
    return category


@transaction.atomic
def answer_code(
    *,
    actor: Actor,
    answer: Answer,
    categories: Iterable[Category],
    slot: CoderSlot = CoderSlot.FIRST,
) -> Answer:
    """An analyst's codes for one open answer (several allowed), as first or second coder;
    replaces that coder's earlier codes of the answer."""
    if answer.question.kind != QuestionKind.OPEN:
        raise ValidationError(_("Only open answers are coded."))
    chosen = list(categories)
    if any(category.question_id != answer.question_id for category in chosen):
        raise ValidationError(_("A code from another question's codebook."))
    answer.codes.filter(slot=slot).delete()
    AnswerCode.objects.bulk_create(
        AnswerCode(answer=answer, category=category, slot=slot, coder=actor.user)
        for category in chosen
    )
    audit_event_record(
        actor=actor,
        action="knowledge.answer_coded",
        obj=answer,
        subject_organisation_id=answer.question.survey.hub_id,
        reason=f"slot {int(slot)}",
    )
    return answer


REMINDER_DAYS_BEFORE = (7, 1)


def _representatives(organisation_ids: Iterable[int]) -> list[str]:
    return sorted(
        set(
            User.objects.filter(
                is_active=True,
                is_service_account=False,
                memberships__role__in=REPRESENTATIVE_ROLES,
                memberships__team__service__organisation_id__in=list(organisation_ids),
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def survey_remind(*, actor: Actor, today: datetime.date) -> int:
    """Remind, by e-mail, the representatives of every member organisation that has not yet
    answered an open survey, a week and a day before its deadline. Run daily; each day's run
    reminds of the surveys due in exactly 7 or 1 days, so nobody is reminded twice a day.
    Returns the number of organisations reminded."""
    reminded = 0
    for survey in Survey.objects.filter(
        status=SurveyStatus.OPEN,
        deadline__in=[today + datetime.timedelta(days=days) for days in REMINDER_DAYS_BEFORE],
    ).select_related("hub"):
        answered = survey.responses.values("organisation_id")
        waiting = list(
            member_organisations(survey.hub).exclude(pk__in=answered).values_list("pk", flat=True)
        )
        recipients = _representatives(waiting)
        with transaction.atomic():
            if recipients:
                send_mail(
                    _("Reminder: %(title)s") % {"title": survey.title},
                    _(
                        "Your organisation has not yet answered the survey “%(title)s” of "
                        "%(hub)s. Please answer in Accord by %(deadline)s."
                    )
                    % {"title": survey.title, "hub": survey.hub, "deadline": survey.deadline},
                    None,
                    recipients,
                )
            audit_event_record(
                actor=actor,
                action="knowledge.survey_reminded",
                obj=survey,
                subject_organisation_id=survey.hub_id,
                reason=f"{len(waiting)} organisations",
            )
        reminded += len(waiting)
    return reminded


@transaction.atomic
def survey_report_exported(*, actor: Actor, survey: Survey, file_format: str) -> None:
    """A survey's figures left the platform as a file (CSV or PDF)."""
    audit_event_record(
        actor=actor,
        action="knowledge.report_exported",
        obj=survey,
        subject_organisation_id=survey.hub_id,
        reason=file_format,
    )


# --- the compendium -----------------------------------------------------------------------------

ENTRY_FIELDS = (
    "title",
    "summary",
    "target_group",
    "partnership_model",
    "what_it_takes",
    "evidence",
    "contact",
)


def _set_pillars(entry: PracticeEntry, pillars: Iterable[str]) -> None:
    chosen = set(pillars)
    unknown = chosen - set(Pillar.values)
    if unknown:
        raise ValidationError({"pillars": _("Not one of the four Ps.")})
    if not chosen:
        raise ValidationError({"pillars": _("Choose at least one pillar.")})
    for pillar in Pillar:
        setattr(entry, pillar.value, pillar.value in chosen)


@transaction.atomic
def practice_entry_submit(
    *,
    actor: Actor,
    organisation: Organisation,
    pillars: Iterable[str],
    tags: Iterable[Concept] = (),
    documents: list[str] | None = None,
    language: str = "en",
    **fields: str,
) -> PracticeEntry:
    """A member's description of a practice, submitted to the hub for the compendium."""
    entry = PracticeEntry(
        organisation=organisation,
        country=organisation.country,
        language=language,
        documents=documents or [],
        **{name: fields.get(name, "") for name in ENTRY_FIELDS},
    )
    _set_pillars(entry, pillars)
    _save(entry)
    entry.tags.set(list(tags))
    audit_event_record(
        actor=actor,
        action="knowledge.practice_submitted",
        obj=entry,
        subject_organisation_id=organisation.pk,
    )
    return entry


@transaction.atomic
def practice_entry_update(
    *,
    actor: Actor,
    entry: PracticeEntry,
    expected_version: int,
    pillars: Iterable[str],
    tags: Iterable[Concept] = (),
    **fields: str,
) -> PracticeEntry:
    """The member changes her entry while the hub has not yet decided on it."""
    entry = lock_for_update(entry, expected_version=expected_version)
    if entry.status != EntryStatus.SUBMITTED:
        raise ValidationError(_("The hub has already decided on this entry."))
    for name in ENTRY_FIELDS:
        if name in fields:
            setattr(entry, name, fields[name])
    _set_pillars(entry, pillars)
    entry.version += 1
    _save(entry)
    entry.tags.set(list(tags))
    audit_event_record(
        actor=actor,
        action="knowledge.practice_updated",
        obj=entry,
        subject_organisation_id=entry.organisation_id,
    )
    return entry


@transaction.atomic
def practice_entry_assess(
    *, actor: Actor, entry: PracticeEntry, scores: Mapping[str, int]
) -> Assessment:
    """One hub assessor's scores of an entry against the criteria (0 to 3 each)."""
    if set(scores) != set(Criterion.values) or any(
        not 0 <= int(score) <= SCORE_MAX for score in scores.values()
    ):
        raise ValidationError(_("Score every criterion from 0 to %(max)s.") % {"max": SCORE_MAX})
    assessment, _created = Assessment.objects.update_or_create(
        entry=entry, assessor=actor.user, defaults={"scores": dict(scores)}
    )
    audit_event_record(
        actor=actor,
        action="knowledge.practice_assessed",
        obj=entry,
        subject_organisation_id=entry.organisation_id,
    )
    return assessment


# The decisions the hub takes, from the status an entry must have.
DECISIONS = {
    EntryStatus.SELECTED: {EntryStatus.SUBMITTED},
    EntryStatus.DECLINED: {EntryStatus.SUBMITTED, EntryStatus.SELECTED},
    EntryStatus.PUBLISHED: {EntryStatus.SELECTED},
}


@transaction.atomic
def practice_entry_decide(
    *, actor: Actor, entry: PracticeEntry, status: EntryStatus
) -> PracticeEntry:
    """Select (after assessment), decline, or publish a selected entry."""
    if entry.status not in DECISIONS.get(status, set()):
        raise ValidationError(_("This entry cannot be moved to that step."))
    if status == EntryStatus.SELECTED and not entry.assessments.exists():
        raise ValidationError(_("Assess the entry before selecting it."))
    entry.status = status
    if status == EntryStatus.PUBLISHED:
        entry.published_at = timezone.now()
    entry.version += 1
    _save(entry)
    audit_event_record(
        actor=actor,
        action=f"knowledge.practice_{status}",
        obj=entry,
        subject_organisation_id=entry.organisation_id,
    )
    return entry


@transaction.atomic
def practice_translation_set(
    *, actor: Actor, entry: PracticeEntry, language: str, title: str, summary: str
) -> PracticeTranslation:
    if language == entry.language:
        raise ValidationError({"language": _("This is the entry's own language.")})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Not a language of this site.")})
    translation, _created = PracticeTranslation.objects.get_or_create(
        entry=entry, language=language, defaults={"title": title, "summary": summary}
    )
    translation.title, translation.summary = title, summary
    _save(translation)
    audit_event_record(
        actor=actor,
        action="knowledge.practice_translated",
        obj=entry,
        subject_organisation_id=entry.organisation_id,
        reason=language,
    )
    return translation


# --- campaigns ----------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    hub: Organisation,
    slug: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
) -> Campaign:
    campaign = Campaign(
        hub=hub,
        slug=slug,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
    )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("A campaign ends on or after its first day.")})
    _save(campaign)
    audit_event_record(
        actor=actor,
        action="knowledge.campaign_created",
        obj=campaign,
        subject_organisation_id=hub.pk,
    )
    return campaign


@transaction.atomic
def campaign_activity_add(
    *,
    actor: Actor,
    campaign: Campaign,
    organisation: Organisation,
    held_on: datetime.date,
    kind: str,
    title: str,
    audience: str = "",
    reach: int | None = None,
) -> CampaignActivity:
    """A member's activity in a campaign, on one of the campaign's days."""
    if not campaign.starts_on <= held_on <= campaign.ends_on:
        raise ValidationError(
            {
                "held_on": _("The campaign runs from %(start)s to %(end)s.")
                % {"start": campaign.starts_on, "end": campaign.ends_on}
            }
        )
    activity = CampaignActivity(
        campaign=campaign,
        organisation=organisation,
        country=organisation.country,
        held_on=held_on,
        kind=kind,
        title=title,
        audience=audience,
        reach=reach,
    )
    _save(activity)
    audit_event_record(
        actor=actor,
        action="knowledge.activity_added",
        obj=activity,
        subject_organisation_id=organisation.pk,
    )
    return activity


# --- events -------------------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    actor: Actor,
    hub: Organisation,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str = "",
    description: str = "",
    recurrence: str = "",
    places: int | None = None,
    tags: Iterable[Concept] = (),
) -> Event:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("An event ends after it starts.")})
    check_recurrence(recurrence, starts_at)
    event = Event(
        hub=hub,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        description=description,
        recurrence=recurrence,
        places=places,
        uid=uuid.uuid4(),
    )
    _save(event)
    event.tags.set(list(tags))
    audit_event_record(
        actor=actor, action="knowledge.event_created", obj=event, subject_organisation_id=hub.pk
    )
    return event


@transaction.atomic
def registration_set(
    *, actor: Actor, event: Event, organisation: Organisation, participants: int
) -> Registration:
    """A member organisation's places at an event (a count), within the places left."""
    if participants < 1:
        raise ValidationError({"participants": _("Register at least one participant.")})
    Event.objects.select_for_update().get(pk=event.pk)  # one registration at a time per event
    if event.places is not None:
        taken = (
            event.registrations.exclude(organisation=organisation).aggregate(
                taken=Sum("participants")
            )["taken"]
            or 0
        )
        if taken + participants > event.places:
            raise ValidationError(
                {
                    "participants": _("Only %(left)s places are left.")
                    % {"left": max(event.places - taken, 0)}
                }
            )
    registration, _created = Registration.objects.update_or_create(
        event=event, organisation=organisation, defaults={"participants": participants}
    )
    audit_event_record(
        actor=actor,
        action="knowledge.registered",
        obj=registration,
        subject_organisation_id=organisation.pk,
    )
    return registration


@transaction.atomic
def attendance_record(*, actor: Actor, registration: Registration, attended: int) -> Registration:
    if attended > registration.participants:
        raise ValidationError({"attended": _("More than registered.")})
    registration.attended = attended
    _save(registration)
    audit_event_record(
        actor=actor,
        action="knowledge.attendance_recorded",
        obj=registration,
        subject_organisation_id=registration.organisation_id,
    )
    return registration


@transaction.atomic
def material_add(*, actor: Actor, event: Event, title: str, link: str) -> Material:
    material = Material(event=event, title=title, link=link)
    _save(material)
    audit_event_record(
        actor=actor,
        action="knowledge.material_added",
        obj=material,
        subject_organisation_id=event.hub_id,
    )
    return material
