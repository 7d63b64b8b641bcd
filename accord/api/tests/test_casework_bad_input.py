"""Bad input to the casework endpoints: a 400 naming the field, nothing saved, never a 500
(docs/product.md §4.10)."""

import datetime
from typing import Any

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.api.casework_serializers import LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX
from accord.api.tests.casework import INCIDENT, NOTE, TASK, case_url, patch, post
from accord.audit.models import AuditEvent
from accord.cases.models import Case, Incident, Note, Task
from accord.people.models import Person
from accord.testing import Casework, World, client_for

TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def totals() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        Case.objects.count(),
        Incident.objects.count(),
        Note.objects.count(),
        Task.objects.count(),
        AuditEvent.objects.count(),
    )


def refused(world: World, url: str, body: Any, field: str, method: str = "post") -> None:
    """`body` at `url` answers 400 naming `field`, and saves (and audits) nothing."""
    before = totals()
    client = client_for(world.caseworker)
    send = post if method == "post" else patch
    response = send(client, url, body)
    assert response.status_code == 400, (url, body, response.content)
    assert field in response.json(), (field, response.json())
    assert totals() == before


def new_person(world: World, **person: Any) -> dict[str, Any]:
    return {
        "kind": "survivor_support",
        "team": world.outreach.pk,
        "person_details": {"given_name": "Marta", **person},
    }


def test_it_refuses_future_dates(world: World, casework: Casework) -> None:
    refused(world, "/api/v1/cases/", new_person(world, date_of_birth=TOMORROW), "date_of_birth")
    refused(world, "/api/v1/cases/", {**new_person(world), "opened_on": TOMORROW}, "opened_on")
    refused(
        world,
        case_url(casework.her_case, "incidents/"),
        {**INCIDENT, "occurred_on": TOMORROW},
        "occurred_on",
    )
    refused(
        world,
        case_url(casework.her_case, "notes/"),
        {**NOTE, "written_at": f"{TOMORROW}T12:00:00Z"},
        "written_at",
    )
    refused(
        world,
        case_url(casework.her_case, "close/"),
        {"version": 1, "reason": "other", "closed_on": TOMORROW},
        "closed_on",
    )


def test_it_refuses_a_closing_date_before_the_opening(world: World, casework: Casework) -> None:
    body = {"version": 1, "reason": "other", "closed_on": "2000-01-01"}
    refused(world, case_url(casework.her_case, "close/"), body, "closed_on")


def test_it_refuses_oversized_text(world: World, casework: Casework) -> None:
    long_name = "x" * (NAME_MAX + 1)
    refused(
        world,
        "/api/v1/cases/",
        {**new_person(world), "person_details": {"given_name": long_name}},
        "person_details",
    )
    refused(
        world,
        "/api/v1/cases/",
        new_person(world, safe_contact_times="x" * (SHORT_TEXT_MAX + 1)),
        "person_details",
    )
    refused(world, "/api/v1/cases/", new_person(world, aliases=["x"] * 1000), "person_details")
    refused(
        world,
        case_url(casework.her_case, "notes/"),
        {**NOTE, "text": "x" * (LONG_TEXT_MAX + 1)},
        "text",
    )
    refused(
        world,
        case_url(casework.her_case, "incidents/"),
        {**INCIDENT, "narrative": "x" * (LONG_TEXT_MAX + 1)},
        "narrative",
    )
    refused(
        world,
        case_url(casework.her_case, "tasks/"),
        {**TASK, "title": "x" * (SHORT_TEXT_MAX + 1)},
        "title",
    )


def test_the_400_names_the_nested_field(world: World) -> None:
    response = post(
        client_for(world.caseworker), "/api/v1/cases/", new_person(world, email="not an address")
    )
    assert response.status_code == 400
    assert "email" in response.json()["person_details"]


