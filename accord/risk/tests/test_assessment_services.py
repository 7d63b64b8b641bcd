"""The assessment services: start, save a draft, complete with judgement that only raises;
what completing does to the case (level, conference criteria, review tasks); and the audit
events each one writes. Built on the persona world and the shipped instruments."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases import services as case_services
from accord.cases.models import Case, ClosureReason, Task, TaskPurpose
from accord.cases.risk_levels import RiskLevel
from accord.core.locking import StaleVersion
from accord.demo.risk import answers_reaching, seed_demo_instruments
from accord.risk import services
from accord.risk.definition import NO, YES
from accord.risk.models import Assessment, AssessmentStatus, Instrument, Occasion
from accord.testing import Casework, World

# Items whose "yes" raises a red flag (or, for separated, completes the separation cluster):
# left "no" when a test wants the score alone to decide the level.
FLAG_ITEMS = {"strangled", "threats_to_kill", "stalking", "separated"}


def yes_answers(instrument: Instrument, count: int) -> dict[str, str]:
    """Every main question answered, `count` of them "yes", none raising a red flag."""
    keys = [item.key for item in instrument.spec.main_items()]
    quiet = [key for key in keys if key not in FLAG_ITEMS]
    assert count <= len(quiet)
    chosen = set(quiet[:count])
    return {key: YES if key in chosen else NO for key in keys}


@pytest.fixture
def instruments(db) -> dict[str, Instrument]:
    return {instrument.slug: instrument for instrument in seed_demo_instruments()}


@pytest.fixture
def checklist(instruments: dict[str, Instrument]) -> Instrument:
    return instruments["survivor-checklist"]


@pytest.fixture
def actor(world: World) -> Actor:
    return Actor.for_user(world.caseworker)


def start(actor: Actor, case: Case, instrument: Instrument, **extra: object) -> Assessment:
    return services.assessment_start(actor=actor, case=case, instrument=instrument, **extra)


def complete(actor: Actor, assessment: Assessment, answers: dict, **extra: object) -> Assessment:
    return services.assessment_complete(
        actor=actor,
        assessment=assessment,
        expected_version=assessment.version,
        answers=answers,
        **extra,
    )


# --- starting ---------------------------------------------------------------------------------


def test_it_starts_a_draft_and_audits_it(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    assessment = start(actor, casework.her_case, checklist)
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.assessed_on == timezone.localdate()
    assert AuditEvent.objects.filter(
        action="assessment.started", object_id=str(assessment.pk)
    ).exists()


def test_it_refuses_a_form_not_used_for_the_kind_of_case(
    casework: Casework, instruments: dict[str, Instrument], actor: Actor
) -> None:
    with pytest.raises(ValidationError) as refused:
        start(actor, casework.her_case, instruments["perpetrator-review"])
    assert "instrument" in refused.value.message_dict
    assert not Assessment.objects.exists()


def test_it_refuses_an_inactive_version(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    Instrument.objects.filter(pk=checklist.pk).update(active=False)
    checklist.refresh_from_db()
    with pytest.raises(ValidationError):
        start(actor, casework.her_case, checklist)


def test_it_refuses_another_organisations_own_form(
    world: World, casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    text = checklist.source.replace('version: "2026.1"', 'version: "elsewhere-1"')
    theirs = services.instrument_load(actor=Actor.system(), text=text, organisation=world.unrelated)
    with pytest.raises(ValidationError):
        start(actor, casework.her_case, theirs)


def test_it_refuses_a_closed_case_and_a_future_date(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    with pytest.raises(ValidationError) as future:
        start(
            actor,
            casework.her_case,
            checklist,
            assessed_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert "assessed_on" in future.value.message_dict
    case_services.case_close(
        actor=actor,
        case=casework.her_case,
        expected_version=casework.her_case.version,
        reason=ClosureReason.SUPPORT_COMPLETED,
    )
    with pytest.raises(ValidationError):
        start(actor, Case.objects.get(pk=casework.her_case.pk), checklist)
    assert not Assessment.objects.exists()


# --- drafts -----------------------------------------------------------------------------------


def test_a_draft_saves_incomplete(casework: Casework, checklist: Instrument, actor: Actor) -> None:
    assessment = start(actor, casework.her_case, checklist)
    saved = services.assessment_save(
        actor=actor,
        assessment=assessment,
        expected_version=assessment.version,
        answers={"injured": YES, "frightened": "", "isolated": None},
    )
    stored = Assessment.objects.get(pk=assessment.pk)
    # Blank answers are not stored: "no answer" stays distinct from "don't know".
    assert stored.answers == {"injured": YES}
    assert stored.version == saved.version == assessment.version + 1
    assert stored.status == AssessmentStatus.DRAFT
    assert AuditEvent.objects.filter(action="assessment.saved", object_id=str(stored.pk)).exists()


def test_a_malformed_answer_saves_nothing(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    assessment = start(actor, casework.her_case, checklist)
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(
            actor=actor,
            assessment=assessment,
            expected_version=assessment.version,
            answers={"injured": "maybe", "no_such_question": YES},
        )
    assert set(refused.value.message_dict) == {"answer-injured", "answer-no_such_question"}
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.answers == {} and stored.version == assessment.version


def test_a_stale_version_is_refused(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    assessment = start(actor, casework.her_case, checklist)
    services.assessment_save(
        actor=actor, assessment=assessment, expected_version=1, answers={"injured": YES}
    )
    with pytest.raises(StaleVersion) as stale:
        services.assessment_save(
            actor=actor, assessment=assessment, expected_version=1, answers={"injured": NO}
        )
    assert stale.value.current.answers == {"injured": YES}
    assert Assessment.objects.get(pk=assessment.pk).answers == {"injured": YES}


# --- completing -------------------------------------------------------------------------------


def test_15_yes_is_high_and_meets_the_conference_criteria(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    assessment = complete(
        actor, start(actor, casework.her_case, checklist), yes_answers(checklist, 15)
    )
    assert (assessment.score, assessment.level, assessment.computed_level) == (15, "high", "high")
    assert assessment.flags == []
    assert assessment.status == AssessmentStatus.COMPLETE
    assert assessment.completed_at is not None
    case = Case.objects.get(pk=casework.her_case.pk)
    assert case.risk_level == "high"
    assert case.conference_criteria == ["high_risk"]
    event = AuditEvent.objects.get(action="assessment.completed", object_id=str(assessment.pk))
    assert event.reason == "high"


@pytest.mark.parametrize(
    ("yes", "level"),
    [(14, "high"), (13, "medium"), (10, "medium"), (9, "standard"), (0, "standard")],
)
def test_the_thresholds(
    casework: Casework, checklist: Instrument, actor: Actor, yes: int, level: str
) -> None:
    assessment = complete(
        actor, start(actor, casework.her_case, checklist), yes_answers(checklist, yes)
    )
    assert (assessment.score, assessment.level) == (yes, level)
    case = Case.objects.get(pk=casework.her_case.pk)
    assert case.risk_level == level
    assert case.conference_criteria == (["high_risk"] if level == "high" else [])


def test_a_red_flag_forces_high_whatever_the_score(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    answers = {**yes_answers(checklist, 2), "strangled": YES}
    assessment = complete(actor, start(actor, casework.her_case, checklist), answers)
    assert (assessment.score, assessment.level, assessment.flags) == (3, "high", ["strangulation"])
    assert Case.objects.get(pk=casework.her_case.pk).conference_criteria == ["high_risk"]


@pytest.mark.parametrize("level", list(RiskLevel))
def test_answers_reaching_reaches_each_level(
    casework: Casework, checklist: Instrument, actor: Actor, level: RiskLevel
) -> None:
    answers = answers_reaching(checklist.spec, level)
    assert complete(actor, start(actor, casework.her_case, checklist), answers).level == level


def test_completing_needs_every_required_answer_and_saves_nothing_without(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    assessment = start(actor, casework.her_case, checklist)
    answers = yes_answers(checklist, 3)
    del answers["injured"], answers["controlling"]
    with pytest.raises(ValidationError) as refused:
        complete(actor, assessment, answers)
    assert set(refused.value.message_dict) == {"answer-injured", "answer-controlling"}
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.status == AssessmentStatus.DRAFT
    assert stored.answers == {} and stored.version == assessment.version
    assert not AuditEvent.objects.filter(action="assessment.completed").exists()
    assert Case.objects.get(pk=casework.her_case.pk).risk_level == ""


def test_an_opened_follow_up_must_be_answered(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    answers = {**yes_answers(checklist, 0), "stalking": YES}
    with pytest.raises(ValidationError) as refused:
        complete(actor, start(actor, casework.her_case, checklist), answers)
    assert "answer-stalk_frightened" in refused.value.message_dict


def test_judgement_raises_with_a_reason(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    assessment = start(actor, casework.her_case, checklist)
    answers = yes_answers(checklist, 10)
    with pytest.raises(ValidationError) as no_reason:
        complete(actor, assessment, answers, judgement_level="high", judgement_reason="  ")
    assert "judgement_reason" in no_reason.value.message_dict
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.DRAFT
    done = complete(
        actor,
        assessment,
        answers,
        judgement_level="high",
        judgement_reason="He bought a gun last week.",
    )
    assert (done.computed_level, done.judgement_level, done.level) == ("medium", "high", "high")
    case = Case.objects.get(pk=casework.her_case.pk)
    assert case.risk_level == "high"
    assert case.conference_criteria == ["judgement"]


@pytest.mark.parametrize(("yes", "judged"), [(14, "medium"), (14, "standard"), (10, "standard")])
def test_judgement_never_lowers(
    casework: Casework, checklist: Instrument, actor: Actor, yes: int, judged: str
) -> None:
    assessment = start(actor, casework.her_case, checklist)
    with pytest.raises(ValidationError) as refused:
        complete(
            actor,
            assessment,
            yes_answers(checklist, yes),
            judgement_level=judged,
            judgement_reason="She seems calmer.",
        )
    assert "judgement_level" in refused.value.message_dict
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.DRAFT


def test_a_red_flagged_high_is_not_lowered_by_judgement(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    answers = {**yes_answers(checklist, 0), "threats_to_kill": YES}
    with pytest.raises(ValidationError):
        complete(
            actor,
            start(actor, casework.her_case, checklist),
            answers,
            judgement_level="medium",
            judgement_reason="Said in anger.",
        )


def test_a_complete_assessment_is_not_changed_again(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    done = complete(actor, start(actor, casework.her_case, checklist), yes_answers(checklist, 1))
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=actor, assessment=done, expected_version=done.version, answers={}
        )
    with pytest.raises(ValidationError):
        complete(actor, done, yes_answers(checklist, 15))
    assert Assessment.objects.get(pk=done.pk).score == 1


@pytest.mark.parametrize("level", ["high", "medium", "standard"])
def test_completing_closes_the_open_reviews_and_schedules_the_next(
    casework: Casework, checklist: Instrument, actor: Actor, settings, level: str
) -> None:
    case_services.incident_record(
        actor=actor, case=casework.her_case, forms=["physical"], source="survivor"
    )
    due = Task.objects.get(case=casework.her_case, purpose=TaskPurpose.RISK_REVIEW)
    assessment = start(actor, casework.her_case, checklist)
    done = complete(actor, assessment, answers_reaching(checklist.spec, RiskLevel(level)))
    due.refresh_from_db()
    assert due.done_at is not None
    expected = done.assessed_on + datetime.timedelta(days=settings.ACCORD_RISK_REVIEW_DAYS[level])
    assert done.next_review_on == expected
    scheduled = Task.objects.get(
        case=casework.her_case, purpose=TaskPurpose.RISK_REVIEW, done_at__isnull=True
    )
    assert scheduled.due_on == expected
    assert scheduled.assignee == casework.her_case.key_worker
    assert Case.objects.get(pk=casework.her_case.pk).risk_review_on == expected


def test_a_backdated_assessment_schedules_from_its_own_date(
    casework: Casework, checklist: Instrument, actor: Actor, settings
) -> None:
    day = timezone.localdate() - datetime.timedelta(days=10)
    done = complete(
        actor,
        start(actor, casework.her_case, checklist, assessed_on=day),
        yes_answers(checklist, 0),
    )
    assert done.next_review_on == day + datetime.timedelta(
        days=settings.ACCORD_RISK_REVIEW_DAYS["standard"]
    )


def test_the_case_level_is_the_highest_of_the_latest_per_form(
    casework: Casework, instruments: dict[str, Instrument], checklist: Instrument, actor: Actor
) -> None:
    """A children's screen does not replace her checklist; a newer checklist does."""
    screen = instruments["child-safety-screen"]
    complete(actor, start(actor, casework.her_case, checklist), yes_answers(checklist, 15))
    complete(
        actor,
        start(actor, casework.her_case, screen),
        answers_reaching(screen.spec, RiskLevel.STANDARD),
    )
    assert Case.objects.get(pk=casework.her_case.pk).risk_level == "high"
    complete(actor, start(actor, casework.her_case, checklist), yes_answers(checklist, 2))
    case = Case.objects.get(pk=casework.her_case.pk)
    assert case.risk_level == "standard"
    assert case.conference_criteria == []
    # Every assessment is kept.
    assert Assessment.objects.filter(case=casework.her_case).count() == 3


