"""Her risk assessments and her safety plan are records about her like her notes: anonymising
clears what they say (keeping levels, flags and statuses for the statistics), deleting and
erasing remove them, and the subject-access export gives them to her."""

import io
import json

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.html import escape

from accord.accounts.models import RetentionAction
from accord.audit.context import Actor
from accord.cases.risk_levels import RiskLevel
from accord.people.models import Person
from accord.people.retention import person_erase, retention_apply
from accord.people.subject_access import (
    ExportFormat,
    person_subject_access_export,
    subject_access_data,
    subject_access_html,
)
from accord.people.tests.dpo_helpers import (
    JUDGEMENT_REASON,
    PLAN_ITEMS,
    add_risk_and_safety,
    person_with_case,
    today,
)
from accord.people.tests.test_retention import tombstones, use_policy
from accord.risk.models import Assessment
from accord.safety.models import ItemStatus, SafetyPlan, SafetyPlanItem, SafetyPlanVersion
from accord.safety.selectors import plan_versions
from accord.testing import SURVIVOR_ADDRESS, Casework, World


def raw(table: str, columns: str, parent: str, parent_id: int) -> list[tuple]:
    """The stored columns, as they are in the database (tokens, not decrypted values)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE {parent} = %s ORDER BY id",  # noqa: S608
            [parent_id],
        )
        return cursor.fetchall()


def anonymise() -> None:
    assert retention_apply(actor=Actor.system(), today=today()).counts()["anonymised"] == 1


# --- retention and erasure ----------------------------------------------------------------------


def test_anonymising_clears_her_answers_and_the_judgement_reason(world: World) -> None:
    _, case = person_with_case(world, closed_years_ago=7, risk_and_safety=True)
    before = Assessment.objects.get(case=case)
    assert before.answers and before.judgement_reason == JUDGEMENT_REASON

    anonymise()

    assessment = Assessment.objects.get(case=case)
    assert assessment.answers == {}
    assert assessment.judgement_reason is None
    # Kept for the statistics: what the answers scored and the levels.
    assert (assessment.score, assessment.computed_level, assessment.judgement_level) == (
        before.score,
        RiskLevel.MEDIUM,
        RiskLevel.HIGH,
    )
    assert assessment.level == RiskLevel.HIGH
    assert assessment.flags == before.flags
    # In the database too: a token of an empty value, never the old one.
    [(answers, reason)] = raw("risk_assessment", "answers, judgement_reason", "case_id", case.pk)
    assert answers.startswith("v1:") and reason is None
    assert JUDGEMENT_REASON not in answers


def test_anonymising_clears_her_plan_and_its_history(world: World) -> None:
    _, case = person_with_case(world, closed_years_ago=7, risk_and_safety=True)
    plan = SafetyPlan.objects.get(case=case)

    anonymise()

    items = SafetyPlanItem.objects.filter(plan=plan).order_by("pk")
    assert [item.text for item in items] == ["", ""]
    # Who does what and how far it got stay, for the statistics.
    assert [item.status for item in items] == [ItemStatus.TO_DO, ItemStatus.TO_DO]
    versions = SafetyPlanVersion.objects.filter(plan=plan).order_by("number")
    assert [version.snapshot for version in versions] == [{"review_on": "", "items": []}] * 3
    # The plan's history still opens on the anonymised case.
    assert len(plan_versions(plan)) == 3
    stored = [
        value
        for table, column in (
            ("safety_safetyplanitem", "text"),
            ("safety_safetyplanversion", "snapshot"),
        )
        for (value,) in raw(table, column, "plan_id", plan.pk)
    ]
    assert len(stored) == 5
    for value in stored:
        assert value.startswith("v1:")
        assert not any(text in value for text in PLAN_ITEMS)


def test_the_tombstone_counts_her_assessments_and_plan_items(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=7, risk_and_safety=True)

    anonymise()

    [event] = tombstones("person.retention_anonymised")
    assert event.object_id == str(person.pk)
    # Her task, the risk review her incident set due and the next review the assessment set.
    assert event.reason == (
        "policy: anonymise after 6 years; cases 1, incidents 1, notes 1, tasks 3, "
        "assessments 1, safety-plan items 2, referrals 0, consents 0"
    )


def test_delete_mode_deletes_her_assessments_and_plan(world: World) -> None:
    use_policy(world, RetentionAction.DELETE)
    _, case = person_with_case(world, closed_years_ago=7, risk_and_safety=True)
    plan = SafetyPlan.objects.get(case=case)

    assert retention_apply(actor=Actor.system(), today=today()).counts()["deleted"] == 1

    assert not Assessment.objects.filter(case_id=case.pk).exists()
    assert not SafetyPlan.objects.filter(pk=plan.pk).exists()
    assert not SafetyPlanItem.objects.filter(plan_id=plan.pk).exists()
    assert not SafetyPlanVersion.objects.filter(plan_id=plan.pk).exists()
    [event] = tombstones("person.retention_deleted")
    assert "assessments 1, safety-plan items 2" in event.reason


def test_erasure_deletes_her_assessments_and_plan(world: World) -> None:
    person, case = person_with_case(world, closed_years_ago=1, risk_and_safety=True)
    plan = SafetyPlan.objects.get(case=case)

    person_erase(actor=Actor.for_user(world.dpo), person=person, reason="Art. 17 request")

    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Assessment.objects.filter(case_id=case.pk).exists()
    assert not SafetyPlanItem.objects.filter(plan_id=plan.pk).exists()
    assert not SafetyPlanVersion.objects.filter(plan_id=plan.pk).exists()


# --- the subject-access export ------------------------------------------------------------------


@pytest.fixture
def her_records(world: World, casework: Casework) -> tuple[Assessment, SafetyPlan]:
    return add_risk_and_safety(world, casework.her_case, assessed_on=today())


def export(world: World, casework: Casework, file_format: ExportFormat) -> bytes:
    return person_subject_access_export(
        actor=Actor(user=world.dpo, organisation_id=world.womens_aid.pk),
        person=casework.survivor,
        reason="Art. 15 request",
        file_format=file_format,
    ).content


def test_the_json_holds_her_assessments_with_her_answers(
    world: World, casework: Casework, her_records: tuple[Assessment, SafetyPlan]
) -> None:
    assessment, _ = her_records

    data = json.loads(export(world, casework, ExportFormat.JSON))

    [case] = data["cases"]
    [exported] = case["assessments"]
    assert exported["answers"] == assessment.answers
    assert exported["judgement_reason"] == JUDGEMENT_REASON
    assert (exported["level"], exported["status"]) == ("high", "complete")
    assert exported["instrument"] == str(assessment.instrument)
    assert exported["uid"] == str(assessment.uid)
    assert "version" not in exported


def test_the_json_holds_her_safety_plan_items_and_versions(
    world: World, casework: Casework, her_records: tuple[Assessment, SafetyPlan]
) -> None:
    _, plan = her_records

    data = json.loads(export(world, casework, ExportFormat.JSON))

    exported = data["cases"][0]["safety_plan"]
    assert exported["version"] == 3
    assert [item["text"] for item in exported["items"]] == list(PLAN_ITEMS)
    assert [item["owner"] for item in exported["items"]] == ["her", "her"]
    assert [v["number"] for v in exported["versions"]] == [1, 2, 3]
    assert [i["text"] for i in exported["versions"][-1]["snapshot"]["items"]] == list(PLAN_ITEMS)
    # Her address is in her own record only: the new records add no copy of it.
    text = json.dumps(data, ensure_ascii=False)
    assert text.count(SURVIVOR_ADDRESS) == 1
    assert data["person"]["real_address"] == SURVIVOR_ADDRESS


def test_a_case_without_a_plan_exports_none(world: World, casework: Casework) -> None:
    data = json.loads(export(world, casework, ExportFormat.JSON))

    [case] = data["cases"]
    assert case["safety_plan"] is None
    assert case["assessments"] == []


def test_the_audit_events_about_them_are_exported(
    world: World, casework: Casework, her_records: tuple[Assessment, SafetyPlan]
) -> None:
    data = json.loads(export(world, casework, ExportFormat.JSON))

    actions = {(event["action"], event["record_type"]) for event in data["audit_events"]}
    assert ("assessment.completed", "risk.assessment") in actions
    assert ("safety_plan.started", "safety.safetyplan") in actions
    assert ("safety_plan.item_added", "safety.safetyplanitem") in actions


def test_the_pdf_holds_her_assessment_and_plan(
    world: World, casework: Casework, her_records: tuple[Assessment, SafetyPlan]
) -> None:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint", exc_type=ImportError)
    assessment, _ = her_records

    pdf = export(world, casework, ExportFormat.PDF)

    # Lines wrap in the PDF: compared with all whitespace taken out.
    text = "".join(
        "".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
    )
    for expected in (JUDGEMENT_REASON, *PLAN_ITEMS, "Riskassessments", "Safety-planitems"):
        assert "".join(expected.split()) in text
    # Her answers by the questions' words, not their keys (defect: "injured: yes").
    first_answer = next(iter(assessment.answers))
    question = assessment.instrument.spec.text(f"items.{first_answer}", "en")
    assert "".join(f"{question}:".split()) in text
    assert f"{first_answer}:" not in text
    # Her address once, in her record's fields.
    assert text.count("".join(SURVIVOR_ADDRESS.split())) == 1


def test_the_pdf_header_never_carries_her_address(
    casework: Casework, her_records: tuple[Assessment, SafetyPlan]
) -> None:
    html = subject_access_html(
        subject_access_data(person=casework.survivor),
        printed_by="dpo_a",
        printed_at=timezone.now(),
        reason="Art. 15",
    )
    header, body = html.split("<h2>", 1)

    assert SURVIVOR_ADDRESS not in header
    assert body.count(SURVIVOR_ADDRESS) == 1
    assert all(escape(text) in body for text in PLAN_ITEMS)


def test_the_json_gives_the_words_beside_each_code(
    world: World, casework: Casework, her_records: tuple[Assessment, SafetyPlan]
) -> None:
    """Defect: raw codes ("strangulation, threats_to_kill", "high_risk", a plan's version as a
    dump) in the export: each coded field now has its words beside it."""
    from accord.cases import services as cases
    from accord.cases.models import IncidentSource

    cases.incident_record(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        forms=["physical", "coercive_control"],
        source=IncidentSource.SURVIVOR,
    )
    data = json.loads(export(world, casework, ExportFormat.JSON))
    case = next(c for c in data["cases"] if c["reference"] == casework.her_case.reference)
    incident = case["incidents"][-1]
    assert incident["forms"] == ["coercive_control", "physical"]
    assert incident["forms_label"] == "Coercive control, Physical"
    assert incident["source_label"] == "Survivor"
    assessment = case["assessments"][0]
    assert "_" not in assessment["answers_label"].split(":")[0]
    version = case["safety_plan"]["versions"][0]
    assert version["snapshot_label"].startswith("Review by ")
