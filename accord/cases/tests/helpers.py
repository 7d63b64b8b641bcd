"""Shared by the casework UI tests: URLs, more cases and records made through the services,
and a client that has already settled its session (so query counts are those of the page)."""

import datetime

from django.test import Client
from django.utils import timezone

from accord.accounts.models import User
from accord.audit.context import Actor
from accord.cases import services
from accord.cases.models import (
    Case,
    CaseKind,
    ContactType,
    IncidentSource,
    NoteVisibility,
    ViolenceForm,
)
from accord.people import services as people
from accord.testing import World, client_for

HTMX = {"HTTP_HX_REQUEST": "true"}


def case_url(case: Case, action: str = "") -> str:
    return f"/cases/{case.reference}/{action + '/' if action else ''}"


def settled_client(user: User) -> Client:
    """A signed-in client past its session's first request (which stores the sign-in time and
    the organisation's language): what a page costs from then on is what the tests pin."""
    client = client_for(user)
    client.get("/")
    return client


def main_html(response) -> str:
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def open_cases(
    world: World, count: int, *, key_worker: User | None = None, given_name: str = "Maria"
) -> list[Case]:
    """`count` more survivor cases at Women's Aid A, each with an overdue task and an incident."""
    actor = Actor.for_user(world.caseworker)
    today = timezone.localdate()
    cases = []
    for number in range(count):
        person = people.person_create(
            actor=actor,
            organisation=world.womens_aid,
            given_name=f"{given_name}{number}",
            family_name=f"Family{number}",
            phone=f"+34 600 000 {number:03d}",
        )
        case = services.case_open(
            actor=actor,
            kind=CaseKind.SURVIVOR_SUPPORT,
            person=person,
            team=world.outreach,
            key_worker=key_worker or world.caseworker,
        )
        services.task_add(
            actor=actor,
            case=case,
            title=f"Call back {number}",
            due_on=today - datetime.timedelta(days=1),
            assignee=world.caseworker,
        )
        record_incidents(world, case, 1)
        cases.append(case)
    return cases


def record_incidents(
    world: World, case: Case, count: int, *, on: datetime.date | None = None
) -> None:
    actor = Actor.for_user(world.caseworker)
    for _ in range(count):
        services.incident_record(
            actor=actor,
            case=case,
            forms=[ViolenceForm.PHYSICAL],
            source=IncidentSource.SURVIVOR,
            occurred_on=on or timezone.localdate(),
            narrative="He pushed her against the wall.",
        )


def fill_chronology(world: World, case: Case, count: int) -> None:
    """`count` each of incidents, notes (half of them administrative) and tasks."""
    actor = Actor.for_user(world.caseworker)
    record_incidents(world, case, count, on=timezone.localdate() - datetime.timedelta(days=400))
    for number in range(count):
        services.note_add(
            actor=actor,
            case=case,
            contact_type=ContactType.PHONE,
            text=f"Note {number}",
            visibility=NoteVisibility.ADMINISTRATIVE if number % 2 else NoteVisibility.DISCLOSURE,
        )
        services.task_add(
            actor=actor,
            case=case,
            title=f"Task {number}",
            due_on=timezone.localdate(),
            assignee=world.caseworker,
        )


def caseload_table(response) -> str:
    """The caseload's table only (the reminders above it name cases too)."""
    page = main_html(response)
    if "<table>" not in page:
        return ""
    return page[page.index("<table>") : page.index("</table>")]
