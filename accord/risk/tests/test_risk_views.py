"""The risk pages of a case, through the browser's eyes: the overview, starting an assessment,
saving and completing it (boundaries, missing answers, judgement, a stale version), the chart,
the comparison and "her circumstances changed". Bad input gets a clear message, changes nothing
and is never a 500."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

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
from accord.testing import Casework, World, client_for

FLAG_ITEMS = {"strangled", "threats_to_kill", "stalking", "separated"}


def risk_url(case: Case, action: str = "") -> str:
    return f"/cases/{case.reference}/risk/{action}"


def assessment_url(assessment: Assessment) -> str:
    return risk_url(assessment.case, f"{assessment.uid}/")


def yes_answers(instrument: Instrument, count: int) -> dict[str, str]:
    keys = [item.key for item in instrument.spec.main_items()]
    chosen = set([key for key in keys if key not in FLAG_ITEMS][:count])
    return {key: YES if key in chosen else NO for key in keys}


def form_data(
    assessment: Assessment, answers: dict, *, button: str = "complete", **extra: str
) -> dict[str, str]:
    return {
        "version": str(assessment.version),
        button: "1",
        **{f"answer-{key}": value for key, value in answers.items()},
        **extra,
    }


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def instruments(db) -> dict[str, Instrument]:
    return {instrument.slug: instrument for instrument in seed_demo_instruments()}


@pytest.fixture
def checklist(instruments: dict[str, Instrument]) -> Instrument:
    return instruments["survivor-checklist"]


@pytest.fixture
def draft(world: World, casework: Casework, checklist: Instrument) -> Assessment:
    return services.assessment_start(
        actor=Actor.for_user(world.caseworker), case=casework.her_case, instrument=checklist
    )


def completed(world: World, case: Case, instrument: Instrument, answers: dict, **kw) -> Assessment:
    actor = Actor.for_user(world.caseworker)
    assessment = services.assessment_start(actor=actor, case=case, instrument=instrument, **kw)
    return services.assessment_complete(
        actor=actor, assessment=assessment, expected_version=assessment.version, answers=answers
    )


# --- the overview -------------------------------------------------------------------------------


def test_the_overview_lists_every_assessment_and_offers_the_forms(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    completed(world, casework.her_case, checklist, yes_answers(checklist, 15))
    response = client_for(world.caseworker).get(risk_url(casework.her_case))
    assert response.status_code == 200
    page = main_html(response)
    assert page.count(f"/cases/{casework.her_case.reference}/risk/") >= 2
    assert "Survivor risk identification checklist" in page
    assert "Children" in page or "child" in page.lower()  # the children's screen is offered too
    assert "Draft" in page
    assert "level-high" in page
    assert "Meets the criteria for referral" in page
    assert f'src="/cases/{casework.her_case.reference}/risk/chart.svg"' in page
    assert "Ask for a reassessment" in page


def test_the_overview_without_assessments_has_no_chart(
    world: World, casework: Casework, instruments: dict
) -> None:
    page = main_html(client_for(world.caseworker).get(risk_url(casework.her_case)))
    assert "No assessment yet." in page
    assert "chart.svg" not in page
    assert "not assessed" in page


def test_the_dpo_reads_but_is_offered_no_work(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    completed(world, casework.her_case, checklist, yes_answers(checklist, 3))
    client = client_for(world.dpo)
    page = main_html(client.get(risk_url(casework.her_case)))
    assert "A new assessment" not in page and "Ask for a reassessment" not in page
    response = client.get(assessment_url(draft))
    assert response.status_code == 200
    assert "Complete the assessment" not in main_html(response)


def test_a_closed_case_offers_no_new_assessment(
    world: World, casework: Casework, instruments: dict
) -> None:
    case_services.case_close(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        expected_version=casework.her_case.version,
        reason=ClosureReason.SUPPORT_COMPLETED,
    )
    client = client_for(world.caseworker)
    page = main_html(client.get(risk_url(casework.her_case)))
    assert "A new assessment" not in page
    response = client.post(
        risk_url(casework.her_case, "circumstances/"), {"occasion": "separation"}
    )
    assert response.status_code == 302
    assert not Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW).exists()


# --- starting ---------------------------------------------------------------------------------


def test_it_starts_an_assessment_and_opens_it(
    world: World, casework: Casework, checklist: Instrument
) -> None:
    client = client_for(world.caseworker)
    response = client.post(
        risk_url(casework.her_case, "new/"), {"instrument": checklist.pk, "occasion": "first"}
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == assessment_url(assessment)
    page = main_html(client.get(response["Location"]))
    assert "Complete the assessment" in page and "Save the draft" in page


@pytest.mark.parametrize(
    "data",
    [{}, {"instrument": "999999", "occasion": "first"}, {"instrument": "x", "occasion": "nope"}],
)
def test_a_bad_start_gets_a_message_and_starts_nothing(
    world: World, casework: Casework, checklist: Instrument, data: dict
) -> None:
    response = client_for(world.caseworker).post(
        risk_url(casework.her_case, "new/"), data, follow=True
    )
    assert response.status_code == 200
    assert messages_of(response)
    assert not Assessment.objects.exists()


def test_a_form_for_another_kind_of_case_is_not_offered(
    world: World, casework: Casework, instruments: dict
) -> None:
    response = client_for(world.caseworker).post(
        risk_url(casework.her_case, "new/"),
        {"instrument": instruments["perpetrator-review"].pk, "occasion": "first"},
        follow=True,
    )
    assert messages_of(response)
    assert not Assessment.objects.exists()


# --- completing through the page ---------------------------------------------------------------


def test_15_yes_is_high_on_the_page_the_case_and_the_caseload(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    client = client_for(world.caseworker)
    response = client.post(assessment_url(draft), form_data(draft, yes_answers(checklist, 15)))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Assessment complete: High." in messages_of(page)
    result = main_html(page)
    assert "level-high" in result and ">15<" in result
    case = Case.objects.get(pk=casework.her_case.pk)
    assert case.risk_level == "high"
    assert case.conference_criteria == ["high_risk"]
    case_page = main_html(client.get(f"/cases/{case.reference}/"))
    assert "level-high" in case_page
    assert "Meets the criteria for referral to a risk conference" in case_page
    row = caseload_table(client.get("/cases/"))
    assert case.reference in row and "level-high" in row and "conference" in row


@pytest.mark.parametrize(
    ("yes", "level"), [(14, "high"), (13, "medium"), (10, "medium"), (9, "standard")]
)
def test_the_boundaries_through_the_page(
    world: World,
    casework: Casework,
    checklist: Instrument,
    draft: Assessment,
    yes: int,
    level: str,
) -> None:
    response = client_for(world.caseworker).post(
        assessment_url(draft), form_data(draft, yes_answers(checklist, yes))
    )
    assert response.status_code == 302
    stored = Assessment.objects.get(pk=draft.pk)
    assert (stored.score, stored.level, stored.status) == (yes, level, AssessmentStatus.COMPLETE)
    assert Case.objects.get(pk=casework.her_case.pk).risk_level == level


def test_missing_answers_are_a_400_with_messages_and_nothing_saved(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    answers = yes_answers(checklist, 15)
    del answers["injured"], answers["criminal_history"]
    response = client_for(world.caseworker).post(assessment_url(draft), form_data(draft, answers))
    assert response.status_code == 400
    page = main_html(response)
    assert "Some answers need attention" in page
    assert page.count("Answer this question") == 2
    # What she entered is still in the form.
    assert 'name="answer-frightened" value="yes"' in page and "checked" in page
    stored = Assessment.objects.get(pk=draft.pk)
    assert stored.status == AssessmentStatus.DRAFT
    assert stored.answers == {} and stored.version == draft.version
    assert Case.objects.get(pk=casework.her_case.pk).risk_level == ""


def test_a_draft_is_saved_incomplete(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    client = client_for(world.caseworker)
    response = client.post(assessment_url(draft), form_data(draft, {"injured": YES}, button="save"))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Draft saved. You can come back to it." in messages_of(page)
    assert 'name="version" value="2"' in main_html(page)
    stored = Assessment.objects.get(pk=draft.pk)
    assert (stored.answers, stored.status, stored.version) == ({"injured": YES}, "draft", 2)


@pytest.mark.parametrize(
    "bad",
    [
        {"answer-injured": "maybe"},
        {"version": "not-a-number"},
        {"version": ""},
        {"judgement_level": "extreme"},
        {"judgement_reason": "x" * 5000},
    ],
)
def test_malformed_input_is_a_400_and_changes_nothing(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment, bad: dict
) -> None:
    data = {**form_data(draft, yes_answers(checklist, 15)), **bad}
    response = client_for(world.caseworker).post(assessment_url(draft), data)
    assert response.status_code == 400
    assert "Some answers need attention" in main_html(response)
    stored = Assessment.objects.get(pk=draft.pk)
    assert stored.status == AssessmentStatus.DRAFT and stored.version == draft.version


def test_judgement_raises_only_with_a_reason(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    client = client_for(world.caseworker)
    answers = yes_answers(checklist, 10)
    refused = client.post(assessment_url(draft), form_data(draft, answers, judgement_level="high"))
    assert refused.status_code == 400
    assert "Say why your judgement differs from the result." in main_html(refused)
    assert Assessment.objects.get(pk=draft.pk).status == AssessmentStatus.DRAFT
    accepted = client.post(
        assessment_url(draft),
        form_data(draft, answers, judgement_level="high", judgement_reason="He has a gun."),
    )
    assert accepted.status_code == 302
    stored = Assessment.objects.get(pk=draft.pk)
    assert (stored.computed_level, stored.level, stored.judgement_reason) == (
        "medium",
        "high",
        "He has a gun.",
    )
    page = main_html(client.get(assessment_url(draft)))
    assert "He has a gun." in page and "Level by professional judgement" in page
    assert Case.objects.get(pk=casework.her_case.pk).conference_criteria == ["judgement"]
    assert "raised by judgement" in main_html(client.get(risk_url(casework.her_case)))


def test_judgement_never_lowers_a_high(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    response = client_for(world.caseworker).post(
        assessment_url(draft),
        form_data(
            draft,
            yes_answers(checklist, 14),
            judgement_level="medium",
            judgement_reason="She seemed calm.",
        ),
    )
    assert response.status_code == 400
    assert "may raise the level, never lower it" in main_html(response)
    assert Assessment.objects.get(pk=draft.pk).status == AssessmentStatus.DRAFT


def test_a_stale_version_is_a_409_showing_both_and_losing_nothing(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    manager = client_for(world.manager)
    assert (
        manager.post(
            assessment_url(draft), form_data(draft, {"injured": YES}, button="save")
        ).status_code
        == 302
    )
    # The caseworker still holds version 1 and answers differently.
    mine = {"injured": NO, "frightened": YES}
    response = client_for(world.caseworker).post(
        assessment_url(draft), form_data(draft, mine, button="save")
    )
    assert response.status_code == 409
    page = main_html(response)
    assert "Someone saved this assessment after you opened it" in page
    conflict = page[page.index('<table class="conflict">') : page.index("</table>")]
    assert "Were you injured" in conflict and "Yes" in conflict and "no" in conflict
    assert "Are you very frightened" in conflict
    # Her input is kept, rebased on the stored version: saving again replaces it.
    assert 'name="version" value="2"' in page
    assert 'value="yes" name="answer-frightened"' in page or (
        'name="answer-frightened" value="yes"' in page
    )
    assert Assessment.objects.get(pk=draft.pk).answers == {"injured": YES}
    again = client_for(world.caseworker).post(
        assessment_url(draft), {**form_data(draft, mine, button="save"), "version": "2"}
    )
    assert again.status_code == 302
    assert Assessment.objects.get(pk=draft.pk).answers == mine


def test_completing_a_completed_assessment_is_a_409(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    client = client_for(world.caseworker)
    client.post(assessment_url(draft), form_data(draft, yes_answers(checklist, 3)))
    response = client_for(world.manager).post(
        assessment_url(draft), form_data(draft, yes_answers(checklist, 15))
    )
    assert response.status_code == 409
    assert "Someone completed this assessment since you opened it." in messages_of(response)
    assert Assessment.objects.get(pk=draft.pk).score == 3


def test_posting_the_current_version_of_a_completed_assessment_says_why(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    client = client_for(world.caseworker)
    client.post(assessment_url(draft), form_data(draft, yes_answers(checklist, 3)))
    done = Assessment.objects.get(pk=draft.pk)
    response = client.post(assessment_url(done), form_data(done, yes_answers(checklist, 15)))
    assert response.status_code == 400
    assert "This assessment is complete" in main_html(response)
    assert Assessment.objects.get(pk=draft.pk).score == 3


def test_completing_schedules_the_next_review(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment, settings
) -> None:
    client_for(world.caseworker).post(
        assessment_url(draft), form_data(draft, yes_answers(checklist, 15))
    )
    due = timezone.localdate() + datetime.timedelta(days=settings.ACCORD_RISK_REVIEW_DAYS["high"])
    task = Task.objects.get(purpose=TaskPurpose.RISK_REVIEW, done_at__isnull=True)
    assert (task.case_id, task.due_on, task.assignee) == (
        casework.her_case.pk,
        due,
        world.caseworker,
    )


def test_an_unknown_or_foreign_assessment_is_a_404(
    world: World, casework: Casework, checklist: Instrument, draft: Assessment
) -> None:
    client = client_for(world.caseworker)
    assert (
        client.get(risk_url(casework.her_case, "00000000-0000-0000-0000-000000000000/")).status_code
        == 404
    )
    other = case_services.case_open(
        actor=Actor.for_user(world.caseworker),
        kind="survivor_support",
        person=casework.survivor,
        team=world.outreach,
    )
    # Her draft is not reached through another case's address.
    assert client.get(risk_url(other, f"{draft.uid}/")).status_code == 404


# --- the chart -----------------------------------------------------------------------------------


def test_the_chart_is_an_svg_with_its_own_csp(
    world: World, casework: Casework, checklist: Instrument
) -> None:
    day = timezone.localdate() - datetime.timedelta(days=30)
    completed(world, casework.her_case, checklist, yes_answers(checklist, 4), assessed_on=day)
    completed(world, casework.her_case, checklist, yes_answers(checklist, 15))
    response = client_for(world.caseworker).get(risk_url(casework.her_case, "chart.svg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") and b"<svg" in response.content
    assert b"<script" not in response.content
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "style-src 'unsafe-inline'" in csp
    assert "script-src" not in csp


def test_no_chart_without_a_completed_assessment(
    world: World, casework: Casework, draft: Assessment
) -> None:
    response = client_for(world.caseworker).get(risk_url(casework.her_case, "chart.svg"))
    assert response.status_code == 404


# --- comparing -----------------------------------------------------------------------------------


def test_compare_shows_the_changed_answers(
    world: World, casework: Casework, checklist: Instrument
) -> None:
    earlier_answers = yes_answers(checklist, 4)
    later_answers = {**earlier_answers, "injured": NO, "controlling": YES}
    day = timezone.localdate() - datetime.timedelta(days=20)
    earlier = completed(world, casework.her_case, checklist, earlier_answers, assessed_on=day)
    later = completed(world, casework.her_case, checklist, later_answers)
    # Given in either order, the earlier comes first.
    response = client_for(world.caseworker).get(
        risk_url(casework.her_case, "compare/"), {"earlier": later.uid, "later": earlier.uid}
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    changed = {row.text: (row.earlier, row.later) for row in rows if row.changed}
    assert len(changed) == 2
    assert changed[checklist.spec.text("items.injured", "en")] == ("Yes", "No")
    assert changed[checklist.spec.text("items.controlling", "en")] == ("No", "Yes")
    assert main_html(response).count('class="differs"') == 2
    assert response.context["earlier"] == earlier


def test_compare_refuses_different_forms(
    world: World, casework: Casework, instruments: dict, checklist: Instrument
) -> None:
    screen = instruments["child-safety-screen"]
    mine = completed(world, casework.her_case, checklist, yes_answers(checklist, 1))
    theirs = completed(
        world, casework.her_case, screen, answers_reaching(screen.spec, RiskLevel.STANDARD)
    )
    response = client_for(world.caseworker).get(
        risk_url(casework.her_case, "compare/"),
        {"earlier": mine.uid, "later": theirs.uid},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == risk_url(casework.her_case)
    assert "Only two assessments with the same form can be compared." in messages_of(response)


@pytest.mark.parametrize(
    "query",
    [{}, {"earlier": "nonsense", "later": "nonsense"}, {"earlier": "", "later": ""}],
)
def test_compare_with_bad_choices_is_a_404_not_a_500(
    world: World, casework: Casework, checklist: Instrument, query: dict
) -> None:
    completed(world, casework.her_case, checklist, yes_answers(checklist, 1))
    response = client_for(world.caseworker).get(risk_url(casework.her_case, "compare/"), query)
    assert response.status_code == 404


# --- her circumstances changed ------------------------------------------------------------------


def test_the_circumstances_form_sets_a_review(
    world: World, casework: Casework, instruments: dict, settings
) -> None:
    client = client_for(world.caseworker)
    response = client.post(
        risk_url(casework.her_case, "circumstances/"), {"occasion": "separation"}, follow=True
    )
    due = timezone.localdate() + datetime.timedelta(
        days=settings.ACCORD_RISK_REASSESS_AFTER_CHANGE_DAYS
    )
    assert f"A risk review is due by {date_format(due, 'DATE_FORMAT')}." in messages_of(response)
    task = Task.objects.get(purpose=TaskPurpose.RISK_REVIEW)
    assert task.case_id == casework.her_case.pk and "Separation" in task.title
    assert Case.objects.get(pk=casework.her_case.pk).risk_review_on == due
    client.post(risk_url(casework.her_case, "circumstances/"), {"occasion": "other_change"})
    assert Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW).count() == 1


@pytest.mark.parametrize("data", [{}, {"occasion": "first"}, {"occasion": "moon"}])
def test_a_bad_circumstance_is_refused_with_a_message(
    world: World, casework: Casework, data: dict
) -> None:
    response = client_for(world.caseworker).post(
        risk_url(casework.her_case, "circumstances/"), data, follow=True
    )
    assert response.status_code == 200
    assert "Say what changed." in messages_of(response)
    assert not Task.objects.filter(purpose=TaskPurpose.RISK_REVIEW).exists()


# --- methods and the audit log ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "action"),
    [
        ("post", ""),
        ("post", "chart.svg"),
        ("post", "compare/"),
        ("get", "new/"),
        ("get", "circumstances/"),
        ("put", "{uid}/"),
    ],
)
def test_wrong_methods_are_refused(
    world: World, casework: Casework, draft: Assessment, method: str, action: str
) -> None:
    client = client_for(world.caseworker)
    response = getattr(client, method)(risk_url(casework.her_case, action.format(uid=draft.uid)))
    assert response.status_code == 405


def test_the_pages_write_their_audit_events(
    world: World, casework: Casework, checklist: Instrument
) -> None:
    client = client_for(world.caseworker)
    client.get(risk_url(casework.her_case))
    client.post(
        risk_url(casework.her_case, "new/"), {"instrument": checklist.pk, "occasion": "first"}
    )
    assessment = Assessment.objects.get()
    client.get(assessment_url(assessment))
    client.post(assessment_url(assessment), form_data(assessment, {"injured": YES}, button="save"))
    assessment.refresh_from_db()
    client.post(assessment_url(assessment), form_data(assessment, yes_answers(checklist, 2)))
    events = AuditEvent.objects.filter(actor_id=world.caseworker.pk)
    assert events.filter(action="risk.viewed", object_id=str(casework.her_case.pk)).count() == 1
    for action in ("viewed", "started", "saved", "completed"):
        assert events.filter(
            action=f"assessment.{action}", object_id=str(assessment.pk)
        ).exists(), action
    assert events.filter(action="assessment.viewed").count() >= 1


def test_anonymous_visitors_are_sent_to_sign_in(casework: Casework, draft: Assessment) -> None:
    for action in ("", "chart.svg", "compare/", f"{draft.uid}/"):
        response = Client().get(risk_url(casework.her_case, action))
        assert response.status_code == 302, action
        assert response["Location"].startswith("/accounts/login/")
    for action in ("new/", "circumstances/", f"{draft.uid}/"):
        response = Client().post(risk_url(casework.her_case, action), {})
        assert response.status_code == 302, action
    assert Assessment.objects.get(pk=draft.pk).version == draft.version


def test_every_control_of_the_overview_has_its_own_id(
    world: World, casework: Casework, instruments: dict
) -> None:
    """Defect: two controls had id="id_occasion", so "What changed:" labelled the wrong one."""
    page = main_html(client_for(world.caseworker).get(risk_url(casework.her_case)))
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert '<label for="id_change_occasion">' in page
    assert 'id="id_change_occasion"' in page
