"""Closing a case with a reason and a date; impossible dates are refused."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accord.cases.models import CaseStatus, ClosureReason
from accord.testing import Casework, World, client_for

from .helpers import case_url


def test_her_caseworker_closes_the_case(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    assert client.get(case_url(casework.her_case, "close")).status_code == 200
    today = timezone.localdate()
    response = client.post(
        case_url(casework.her_case, "close"),
        {"version": 1, "reason": ClosureReason.SUPPORT_COMPLETED, "closed_on": today.isoformat()},
    )
    assert response.status_code == 302
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.CLOSED
    assert casework.her_case.closed_on == today
    assert casework.her_case.closure_reason == ClosureReason.SUPPORT_COMPLETED


@pytest.mark.parametrize(
    "closed_on, message",
    [
        (
            lambda case: case.opened_on - datetime.timedelta(days=1),
            "A case cannot close before it opened.",
        ),
        (
            lambda case: timezone.localdate() + datetime.timedelta(days=1),
            "This date is in the future.",
        ),
        (lambda case: datetime.date(1899, 1, 1), "Check the year: it is before 1900."),
    ],
)
def test_an_impossible_closing_date_is_refused(
    world: World, casework: Casework, closed_on, message: str
) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "close"),
        {
            "version": 1,
            "reason": ClosureReason.OTHER,
            "closed_on": closed_on(casework.her_case).isoformat(),
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.OPEN
    assert casework.her_case.version == 1


def test_an_unknown_reason_is_refused(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "close"),
        {"version": 1, "reason": "bored", "closed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.OPEN


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin", "dpo"])
def test_anyone_who_may_not_work_her_case_gets_a_404(
    world: World, casework: Casework, persona: str
) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(case_url(casework.her_case, "close")).status_code == 404
    response = client.post(
        case_url(casework.her_case, "close"),
        {
            "version": 1,
            "reason": ClosureReason.OTHER,
            "closed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 404
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.OPEN


def test_anonymous_visitors_are_sent_to_sign_in(casework: Casework) -> None:
    assert Client().get(case_url(casework.her_case, "close")).status_code == 302
