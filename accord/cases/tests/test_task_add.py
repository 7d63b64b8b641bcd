"""Adding a task: inline or without JS; the assignee must work the case; dates checked."""

import pytest
from django.test import Client

from accord.cases.models import Task
from accord.testing import Casework, World, client_for

from .helpers import HTMX, case_url


def task(world: World, **changes: str) -> dict[str, object]:
    return {
        "title": "Ring the housing officer",
        "due_on": "2026-01-15",
        "assignee": world.caseworker.pk,
        **changes,
    }


def test_it_adds_a_task_without_js(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(case_url(casework.her_case, "tasks"), task(world))
    assert response.status_code == 302
    saved = Task.objects.get()
    assert saved.title == "Ring the housing officer"
    assert saved.assignee == world.caseworker


def test_with_htmx_it_answers_the_form_and_the_chronology(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "tasks"), task(world), **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="task-form"')
    assert "Ring the housing officer" in html
    assert "Task added." in html


def test_her_manager_may_be_given_the_task(world: World, casework: Casework) -> None:
    client_for(world.caseworker).post(
        case_url(casework.her_case, "tasks"), task(world, assignee=world.manager.pk)
    )
    assert Task.objects.get().assignee == world.manager


def test_no_one_across_the_barrier_may_be_given_the_task(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "tasks"), task(world, assignee=world.facilitator.pk)
    )
    assert response.status_code == 400
    assert not Task.objects.exists()


@pytest.mark.parametrize("due_on", ["1850-01-01", "2999-01-01", "2026-13-01", ""])
def test_an_impossible_due_date_is_refused(world: World, casework: Casework, due_on: str) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "tasks"), task(world, due_on=due_on)
    )
    assert response.status_code == 400
    assert not Task.objects.exists()


def test_an_oversized_title_is_refused(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "tasks"), task(world, title="x" * 501)
    )
    assert response.status_code == 400
    assert not Task.objects.exists()


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin", "dpo"])
def test_anyone_who_may_not_work_her_case_gets_a_404(
    world: World, casework: Casework, persona: str
) -> None:
    response = client_for(getattr(world, persona)).post(
        case_url(casework.her_case, "tasks"), task(world)
    )
    assert response.status_code == 404
    assert not Task.objects.exists()


def test_anonymous_posts_are_sent_to_sign_in(world: World, casework: Casework) -> None:
    assert Client().post(case_url(casework.her_case, "tasks"), task(world)).status_code == 302
