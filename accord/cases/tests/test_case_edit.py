"""Changing a case's key worker or status (open / on hold): only by those who work it."""

import pytest
from django.test import Client

from accord.audit.models import AuditEvent
from accord.cases.models import CaseStatus
from accord.testing import Casework, World, client_for

from .helpers import case_url


def test_her_caseworker_puts_the_case_on_hold_and_hands_it_over(
    world: World, casework: Casework
) -> None:
    client = client_for(world.caseworker)
    form = client.get(case_url(casework.her_case, "edit"))
    assert form.status_code == 200
    assert 'name="version" value="1"' in form.content.decode()
    response = client.post(
        case_url(casework.her_case, "edit"),
        {"version": 1, "key_worker": world.manager.pk, "status": CaseStatus.ON_HOLD},
    )
    assert response.status_code == 302
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.ON_HOLD
    assert casework.her_case.key_worker == world.manager
    assert casework.her_case.version == 2
    assert AuditEvent.objects.filter(action="case.changed").count() == 1


def test_closing_needs_the_close_form(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "edit"),
        {"version": 1, "key_worker": world.caseworker.pk, "status": CaseStatus.CLOSED},
    )
    assert response.status_code == 400
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.OPEN


def test_a_key_worker_across_the_barrier_is_refused(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "edit"),
        {"version": 1, "key_worker": world.facilitator.pk, "status": CaseStatus.OPEN},
    )
    assert response.status_code == 400
    casework.her_case.refresh_from_db()
    assert casework.her_case.key_worker == world.caseworker


@pytest.mark.parametrize("version", ["", "0", "abc", "-1"])
def test_a_broken_version_is_refused(world: World, casework: Casework, version: str) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "edit"),
        {"version": version, "key_worker": world.caseworker.pk, "status": CaseStatus.ON_HOLD},
    )
    assert response.status_code == 400
    casework.her_case.refresh_from_db()
    assert casework.her_case.version == 1


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin", "dpo"])
def test_anyone_who_may_not_work_her_case_gets_a_404(
    world: World, casework: Casework, persona: str
) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(case_url(casework.her_case, "edit")).status_code == 404
    response = client.post(
        case_url(casework.her_case, "edit"),
        {"version": 1, "key_worker": "", "status": CaseStatus.ON_HOLD},
    )
    assert response.status_code == 404
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.OPEN


def test_anonymous_visitors_are_sent_to_sign_in(casework: Casework) -> None:
    assert Client().get(case_url(casework.her_case, "edit")).status_code == 302