# --- reassessment requests --------------------------------------------------------------------


def test_a_change_of_circumstances_sets_a_review_due_soon(
    casework: Casework, actor: Actor, settings
) -> None:
    task = services.reassessment_request(
        actor=actor, case=casework.her_case, occasion=Occasion.SEPARATION
    )
    assert task is not None
    assert task.purpose == TaskPurpose.RISK_REVIEW
    assert task.due_on == timezone.localdate() + datetime.timedelta(
        days=settings.ACCORD_RISK_REASSESS_AFTER_CHANGE_DAYS
    )
    assert "Separation" in task.title
    again = services.reassessment_request(
        actor=actor, case=casework.her_case, occasion=Occasion.RELEASE_FROM_CUSTODY
    )
    assert again == task
    assert Task.objects.filter(case=casework.her_case, purpose=TaskPurpose.RISK_REVIEW).count() == 1
    assert Case.objects.get(pk=casework.her_case.pk).risk_review_on == task.due_on


def test_a_closed_case_is_not_reassessed(casework: Casework, actor: Actor) -> None:
    case_services.case_close(
        actor=actor,
        case=casework.her_case,
        expected_version=casework.her_case.version,
        reason=ClosureReason.SUPPORT_COMPLETED,
    )
    with pytest.raises(ValidationError):
        services.reassessment_request(
            actor=actor,
            case=Case.objects.get(pk=casework.her_case.pk),
            occasion=Occasion.SEPARATION,
        )
    assert not Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW).exists()


def test_a_draft_left_open_when_the_case_closed_is_not_completed(
    casework: Casework, checklist: Instrument, actor: Actor
) -> None:
    draft = start(actor, casework.her_case, checklist)
    case_services.case_close(
        actor=actor,
        case=casework.her_case,
        expected_version=casework.her_case.version,
        reason=ClosureReason.SUPPORT_COMPLETED,
    )
    draft = Assessment.objects.select_related("case", "instrument").get(pk=draft.pk)

    with pytest.raises(ValidationError, match="The case is closed"):
        complete(actor, draft, yes_answers(checklist, 15))

    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT
    assert not Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW).exists()


# --- reads --------------------------------------------------------------------------------------


def test_reads_are_audited(casework: Casework, checklist: Instrument, actor: Actor) -> None:
    assessment = start(actor, casework.her_case, checklist)
    services.risk_viewed(actor=actor, case=casework.her_case)
    services.assessment_viewed(actor=actor, assessment=assessment)
    assert AuditEvent.objects.filter(
        action="risk.viewed", object_id=str(casework.her_case.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action="assessment.viewed", object_id=str(assessment.pk)
    ).exists()
