"""Writes for risk work: loading instruments, starting, saving and completing assessments,
asking for a reassessment. Callers have checked access with the access module; each service
validates, saves and audits in one transaction."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.models import Organisation
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases import services as case_services
from accord.cases.models import Case, CaseStatus, Task, TaskPurpose
from accord.cases.risk_hooks import reassessment_due
from accord.cases.risk_levels import RiskLevel
from accord.core.locking import lock_for_update
from accord.core.validation import not_in_future
from accord.risk import scoring
from accord.risk.loader import InstrumentError, load_definition, to_data
from accord.risk.models import Assessment, AssessmentStatus, Instrument, Occasion
from accord.risk.triggers import review_interval


def _organisation_id(case: Case) -> int:
    return case.team.service.organisation_id


# --- instruments ----------------------------------------------------------------------------------


@transaction.atomic
def instrument_load(
    *, actor: Actor, text: str, organisation: Organisation | None = None
) -> Instrument:
    """Validate an instrument file and store it as a new version. The same version loaded
    again with the same text changes nothing; with another text it is refused, so a version
    always means one wording."""
    try:
        spec = load_definition(text)
    except InstrumentError as error:
        raise ValidationError({"source": error.errors}) from error
    existing = Instrument.objects.filter(
        organisation=organisation, slug=spec.slug, version=spec.version
    ).first()
    if existing is not None:
        if existing.source == text:
            return existing
        raise ValidationError(
            {
                "source": _(
                    "Version %(version)s of “%(slug)s” is already loaded with other wording; "
                    "give the changed file a new version."
                )
                % {"version": spec.version, "slug": spec.slug}
            }
        )
    instrument = Instrument(
        organisation=organisation,
        slug=spec.slug,
        version=spec.version,
        title=spec.title,
        definition=to_data(spec),
        source=text,
        loaded_by=actor.user,
    )
    instrument.full_clean()
    try:
        with transaction.atomic():
            instrument.save()
    except IntegrityError as race:
        raise ValidationError(
            {"source": _("This version was loaded by someone else just now.")}
        ) from race
    # Older versions stay for the assessments answered with them, but new work uses this one.
    Instrument.objects.filter(organisation=organisation, slug=spec.slug).exclude(
        pk=instrument.pk
    ).update(active=False)
    audit_event_record(
        actor=actor,
        action="instrument.loaded",
        obj=instrument,
        subject_organisation_id=organisation.pk if organisation else None,
    )
    return instrument


# --- assessments ----------------------------------------------------------------------------------


def _check_answers(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    errors = scoring.answer_errors(instrument.spec, answers)
    if errors:
        raise ValidationError({f"answer-{key}": message for key, message in errors.items()})
    # Unanswered items are not stored: "no answer" stays distinguishable from "don't know".
    return {key: value for key, value in answers.items() if value not in (None, "")}


@transaction.atomic
def assessment_start(
    *,
    actor: Actor,
    case: Case,
    instrument: Instrument,
    occasion: Occasion = Occasion.FIRST,
    assessed_on: datetime.date | None = None,
) -> Assessment:
    if case.kind not in instrument.spec.case_kinds:
        raise ValidationError({"instrument": _("This form is not used for this kind of case.")})
    if instrument.organisation_id not in (None, _organisation_id(case)) or not instrument.active:
        raise ValidationError({"instrument": _("This form is not available to your service.")})
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"instrument": _("The case is closed.")})
    assessed_on = assessed_on or timezone.localdate()
    not_in_future(assessed_on, "assessed_on")
    assessment = Assessment(
        case=case,
        instrument=instrument,
        occasion=occasion,
        assessed_on=assessed_on,
        created_by=actor.user,
    )
    assessment.full_clean()
    assessment.save()
    audit_event_record(
        actor=actor,
        action="assessment.started",
        obj=assessment,
        subject_organisation_id=_organisation_id(case),
    )
    return assessment


def _locked_draft(assessment: Assessment, expected_version: int) -> Assessment:
    current = lock_for_update(assessment, expected_version=expected_version)
    if current.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("This assessment is complete; start a new one to reassess."))
    if assessment.case.status == CaseStatus.CLOSED:
        # A draft left open when the case closed: reopen the case to go on with it.
        raise ValidationError(_("The case is closed."))
    # Neither changes once started: keep the caller's (and the parsed form) rather than fetch
    # and parse them again.
    current.case = assessment.case
    current.instrument = assessment.instrument
    return current


@transaction.atomic
def assessment_save(
    *,
    actor: Actor,
    assessment: Assessment,
    expected_version: int,
    answers: Mapping[str, Any],
) -> Assessment:
    """Keep a draft as far as it goes: required answers may still be missing."""
    current = _locked_draft(assessment, expected_version)
    current.answers = _check_answers(current.instrument, answers)
    current.version += 1
    current.full_clean()
    current.save()
    audit_event_record(
        actor=actor,
        action="assessment.saved",
        obj=current,
        subject_organisation_id=_organisation_id(current.case),
    )
    return current


@transaction.atomic
def assessment_complete(
    *,
    actor: Actor,
    assessment: Assessment,
    expected_version: int,
    answers: Mapping[str, Any],
    judgement_level: RiskLevel | str | None = None,
    judgement_reason: str = "",
) -> Assessment:
    """Score the answers; the level is the instrument's result, raised (never lowered) by
    professional judgement with a written reason. Closes the open risk-review tasks of the case
    and schedules the next review at the interval the level sets."""
    current = _locked_draft(assessment, expected_version)
    spec = current.instrument.spec
    stored = _check_answers(current.instrument, answers)
    result = scoring.score(spec, stored)
    if result.missing:
        raise ValidationError(
            {
                f"answer-{key}": _("Answer this question (“Don't know” is an answer).")
                for key in result.missing
            }
        )
    judgement = RiskLevel(judgement_level) if judgement_level else None
    if judgement is not None:
        if not judgement_reason.strip():
            raise ValidationError(
                {"judgement_reason": _("Say why your judgement differs from the result.")}
            )
        try:
            level = scoring.judged_level(result.level, judgement)
        except ValueError as lower:
            raise ValidationError(
                {
                    "judgement_level": _(
                        "Professional judgement may raise the level, never lower it."
                    )
                }
            ) from lower
    else:
        level = result.level
    current.answers = stored
    current.score = result.score
    current.computed_level = result.level
    current.judgement_level = judgement.value if judgement is not None else ""
    current.judgement_reason = judgement_reason.strip() or None
    current.level = level
    current.flags = list(result.flags)
    current.next_review_on = current.assessed_on + review_interval(level)
    current.status = AssessmentStatus.COMPLETE
    current.completed_by = actor.user
    current.completed_at = timezone.now()
    current.version += 1
    current.full_clean()
    current.save()
    audit_event_record(
        actor=actor,
        action="assessment.completed",
        obj=current,
        subject_organisation_id=_organisation_id(current.case),
        reason=level,
    )
    case = current.case
    for task in Task.objects.filter(
        case=case, purpose=TaskPurpose.RISK_REVIEW, done_at__isnull=True
    ).select_related("case__team__service"):
        case_services.task_complete(actor=actor, task=task)
    case_services.risk_review_task_ensure(
        actor=actor,
        case=case,
        due_on=current.next_review_on,
        occasion=Occasion.SCHEDULED,
    )
    return current


@transaction.atomic
def reassessment_request(*, actor: Actor, case: Case, occasion: Occasion) -> Task | None:
    """Her circumstances changed (separation, his release from custody…): a reassessment falls
    due soon, whatever the interval said."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"occasion": _("The case is closed.")})
    return case_services.risk_review_task_ensure(
        actor=actor,
        case=case,
        due_on=reassessment_due(timezone.localdate()),
        occasion=occasion,
    )


@transaction.atomic
def risk_viewed(*, actor: Actor, case: Case) -> None:
    """Reading a case's risk history is a read of her record (docs/product.md §4.5)."""
    audit_event_record(
        actor=actor, action="risk.viewed", obj=case, subject_organisation_id=_organisation_id(case)
    )


@transaction.atomic
def assessment_viewed(*, actor: Actor, assessment: Assessment) -> None:
    audit_event_record(
        actor=actor,
        action="assessment.viewed",
        obj=assessment,
        subject_organisation_id=_organisation_id(assessment.case),
    )
