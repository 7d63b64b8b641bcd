"""The risk pages cost a fixed number of queries, however long the case's history.

The overview, for her caseworker, session settled (helpers.settled_client):
  1. the session
  2. the user
  3. "has she an authenticator?" (MfaRequiredMiddleware)
  4. the case (visible_to), with its team, service and organisation joined
  5. her standing, read once per request: is she on the owning side of it
     (access.case_access), and her acting team for the audit event (Actor.from_request)
  6-10. the "risk.viewed" audit event: a SAVEPOINT, lock the chain head, insert the event,
     move the head, RELEASE
 11. every assessment of the case, with its form and who started and completed it
 12. the forms offered for a new assessment (selectors.instruments_for)
 13. the same forms again, as the start form's choices

One assessment, draft or complete:
  1-5. as above
  6. the assessment, with its form and who started and completed it (the case it hangs on is
     the one read in 4, not fetched again)
  7-11. the "assessment.viewed" audit event
"""

import datetime

import pytest
from django.utils import timezone

from accord.audit.context import Actor
from accord.cases.risk_levels import RiskLevel
from accord.cases.tests.helpers import settled_client
from accord.demo.risk import answers_reaching, seed_demo_instruments
from accord.risk import services
from accord.risk.models import Assessment, Instrument
from accord.testing import Casework, World

OVERVIEW_QUERIES = 13
ASSESSMENT_QUERIES = 11


@pytest.fixture
def checklist(db) -> Instrument:
    return {i.slug: i for i in seed_demo_instruments()}["survivor-checklist"]


def add_history(world: World, casework: Casework, instrument: Instrument, count: int) -> None:
    """`count` assessments on her case: all complete but the last, a draft."""
    actor = Actor.for_user(world.caseworker)
    levels = list(RiskLevel)
    for number in range(count):
        assessment = services.assessment_start(
            actor=actor,
            case=casework.her_case,
            instrument=instrument,
            assessed_on=timezone.localdate() - datetime.timedelta(days=count - number),
        )
        if number < count - 1:
            services.assessment_complete(
                actor=actor,
                assessment=assessment,
                expected_version=assessment.version,
                answers=answers_reaching(instrument.spec, levels[number % len(levels)]),
            )


def latest(casework: Casework, *, complete: bool) -> Assessment:
    return (
        Assessment.objects.filter(
            case=casework.her_case, status="complete" if complete else "draft"
        )
        .order_by("-created_at")
        .first()
    )


@pytest.mark.parametrize("count", [2, 8])
def test_the_overview_costs_the_same_for_2_and_8_assessments(
    world: World, casework: Casework, checklist: Instrument, django_assert_num_queries, count: int
) -> None:
    add_history(world, casework, checklist, count)
    client = settled_client(world.caseworker)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(f"/cases/{casework.her_case.reference}/risk/")
    assert response.status_code == 200
    assert len(response.context["assessments"]) == count


@pytest.mark.parametrize("count", [2, 8])
@pytest.mark.parametrize("complete", [True, False], ids=["complete", "draft"])
def test_an_assessment_page_costs_the_same_for_2_and_8_assessments(
    world: World,
    casework: Casework,
    checklist: Instrument,
    django_assert_num_queries,
    count: int,
    complete: bool,
) -> None:
    add_history(world, casework, checklist, count)
    assessment = latest(casework, complete=complete)
    client = settled_client(world.caseworker)
    with django_assert_num_queries(ASSESSMENT_QUERIES):
        response = client.get(f"/cases/{casework.her_case.reference}/risk/{assessment.uid}/")
    assert response.status_code == 200
    assert response.context["editable"] is not complete


@pytest.mark.parametrize("count", [2, 8])
def test_the_chart_costs_the_same_for_2_and_8_assessments(
    world: World, casework: Casework, checklist: Instrument, django_assert_num_queries, count: int
) -> None:
    """Session, user, authenticator, case, access, the assessments, and the drawing from the
    cache: no audit event (the overview that shows the chart has written one). The first
    request draws and stores it (a few more queries, once per change of assessments)."""
    add_history(world, casework, checklist, count)
    client = settled_client(world.caseworker)
    url = f"/cases/{casework.her_case.reference}/risk/chart.svg"
    drawn = client.get(url)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == drawn.content


def test_a_new_assessment_draws_the_chart_again(
    world: World, casework: Casework, checklist: Instrument
) -> None:
    add_history(world, casework, checklist, 2)
    client = settled_client(world.caseworker)
    url = f"/cases/{casework.her_case.reference}/risk/chart.svg"
    before = client.get(url).content
    add_history(world, casework, checklist, 2)  # one more completed (and a draft)
    assert client.get(url).content != before
