"""What the caseload says about each case: overdue tasks, the escalation flag, the risk level
placeholder, and the reminders of the user's own tasks."""

import datetime

from django.utils import timezone

from accord.audit.context import Actor
from accord.cases import services
from accord.cases.classification import months_before
from accord.testing import Casework, World, client_for

from .helpers import main_html, record_incidents


def test_it_counts_overdue_open_tasks(world: World, casework: Casework) -> None:
    actor = Actor.for_user(world.caseworker)
    today = timezone.localdate()
    for days in (3, 2):
        services.task_add(
            actor=actor,
            case=casework.her_case,
            title="Overdue",
            due_on=today - datetime.timedelta(days=days),
            assignee=world.caseworker,
        )
    done = services.task_add(
        actor=actor,
        case=casework.her_case,
        title="Done",
        due_on=today - datetime.timedelta(days=9),
        assignee=world.caseworker,
    )
    services.task_complete(actor=actor, task=done)
    page = main_html(client_for(world.caseworker).get("/cases/"))
    assert '<strong class="flag">2</strong>' in page


def test_it_flags_escalation_at_three_incidents_in_twelve_months(
    world: World, casework: Casework
) -> None:
    today = timezone.localdate()
    record_incidents(world, casework.her_case, 2, on=today)
    # Just outside the window: does not count.
    record_incidents(
        world, casework.her_case, 1, on=months_before(today, 12) - datetime.timedelta(days=1)
    )
    client = client_for(world.caseworker)
    assert "Escalating" not in main_html(client.get("/cases/"))
    record_incidents(world, casework.her_case, 1, on=months_before(today, 12))
    assert "Escalating" in main_html(client.get("/cases/"))


def test_the_threshold_comes_from_the_settings(world: World, casework: Casework, settings) -> None:
    settings.ACCORD_ESCALATION_INCIDENTS = 1
    record_incidents(world, casework.her_case, 1)
    assert "Escalating" in main_html(client_for(world.caseworker).get("/cases/"))


def test_the_risk_level_reads_not_assessed_until_the_risk_work_fills_it(
    world: World, casework: Casework
) -> None:
    assert "not assessed" in main_html(client_for(world.caseworker).get("/cases/"))


def test_the_reminders_list_my_overdue_and_upcoming_tasks_only(
    world: World, casework: Casework
) -> None:
    actor = Actor.for_user(world.caseworker)
    today = timezone.localdate()
    for title, due, assignee in [
        ("Overdue call", today - datetime.timedelta(days=1), world.caseworker),
        ("Upcoming visit", today + datetime.timedelta(days=3), world.caseworker),
        ("Far away review", today + datetime.timedelta(days=60), world.caseworker),
        ("Manager's task", today, world.manager),
    ]:
        services.task_add(
            actor=actor, case=casework.her_case, title=title, due_on=due, assignee=assignee
        )
    page = main_html(client_for(world.caseworker).get("/cases/"))
    reminders = page[page.index("reminders-heading") : page.index("</section>")]
    assert "Overdue call" in reminders and "Overdue" in reminders
    assert "Upcoming visit" in reminders
    assert "Far away review" not in reminders
    assert "Manager&#x27;s task" not in reminders and "Manager's task" not in reminders
