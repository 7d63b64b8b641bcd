"""The paired view and the aggregate reports from the demo data, with their query counts
pinned: none of them grows with the number of time points, women or answers."""

import pytest
from django.core.management import call_command
from django.db import connection

from accord.access.policy import case_access
from accord.accounts.models import User
from accord.cases.models import Case, CaseKind
from accord.empowerment.selectors import profile_aggregate
from accord.outcomes import selectors


@pytest.fixture
def demo(demo_locality, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    # Seeding fills the query log to its cap, past which a count of new queries reads zero.
    connection.queries_log.clear()


def _alice() -> Case:
    for case in Case.objects.filter(kind=CaseKind.SURVIVOR_SUPPORT).select_related(
        "person", "team__service"
    ):
        if case.person.given_name == "Alice":
            return case
    raise AssertionError("no Alice in the demo")


def test_the_paired_view_from_the_demo(demo, django_assert_num_queries) -> None:
    caseworker = User.objects.get(username="caseworker")
    access = case_access(caseworker, _alice())
    with django_assert_num_queries(4):
        rows = selectors.paired_view(caseworker, access)
    intake = next(row for row in rows if row.time_point.key == "intake")
    assert any(cell.gap for cell in intake.cells)
    assert intake.review_prompt


def test_the_outcome_report_from_the_demo(demo, django_assert_num_queries) -> None:
    manager = User.objects.get(username="programmemanager")
    with django_assert_num_queries(1):
        cells = selectors.outcome_report(manager)
    assert {cell.respondent for cell in cells} == {"him"}
    assert all(cell.mean is None for cell in cells)  # two men: fewer than five, no mean


def test_the_profile_aggregate_from_the_demo(demo, django_assert_num_queries) -> None:
    trainer = User.objects.get(username="trainer")
    with django_assert_num_queries(1):
        aggregate = profile_aggregate(trainer)
    assert aggregate.base == 10
    account = next(
        row
        for row in aggregate.rows
        if row.question.key == "own_bank_account" and row.value == "yes"
    )
    assert (account.entry.cell.value, account.follow_up.cell.value) == (0, 7)
    assert account.follow_up.share == 70
