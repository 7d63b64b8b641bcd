"""Garbage sent to every casework form gets a clear answer, never a 500, and changes nothing
(docs/product.md §4.10)."""

import pytest

from accord.audit.models import AuditEvent
from accord.cases.models import Case, Incident, Note, Task
from accord.people.models import Person
from accord.testing import Casework, World, client_for, reauthenticate

GARBAGE = [
    {},
    {"version": "99999999999999999999999", "text": "\x00", "forms": "physical"},
    {
        "date_of_birth": "0000-00-00",
        "occurred_on": "-1",
        "due_on": "9" * 40,
        "closed_on": "yesterday",
    },
    {
        "kind": ["a", "b"],
        "team": "'; DROP TABLE cases_case; --",
        "assignee": "1.5",
        "key_worker": "-1",
    },
    {"given_name": "x" * 100_000, "text": "y" * 100_000, "reason": "z" * 100_000},
]

ENDPOINTS = ["notes", "incidents", "tasks", "edit", "close", "person", "reveal-address"]


def counts() -> tuple[int, ...]:
    return (
        Case.objects.count(),
        Person.objects.count(),
        Note.objects.count(),
        Incident.objects.count(),
        Task.objects.count(),
    )


@pytest.mark.parametrize("data", GARBAGE)
def test_no_casework_form_answers_garbage_with_a_500(
    world: World, casework: Casework, data: dict
) -> None:
    client = client_for(world.caseworker)
    reauthenticate(client, world.caseworker)
    before = counts()
    events = AuditEvent.objects.exclude(action="case.viewed").count()
    for endpoint in ENDPOINTS:
        response = client.post(f"/cases/{casework.her_case.reference}/{endpoint}/", data)
        assert response.status_code == 400, (endpoint, response.status_code)
    for path in ["/cases/new/", "/people/search/"]:
        assert client.post(path, data).status_code == 400, path
    assert counts() == before
    assert AuditEvent.objects.exclude(action="case.viewed").count() == events
    casework.her_case.refresh_from_db()
    assert casework.her_case.version == 1


def test_a_nul_byte_in_a_note_is_refused(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        f"/cases/{casework.her_case.reference}/notes/",
        {"contact_type": "phone", "visibility": "disclosure", "text": "a\x00b"},
    )
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize("reference", ["SV-" + "X" * 300, "..", "SV-K7QX2MB%2F..%2F"])
def test_odd_references_are_a_404(world: World, casework: Casework, reference: str) -> None:
    assert client_for(world.caseworker).get(f"/cases/{reference}/").status_code == 404


@pytest.mark.parametrize("path", ["/cases/%00/", "/api/v1/cases/SV-%00/", "/people/%00/erase/"])
def test_a_nul_byte_in_the_path_is_a_404_on_every_database(world: World, path: str) -> None:
    assert client_for(world.caseworker).get(path).status_code == 404
