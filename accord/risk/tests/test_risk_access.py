"""Who reaches the risk pages (docs/product.md §4): her team and her manager work them, her DPO
reads them, everyone else gets the same 404 as for a page that does not exist. Across the
barrier: the programme never sees her checklist (nor learns of her reassessment after his
dropout), and her side never sees his risk review — the rule table denies his record's risk
class to the survivor side of his household (accord/access/fields.py)."""

import pytest
from django.test import Client

from accord.access.fields import FieldClass, Grant, RecordKind, Relation, rule_for
from accord.access.policy import visible_to
from accord.accounts.models import Role
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases import services as case_services
from accord.cases.models import Case, ClosureReason, Task, TaskPurpose
from accord.cases.risk_levels import RiskLevel
from accord.cases.tests.helpers import caseload_table, main_html
from accord.demo.risk import answers_reaching, seed_demo_instruments
from accord.risk import services
from accord.risk.definition import NO, YES
from accord.risk.models import Assessment, AssessmentStatus, Instrument
from accord.testing import Casework, World, client_for, make_user

DENIED = ["facilitator", "police_liaison", "outsider", "admin"]


def risk_url(case: Case, action: str = "") -> str:
    return f"/cases/{case.reference}/risk/{action}"


@pytest.fixture
def instruments(db) -> dict[str, Instrument]:
    return {instrument.slug: instrument for instrument in seed_demo_instruments()}


@pytest.fixture
def her_assessments(
    world: World, casework: Casework, instruments: dict[str, Instrument]
) -> tuple[Assessment, Assessment]:
    """A completed checklist (high) and a draft on her case."""
    checklist = instruments["survivor-checklist"]
    actor = Actor.for_user(world.caseworker)
    done = services.assessment_start(actor=actor, case=casework.her_case, instrument=checklist)
    done = services.assessment_complete(
        actor=actor,
        assessment=done,
        expected_version=done.version,
        answers=answers_reaching(checklist.spec, RiskLevel.HIGH),
    )
    draft = services.assessment_start(actor=actor, case=casework.her_case, instrument=checklist)
    return done, draft


def reads(case: Case, done: Assessment, draft: Assessment) -> list[tuple[str, dict]]:
    return [
        (risk_url(case), {}),
        (risk_url(case, "chart.svg"), {}),
        (risk_url(case, f"{done.uid}/"), {}),
        (risk_url(case, f"{draft.uid}/"), {}),
        (risk_url(case, "compare/"), {"earlier": done.uid, "later": done.uid}),
    ]


def writes(case: Case, draft: Assessment, instrument: Instrument) -> list[tuple[str, dict]]:
    return [
        (risk_url(case, "new/"), {"instrument": instrument.pk, "occasion": "first"}),
        (risk_url(case, "circumstances/"), {"occasion": "separation"}),
        (
            risk_url(case, f"{draft.uid}/"),
            {"version": str(draft.version), "save": "1", "answer-injured": YES},
        ),
    ]


# --- her side -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["caseworker", "manager", "dpo"])
def test_her_team_and_her_dpo_read_every_risk_page(
    world: World, casework: Casework, her_assessments: tuple, persona: str
) -> None:
    client = client_for(getattr(world, persona))
    for url, query in reads(casework.her_case, *her_assessments):
        assert client.get(url, query).status_code == 200, url


@pytest.mark.parametrize("persona", ["caseworker", "manager"])
def test_her_team_and_her_manager_work_them(
    world: World, casework: Casework, her_assessments: tuple, instruments: dict, persona: str
) -> None:
    client = client_for(getattr(world, persona))
    _done, draft = her_assessments
    for url, data in writes(casework.her_case, draft, instruments["survivor-checklist"]):
        assert client.post(url, data).status_code == 302, url
    assert Assessment.objects.filter(case=casework.her_case).count() == 3
    assert Assessment.objects.get(pk=draft.pk).answers == {"injured": YES}
    assert Task.objects.filter(
        case=casework.her_case, purpose=TaskPurpose.RISK_REVIEW, done_at__isnull=True
    ).exists()


def test_the_dpo_may_not_write(
    world: World, casework: Casework, her_assessments: tuple, instruments: dict
) -> None:
    client = client_for(world.dpo)
    _done, draft = her_assessments
    reviews = Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW).count()
    for url, data in writes(casework.her_case, draft, instruments["survivor-checklist"]):
        assert client.post(url, data).status_code == 404, url
    assert Assessment.objects.filter(case=casework.her_case).count() == 2
    assert Assessment.objects.get(pk=draft.pk).version == draft.version
    assert Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW).count() == reviews


@pytest.mark.parametrize("persona", DENIED)
def test_everyone_else_gets_the_404_of_a_missing_page(
    world: World, casework: Casework, her_assessments: tuple, instruments: dict, persona: str
) -> None:
    client = client_for(getattr(world, persona))
    _done, draft = her_assessments
    missing = client.get("/cases/SV-NOTHERE/risk/")
    assert missing.status_code == 404
    for url, query in reads(casework.her_case, *her_assessments):
        response = client.get(url, query)
        assert response.status_code == 404, url
        assert main_html(response) == main_html(missing)
    for url, data in writes(casework.her_case, draft, instruments["survivor-checklist"]):
        assert client.post(url, data).status_code == 404, url
    assert Assessment.objects.filter(case=casework.her_case).count() == 2
    assert Assessment.objects.get(pk=draft.pk).version == draft.version


