"""What sets a reassessment due and what the case's risk picture derives from: a new incident
(one review, however many incidents), escalation (3 incidents in 12 months), a review task
done, his dropout (on every open survivor-side case of his household), and the interval the
level sets."""

import datetime

import pytest
from django.utils import timezone

from accord.audit.context import Actor
from accord.cases import services as case_services
from accord.cases.models import Case, CaseKind, ClosureReason, Task, TaskPurpose
from accord.cases.risk_hooks import reassessment_due
from accord.cases.risk_levels import RiskLevel
from accord.cases.tests.helpers import record_incidents
from accord.demo.risk import answers_reaching, seed_demo_instruments
from accord.people import services as people
from accord.people.models import Relationship
from accord.risk import services
from accord.risk.models import Instrument, Occasion
from accord.risk.triggers import case_risk_refresh, review_interval
from accord.testing import Casework, World


def reviews(case: Case):
    return Task.objects.filter(case=case, purpose=TaskPurpose.RISK_REVIEW)


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def checklist(db) -> Instrument:
    return {i.slug: i for i in seed_demo_instruments()}["survivor-checklist"]


def test_a_new_incident_sets_one_review_due(world: World, casework: Casework, settings) -> None:
    record_incidents(world, casework.her_case, 1)
    task = reviews(casework.her_case).get()
    assert task.due_on == timezone.localdate() + datetime.timedelta(
        days=settings.ACCORD_RISK_REASSESS_AFTER_CHANGE_DAYS
    )
    assert task.title == "Risk review: New incident"
    assert task.assignee == world.caseworker
    assert fresh(casework.her_case).risk_review_on == task.due_on
    record_incidents(world, casework.her_case, 1)
    assert reviews(casework.her_case).count() == 1


def test_a_review_months_away_does_not_cover_a_new_incident(
    world: World, casework: Casework, checklist: Instrument
) -> None:
    actor = Actor.for_user(world.caseworker)
    assessment = services.assessment_start(
        actor=actor, case=casework.her_case, instrument=checklist
    )
    services.assessment_complete(
        actor=actor,
        assessment=assessment,
        expected_version=assessment.version,
        answers=answers_reaching(checklist.spec, RiskLevel.STANDARD),
    )
    scheduled = reviews(casework.her_case).get(done_at__isnull=True)
    assert scheduled.due_on > reassessment_due(timezone.localdate())
    record_incidents(world, casework.her_case, 1)
    # The scheduled review is months away: the incident needs one within days.
    soon = reviews(casework.her_case).filter(done_at__isnull=True).order_by("due_on").first()
    assert soon.due_on == reassessment_due(timezone.localdate())
    assert fresh(casework.her_case).risk_review_on == soon.due_on


def test_three_incidents_in_twelve_months_meet_the_escalation_criterion(
    world: World, casework: Casework
) -> None:
    record_incidents(world, casework.her_case, 2)
    assert fresh(casework.her_case).conference_criteria == []
    record_incidents(world, casework.her_case, 1)
    case = fresh(casework.her_case)
    assert case.conference_criteria == ["escalation"]
    # Escalation alone sets no level: none is assessed yet.
    assert case.risk_level == ""


def test_old_incidents_do_not_escalate(world: World, casework: Casework) -> None:
    record_incidents(
        world, casework.her_case, 3, on=timezone.localdate() - datetime.timedelta(days=400)
    )
    assert fresh(casework.her_case).conference_criteria == []


def test_escalation_stands_with_a_high_result(
    world: World, casework: Casework, checklist: Instrument
) -> None:
    record_incidents(world, casework.her_case, 3)
    actor = Actor.for_user(world.caseworker)
    assessment = services.assessment_start(
        actor=actor, case=casework.her_case, instrument=checklist
    )
    services.assessment_complete(
        actor=actor,
        assessment=assessment,
        expected_version=assessment.version,
        answers=answers_reaching(checklist.spec, RiskLevel.HIGH),
    )
    assert fresh(casework.her_case).conference_criteria == ["high_risk", "escalation"]


def test_a_review_task_done_refreshes_the_case(world: World, casework: Casework) -> None:
    record_incidents(world, casework.her_case, 1)
    task = reviews(casework.her_case).get()
    case_services.task_complete(actor=Actor.for_user(world.caseworker), task=task)
    assert fresh(casework.her_case).risk_review_on is None


def test_the_refresh_does_not_make_her_case_edit_stale(world: World, casework: Casework) -> None:
    version = fresh(casework.her_case).version
    record_incidents(world, casework.her_case, 3)
    case_risk_refresh(casework.her_case)
    assert fresh(casework.her_case).version == version


@pytest.mark.parametrize("level", list(RiskLevel))
def test_the_interval_follows_the_level(settings, level: RiskLevel) -> None:
    settings.ACCORD_RISK_REVIEW_DAYS = {"high": 7, "medium": 30, "standard": 90}
    assert review_interval(level) == datetime.timedelta(
        days=settings.ACCORD_RISK_REVIEW_DAYS[level.value]
    )


def test_separation_through_the_service(world: World, casework: Casework) -> None:
    task = services.reassessment_request(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        occasion=Occasion.SEPARATION,
    )
    assert task.title == "Risk review: Separation"


# --- his dropout ----------------------------------------------------------------------------------


def close_his_case(world: World, casework: Casework, reason: ClosureReason) -> None:
    case_services.case_close(
        actor=Actor.for_user(world.facilitator),
        case=casework.his_case,
        expected_version=casework.his_case.version,
        reason=reason,
    )


def test_his_dropout_reaches_every_open_survivor_side_case_of_the_household(
    world: World, casework: Casework
) -> None:
    actor = Actor.for_user(world.caseworker)
    child = people.person_create(actor=actor, organisation=world.womens_aid, given_name="Nico")
    people.household_member_add(
        actor=actor, household=casework.household, person=child, relationship=Relationship.CHILD
    )
    child_case = case_services.case_open(
        actor=actor,
        kind=CaseKind.CHILD,
        person=child,
        team=world.outreach,
        household=casework.household,
    )
    closed = case_services.case_open(
        actor=actor,
        kind=CaseKind.SURVIVOR_SUPPORT,
        person=casework.survivor,
        team=world.outreach,
        household=casework.household,
    )
    case_services.case_close(
        actor=actor,
        case=closed,
        expected_version=closed.version,
        reason=ClosureReason.SUPPORT_COMPLETED,
    )
    close_his_case(world, casework, ClosureReason.DROPPED_OUT)
    assert reviews(casework.her_case).get().assignee == world.caseworker
    # Set by Accord, not by the facilitator who closed his case, nor (falsely) by her.
    assert reviews(casework.her_case).get().created_by is None
    # No key worker on the child's case: someone who works the team's cases takes it.
    assert reviews(child_case).get().assignee.memberships.filter(team=world.outreach).exists()
    assert not reviews(closed).exists()
    assert not reviews(casework.his_case).exists()


def test_his_dropout_does_not_duplicate_a_review_already_due(
    world: World, casework: Casework
) -> None:
    record_incidents(world, casework.her_case, 1)
    close_his_case(world, casework, ClosureReason.EXCLUDED)
    assert reviews(casework.her_case).count() == 1


def test_his_transfer_sets_no_review(world: World, casework: Casework) -> None:
    close_his_case(world, casework, ClosureReason.TRANSFERRED)
    assert not Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW).exists()