def test_it_refuses_unknown_choices_and_wrong_types(world: World, casework: Casework) -> None:
    refused(world, "/api/v1/cases/", {**new_person(world), "kind": "vigilante"}, "kind")
    refused(world, "/api/v1/cases/", {**new_person(world), "team": "Outreach"}, "team")
    refused(world, "/api/v1/cases/", {**new_person(world), "team": 10**30}, "team")
    refused(world, "/api/v1/cases/", {**new_person(world), "person": "not-a-uid"}, "person")
    refused(
        world,
        case_url(casework.her_case, "incidents/"),
        {**INCIDENT, "forms": ["teasing"]},
        "forms",
    )
    refused(world, case_url(casework.her_case, "incidents/"), {**INCIDENT, "forms": []}, "forms")
    refused(
        world, case_url(casework.her_case, "incidents/"), {**INCIDENT, "forms": "physical"}, "forms"
    )
    refused(
        world,
        case_url(casework.her_case, "notes/"),
        {**NOTE, "contact_type": "telepathy"},
        "contact_type",
    )
    refused(world, case_url(casework.her_case, "notes/"), {**NOTE, "text": "   "}, "text")
    refused(
        world, case_url(casework.her_case, "tasks/"), {**TASK, "due_on": "2024-02-30"}, "due_on"
    )
    refused(
        world, case_url(casework.her_case, "tasks/"), {**TASK, "due_on": "10000-01-01"}, "due_on"
    )
    refused(world, case_url(casework.her_case, "tasks/"), {**TASK, "assignee": -1}, "assignee")
    refused(
        world,
        case_url(casework.her_case),
        {"version": "one", "status": "on_hold"},
        "version",
        "patch",
    )
    refused(world, case_url(casework.her_case), {"version": 10**40}, "version", "patch")
    refused(
        world, case_url(casework.her_case), {"version": 1, "status": "finished"}, "status", "patch"
    )


def test_it_refuses_a_body_that_is_not_an_object(world: World, casework: Casework) -> None:
    for url in [
        "/api/v1/cases/",
        case_url(casework.her_case, "incidents/"),
        case_url(casework.her_case, "notes/"),
        case_url(casework.her_case, "tasks/"),
    ]:
        for body in [[], "text", 3, None]:
            response = post(client_for(world.caseworker), url, body)
            assert response.status_code == 400, (url, body)


def test_it_answers_malformed_json_with_a_400(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    response = client.post(
        case_url(casework.her_case, "notes/"), '{"text": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_it_answers_an_unknown_task_or_a_malformed_reference_with_404(
    world: World, casework: Casework
) -> None:
    client = client_for(world.caseworker)
    assert (
        post(
            client,
            case_url(casework.her_case, "tasks/0b9c8d3e-1f2a-4b5c-9d8e-7f6a5b4c3d2e/complete/"),
            {},
        ).status_code
        == 404
    )
    assert (
        post(client, case_url(casework.her_case, "tasks/not-a-uid/complete/"), {}).status_code
        == 404
    )
    assert client.get("/api/v1/cases/" + "X" * 300 + "/").status_code == 404
    assert client.get("/api/v1/cases/SV-%00/").status_code == 404


def test_it_refuses_a_put(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).put(
        case_url(casework.her_case), {}, content_type="application/json"
    )
    assert response.status_code == 405


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [
    "kind", "team", "person", "person_details", "household", "relationship", "opened_on",
    "forms", "source", "occurred_on", "narrative", "contact_type", "text", "visibility",
    "written_at", "title", "due_on", "assignee", "version", "status", "key_worker", "reason",
    "closed_on",
]  # fmt: skip
bodies = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=bodies, endpoint=st.sampled_from(["", "close/", "incidents/", "notes/", "tasks/", "new"])
)
def test_it_never_answers_500(world: World, casework: Casework, body: dict, endpoint: str) -> None:
    client = client_for(world.caseworker)
    if endpoint == "new":
        response = post(client, "/api/v1/cases/", body)
    elif endpoint == "":
        response = patch(client, case_url(casework.her_case), body)
    else:
        response = post(client, case_url(casework.her_case, endpoint), body)
    assert response.status_code < 500, (endpoint, body)
