"""The home page per role: a caseworker sees her tasks due and overdue, the risk reviews due,
her high-risk cases, her alerts and her unread notices; a manager her team's load and what is
overdue; a DPO what is pending. Each costs a fixed number of queries, however many tasks,
cases and notices there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.audit.context import Actor
from accord.cases import services
from accord.cases.models import Case
from accord.cases.risk_levels import RiskLevel
from accord.testing import Casework, World, client_for

from .helpers import open_cases, settled_client

# Queries of the home page once the session is settled (1 session, 2 user, 3 MFA, 4 her
# roles; the navigation's unread figure is in the session), then per role: caseworker 5 her
# cases needing attention, 6 her tasks; manager 5 the workers' load, 6 the team's overdue
# tasks; DPO 5 her organisations, 6 their records past retention, 7 the referrals sent
# without consent; and for all, her teams and the audit-log panel's check, and one each for
# the panels of the programmes (today's sessions, partner contacts due) and the conferences
# (the coordinator's dashboard), which ask whether she has any.
HOME_QUERIES = {"caseworker": 11, "manager": 11, "dpo": 12}


def _grow(world: World, count: int) -> None:
    """`count` more cases of hers, each with an overdue task, at high risk, a review due and
    a risk conference's criteria met."""
    today = timezone.localdate()
    for case in open_cases(world, count, key_worker=world.caseworker):
        Case.objects.filter(pk=case.pk).update(
            risk_level=RiskLevel.HIGH,
            risk_review_on=today - datetime.timedelta(days=1),
            conference_criteria=["high_risk"],
        )
        services.task_add(
            actor=Actor.for_user(world.caseworker),
            case=case,
            title="Call back",
            due_on=today + datetime.timedelta(days=2),
            assignee=world.caseworker,
        )


def _queries(client, url: str = "/") -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["caseworker", "manager", "dpo"])
def test_the_home_page_costs_the_same_for_2_and_12_of_everything(
    world: World, casework: Casework, persona: str
) -> None:
    _grow(world, 2)
    client = settled_client(getattr(world, persona))
    few = _queries(client)
    _grow(world, 10)
    many = _queries(client)
    assert few == many == HOME_QUERIES[persona]


def test_the_caseworker_sees_her_day(world: World, casework: Casework) -> None:
    _grow(world, 2)
    page = client_for(world.caseworker).get("/").content.decode()
    for heading in (
        "Your tasks",
        "Risk reviews due",
        "Your high-risk cases",
        "Alerts",
    ):
        assert heading in page, heading
    assert "Overdue" in page and "Call back" in page
    assert "meets the criteria for a risk conference" in page
    assert "Your team's load" not in page and "Pending for data protection" not in page


def test_the_manager_sees_her_teams_load_and_what_is_overdue(
    world: World, casework: Casework
) -> None:
    _grow(world, 2)
    page = client_for(world.manager).get("/").content.decode()
    assert "Your team's load" in page
    assert "Overdue in your team" in page
    # Every case of _grow has an overdue task (open_cases): the worker's figure shows it.
    assert world.caseworker.get_full_name() or world.caseworker.username in page
    assert "Your tasks" not in page


def test_the_dpo_sees_what_is_pending(world: World, casework: Casework) -> None:
    page = client_for(world.dpo).get("/").content.decode()
    assert "Pending for data protection" in page
    assert "Sent without consent in the last 30 days" in page
    assert "Your tasks" not in page and "Your team's load" not in page


def test_her_unread_notices_are_on_her_home_page_and_counted_in_the_navigation(
    world: World, casework: Casework
) -> None:
    from accord.referrals.tests.referral_helpers import route, sent

    r = route(world, casework)
    sent(world, casework, r)
    page = client_for(world.outsider).get("/").content.decode()
    assert "Unread in your inbox" in page
    assert 'Team inbox <span class="count">1</span>' in page


def test_a_notice_about_one_of_her_cases_links_from_her_home_page_to_the_case(
    world: World, casework: Casework
) -> None:
    """A programme's notice concerns her case, not a referral: the home page links to the case
    (it answered 500 when every notice was taken for a referral's)."""
    from accord.referrals.models import NotificationKind
    from accord.referrals.services import case_notify

    case_notify(case=casework.her_case, kind=NotificationKind.PROGRAMME_DROPPED_OUT)
    response = client_for(world.caseworker).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unread in your inbox" in page
    assert f'href="/cases/{casework.her_case.reference}/"' in page