def test_anonymous_visitors_are_sent_to_sign_in(casework: Casework, her_assessments: tuple) -> None:
    for url, query in reads(casework.her_case, *her_assessments):
        response = Client().get(url, query)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_facilitators_never_see_the_survivor_checklist(
    world: World, casework: Casework, her_assessments: tuple
) -> None:
    done, draft = her_assessments
    assert not visible_to(world.facilitator, Assessment).filter(pk__in=[done.pk, draft.pk]).exists()
    client = client_for(world.facilitator)
    # Not on his case's pages either.
    assert risk_url(casework.her_case) not in main_html(
        client.get(f"/cases/{casework.his_case.reference}/")
    )
    assert casework.her_case.reference not in caseload_table(client.get("/cases/?scope=all"))


# --- his side -----------------------------------------------------------------------------------


def test_the_facilitator_completes_the_perpetrator_review_on_his_case(
    world: World, casework: Casework, instruments: dict
) -> None:
    client = client_for(world.facilitator)
    overview = main_html(client.get(risk_url(casework.his_case)))
    assert "Perpetrator programme risk review" in overview
    assert "Survivor risk identification checklist" not in overview
    review = instruments["perpetrator-review"]
    response = client.post(
        risk_url(casework.his_case, "new/"), {"instrument": review.pk, "occasion": "first"}
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(case=casework.his_case)
    answers = answers_reaching(review.spec, RiskLevel.HIGH)
    data = {
        "version": str(assessment.version),
        "complete": "1",
        **{f"answer-{key}": value for key, value in answers.items()},
    }
    assert client.post(response["Location"], data).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.level) == (AssessmentStatus.COMPLETE, "high")
    his = Case.objects.get(pk=casework.his_case.pk)
    assert his.risk_level == "high"
    assert Task.objects.get(case=his, purpose=TaskPurpose.RISK_REVIEW).assignee == world.facilitator
    # The checklist is refused on his case even by a crafted request.
    refused = client.post(
        risk_url(casework.his_case, "new/"),
        {"instrument": instruments["survivor-checklist"].pk, "occasion": "first"},
    )
    assert refused.status_code == 302
    assert Assessment.objects.filter(case=casework.his_case).count() == 1


def test_the_rule_table_denies_his_risk_to_her_side() -> None:
    rule = rule_for(
        RecordKind.PERSON_USING_VIOLENCE, FieldClass.RISK, Relation.SURVIVOR_SIDE_OF_HOUSEHOLD
    )
    assert rule.grant is not Grant.ALLOW


@pytest.mark.parametrize("persona", ["caseworker", "manager", "dpo"])
def test_her_side_never_reaches_his_risk_pages(
    world: World, casework: Casework, instruments: dict, persona: str
) -> None:
    review = instruments["perpetrator-review"]
    actor = Actor.for_user(world.facilitator)
    his = services.assessment_start(actor=actor, case=casework.his_case, instrument=review)
    his = services.assessment_complete(
        actor=actor,
        assessment=his,
        expected_version=his.version,
        answers=answers_reaching(review.spec, RiskLevel.HIGH),
    )
    client = client_for(getattr(world, persona))
    for url, query in reads(casework.his_case, his, his):
        assert client.get(url, query).status_code == 404, url
    for url, data in writes(casework.his_case, his, review):
        assert client.post(url, data).status_code == 404, url
    # Her case page shows his programme status, never his review level.
    her_page = main_html(client.get(f"/cases/{casework.her_case.reference}/"))
    assert "level-high" not in her_page
    assert risk_url(casework.his_case) not in her_page


# --- his dropout --------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [ClosureReason.DROPPED_OUT, ClosureReason.EXCLUDED])
def test_his_dropout_sets_a_review_on_her_case_the_programme_never_sees(
    world: World, casework: Casework, reason: ClosureReason
) -> None:
    programme_dpo = make_user("dpo_programme", world.group_work, Role.DPO)
    facilitator = client_for(world.facilitator)
    case_services.case_close(
        actor=Actor.for_user(world.facilitator),
        case=casework.his_case,
        expected_version=casework.his_case.version,
        reason=reason,
    )
    task = Task.objects.get(purpose=TaskPurpose.RISK_REVIEW)
    assert task.case_id == casework.her_case.pk
    assert task.assignee == world.caseworker
    assert "His dropout from a programme" in task.title
    her = Case.objects.get(pk=casework.her_case.pk)
    assert her.risk_review_on == task.due_on
    # Her caseworker sees it on her caseload and case page.
    mine = client_for(world.caseworker)
    assert "Risk review" in main_html(mine.get(f"/cases/{her.reference}/"))
    # The programme learns nothing: not the task, not her case, not an audit event about it.
    assert not visible_to(world.facilitator, Task).filter(pk=task.pk).exists()
    for page in ("/cases/?scope=all", f"/cases/{casework.his_case.reference}/"):
        html = main_html(facilitator.get(page))
        assert her.reference not in html and "Risk review" not in html
    seen = visible_to(programme_dpo, AuditEvent)
    assert not seen.filter(subject_organisation_id=world.womens_aid.pk).exists()
    assert not seen.filter(object_type="cases.task", object_id=str(task.pk)).exists()


def test_a_programme_completion_sets_no_review(world: World, casework: Casework) -> None:
    case_services.case_close(
        actor=Actor.for_user(world.facilitator),
        case=casework.his_case,
        expected_version=casework.his_case.version,
        reason=ClosureReason.PROGRAMME_COMPLETED,
    )
    assert not Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW).exists()


def test_her_draft_answers_are_encrypted_at_rest(
    world: World, casework: Casework, her_assessments: tuple
) -> None:
    from django.db import connection

    _done, draft = her_assessments
    services.assessment_save(
        actor=Actor.for_user(world.caseworker),
        assessment=draft,
        expected_version=draft.version,
        answers={"injured": YES, "frightened": NO},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM risk_assessment WHERE id = %s", [draft.pk])
        (raw,) = cursor.fetchone()
    assert "injured" not in str(raw)
