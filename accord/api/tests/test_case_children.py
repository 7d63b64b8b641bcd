"""A case's incidents, notes and tasks through the API (/cases/{reference}/incidents/ …)."""

import datetime

from accord.api.tests.casework import INCIDENT, NOTE, TASK, case_url, post, service_account_client
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases import services as cases
from accord.cases.models import ContactType, Incident, Note, NoteVisibility, Task
from accord.testing import SURVIVOR_DISCLOSURE, Casework, World, client_for

DENIED = ["facilitator", "police_liaison", "outsider", "admin"]


def add_task(world: World, casework: Casework) -> Task:
    return cases.task_add(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        title="Call her sister",
        due_on=datetime.date(2030, 1, 1),
        assignee=world.caseworker,
    )


# --- incidents ----------------------------------------------------------------------------------


def test_her_caseworker_records_and_reads_an_incident(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    body = {**INCIDENT, "occurred_on": "2024-05-01", "narrative": "He pushed her down the stairs."}
    created = post(client, case_url(casework.her_case, "incidents/"), body)
    assert created.status_code == 201
    assert created.json()["gbvims_type"] == "physical_assault"
    assert created.json()["recorded_by"] == "caseworker_a"
    listed = client.get(case_url(casework.her_case, "incidents/")).json()["results"]
    assert [row["uid"] for row in listed] == [created.json()["uid"]]
    assert listed[0]["narrative"] == "He pushed her down the stairs."
    assert AuditEvent.objects.filter(action="incident.recorded").count() == 1
    assert AuditEvent.objects.filter(action="case.viewed").count() == 1


def test_nobody_across_the_barrier_reads_or_records_her_incidents(
    world: World, casework: Casework
) -> None:
    for name in DENIED:
        client = client_for(getattr(world, name))
        assert client.get(case_url(casework.her_case, "incidents/")).status_code == 404, name
        response = post(client, case_url(casework.her_case, "incidents/"), INCIDENT)
        assert response.status_code == 404, name
    assert not Incident.objects.exists()


def test_the_dpo_lists_no_incident(world: World, casework: Casework) -> None:
    post(client_for(world.caseworker), case_url(casework.her_case, "incidents/"), INCIDENT)
    response = client_for(world.dpo).get(case_url(casework.her_case, "incidents/"))
    assert response.status_code == 200
    assert response.json()["results"] == []


# --- notes --------------------------------------------------------------------------------------


def test_her_caseworker_adds_and_reads_notes(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    created = post(client, case_url(casework.her_case, "notes/"), NOTE)
    assert created.status_code == 201
    assert created.json()["visibility"] == "disclosure"
    texts = [
        row["text"] for row in client.get(case_url(casework.her_case, "notes/")).json()["results"]
    ]
    assert set(texts) == {SURVIVOR_DISCLOSURE, NOTE["text"]}
    assert AuditEvent.objects.filter(action="note.added").count() == 2


def test_the_dpo_reads_administrative_notes_only(world: World, casework: Casework) -> None:
    cases.note_add(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        contact_type=ContactType.LETTER,
        text="Appointment letter sent.",
        visibility=NoteVisibility.ADMINISTRATIVE,
    )
    response = client_for(world.dpo).get(case_url(casework.her_case, "notes/"))
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Appointment letter sent."]
    assert response.json()["count"] == 1


def test_nobody_across_the_barrier_reads_or_adds_her_notes(
    world: World, casework: Casework
) -> None:
    for name in DENIED:
        client = client_for(getattr(world, name))
        assert client.get(case_url(casework.her_case, "notes/")).status_code == 404, name
        assert post(client, case_url(casework.her_case, "notes/"), NOTE).status_code == 404, name
    assert Note.objects.count() == 1


def test_the_facilitator_works_the_notes_of_his_own_case(world: World, casework: Casework) -> None:
    client = client_for(world.facilitator)
    assert post(client, case_url(casework.his_case, "notes/"), NOTE).status_code == 201
    listed = client.get(case_url(casework.his_case, "notes/")).json()["results"]
    assert [row["text"] for row in listed] == [NOTE["text"]]


# --- tasks --------------------------------------------------------------------------------------


def test_her_caseworker_adds_a_task_for_herself(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    created = post(client, case_url(casework.her_case, "tasks/"), TASK)
    assert created.status_code == 201
    assert created.json()["assignee_username"] == "caseworker_a"
    assert created.json()["done_at"] is None
    listed = client.get(case_url(casework.her_case, "tasks/")).json()["results"]
    assert [row["title"] for row in listed] == [TASK["title"]]


def test_a_task_goes_to_someone_who_works_the_teams_cases(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    to_manager = post(
        client, case_url(casework.her_case, "tasks/"), {**TASK, "assignee": world.manager.pk}
    )
    assert to_manager.status_code == 201
    # Assigning her task to someone across the barrier would show it to him: refused.
    for user in [world.facilitator, world.dpo, world.admin]:
        response = post(
            client, case_url(casework.her_case, "tasks/"), {**TASK, "assignee": user.pk}
        )
        assert response.status_code == 400, user
        assert "assignee" in response.json()
    assert Task.objects.count() == 1


def test_her_caseworker_completes_a_task(world: World, casework: Casework) -> None:
    task = add_task(world, casework)
    url = case_url(casework.her_case, f"tasks/{task.uid}/complete/")
    response = post(client_for(world.caseworker), url, {})
    assert response.status_code == 200
    assert response.json()["done_at"] is not None
    assert AuditEvent.objects.filter(action="task.completed").count() == 1
    # Done once: completing again changes nothing.
    assert post(client_for(world.caseworker), url, {}).status_code == 200
    assert AuditEvent.objects.filter(action="task.completed").count() == 1


def test_nobody_across_the_barrier_reads_adds_or_completes_her_tasks(
    world: World, casework: Casework
) -> None:
    task = add_task(world, casework)
    for name in DENIED:
        client = client_for(getattr(world, name))
        assert client.get(case_url(casework.her_case, "tasks/")).status_code == 404, name
        assert post(client, case_url(casework.her_case, "tasks/"), TASK).status_code == 404, name
        url = case_url(casework.her_case, f"tasks/{task.uid}/complete/")
        assert post(client, url, {}).status_code == 404, name
    task.refresh_from_db()
    assert task.done_at is None
    assert Task.objects.count() == 1


def test_a_task_is_completed_through_its_own_case_only(world: World, casework: Casework) -> None:
    task = add_task(world, casework)
    url = case_url(casework.his_case, f"tasks/{task.uid}/complete/")
    assert post(client_for(world.facilitator), url, {}).status_code == 404
    assert post(client_for(world.caseworker), url, {}).status_code == 404


def test_the_dpo_reads_tasks_but_works_nothing(world: World, casework: Casework) -> None:
    task = add_task(world, casework)
    client = client_for(world.dpo)
    assert client.get(case_url(casework.her_case, "tasks/")).status_code == 200
    for url, body in [
        (case_url(casework.her_case, "incidents/"), INCIDENT),
        (case_url(casework.her_case, "notes/"), NOTE),
        (case_url(casework.her_case, "tasks/"), TASK),
        (case_url(casework.her_case, f"tasks/{task.uid}/complete/"), {}),
    ]:
        response = post(client, url, body)
        assert response.status_code == 403, url
        assert "detail" in response.json()
    assert (Incident.objects.count(), Note.objects.count(), Task.objects.count()) == (0, 1, 1)


def test_a_service_account_writes_nothing(world: World, casework: Casework) -> None:
    client = service_account_client()
    for url, body in [
        (case_url(casework.her_case, "incidents/"), INCIDENT),
        (case_url(casework.her_case, "notes/"), NOTE),
        (case_url(casework.her_case, "tasks/"), TASK),
    ]:
        assert post(client, url, body).status_code == 403, url
    assert (Incident.objects.count(), Note.objects.count(), Task.objects.count()) == (0, 1, 0)
