"""Marking a task done: inline (the chronology comes back) or without JS; only by those who
work the case, only for a task of that case."""

import datetime

import pytest
from django.test import Client
from django.utils import formats, timezone, translation

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases import services
from accord.cases.models import Occasion, Task, TaskPurpose
from accord.testing import Casework, World, client_for

from .helpers import HTMX, case_url, open_cases


@pytest.fixture
def task(world: World, casework: Casework) -> Task:
    return services.task_add(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        title="Book the interpreter",
        due_on=timezone.localdate(),
        assignee=world.caseworker,
    )


def done_url(casework: Casework, task: Task) -> str:
    return case_url(casework.her_case, f"tasks/{task.pk}/done")


def test_it_marks_a_task_done_without_js(world: World, casework: Casework, task: Task) -> None:
    response = client_for(world.caseworker).post(done_url(casework, task))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    assert AuditEvent.objects.filter(action="task.completed").count() == 1


def test_with_htmx_it_answers_the_chronology(world: World, casework: Casework, task: Task) -> None:
    response = client_for(world.caseworker).post(done_url(casework, task), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="chronology"')
    assert "Done" in html
    assert "Mark done" not in html


def test_twice_is_once(world: World, casework: Casework, task: Task) -> None:
    client = client_for(world.caseworker)
    client.post(done_url(casework, task))
    client.post(done_url(casework, task))
    assert AuditEvent.objects.filter(action="task.completed").count() == 1


def test_a_task_of_another_case_is_a_404(world: World, casework: Casework) -> None:
    [other] = open_cases(world, 1)
    other_task = other.tasks.filter(purpose=TaskPurpose.GENERAL).get()
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, f"tasks/{other_task.pk}/done")
    )
    assert response.status_code == 404
    other_task.refresh_from_db()
    assert other_task.done_at is None


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin", "dpo"])
def test_anyone_who_may_not_work_her_case_gets_a_404(
    world: World, casework: Casework, task: Task, persona: str
) -> None:
    assert client_for(getattr(world, persona)).post(done_url(casework, task)).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


def test_anonymous_posts_are_sent_to_sign_in(casework: Casework, task: Task) -> None:
    assert Client().post(done_url(casework, task)).status_code == 302


def test_a_done_task_shows_when_it_was_done_not_a_due_date_to_come(
    world: World, casework: Casework
) -> None:
    """Defect: the demo showed "Done" tasks due months in the future (a review done early)."""
    later = timezone.localdate() + datetime.timedelta(days=90)
    task = services.task_add(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        title="Review the plan",
        due_on=later,
        assignee=world.caseworker,
    )
    services.task_complete(actor=Actor.for_user(world.caseworker), task=task)

    page = client_for(world.caseworker).get(case_url(casework.her_case)).content.decode()

    assert "done on" in page
    assert formats.date_format(later, "DATE_FORMAT") not in page


def test_a_review_accord_set_is_titled_in_the_readers_language(
    world: World, casework: Casework
) -> None:
    """Defect: system task titles ("Risk review: New incident") stayed in the language they
    were set in."""
    with translation.override("en"):
        task = services.risk_review_task_ensure(
            actor=Actor.system(),
            case=casework.her_case,
            due_on=timezone.localdate(),
            occasion=Occasion.NEW_INCIDENT,
        )
    assert task.title == "Risk review: New incident"
    with translation.override("es"):
        assert task.shown_title == "Revisión del riesgo: Nuevo incidente"
