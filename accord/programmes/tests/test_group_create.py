"""Starting a group, on its page and through the API: for those who work cases in the
programme's service (its facilitators, coordinators, managers), 404 for everyone else; bad input
a clear message and nothing saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.programmes.models import Group, Session
from accord.programmes.tests.helpers import ProgrammeWorld
from accord.testing import World, client_for

API = "/api/v1"


def _first() -> datetime.datetime:
    return (timezone.localtime() + datetime.timedelta(days=7)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )


def _form(world: World, pw: ProgrammeWorld, **changes: object) -> dict[str, object]:
    return {
        "name": "Thursday group",
        "lead_facilitator": world.facilitator.pk,
        "co_facilitator": pw.co_facilitator.pk,
        "first_session_at": _first().strftime("%Y-%m-%dT%H:%M"),
        "schedule": "FREQ=WEEKLY;COUNT=12",
        "time_zone": "",
        "room": "Room 3",
        "session_minutes": 120,
        "capacity": 8,
        **changes,
    }


def test_the_facilitator_starts_a_group(world: World, pw: ProgrammeWorld) -> None:
    client = client_for(world.facilitator)
    url = reverse("programmes:group_create", args=[pw.programme.pk])
    programme_page = client.get(reverse("programmes:programme", args=[pw.programme.pk]))
    assert url in programme_page.content.decode()
    assert client.get(url).status_code == 200

    response = client.post(url, _form(world, pw))

    group = Group.objects.get(name="Thursday group")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:group", args=[group.pk])
    assert group.sessions.count() == 12
    # Every session at 18:00 local time, across any change of summer time.
    starts = [timezone.localtime(s.starts_at) for s in group.sessions.order_by("number")]
    assert {(start.hour, start.minute) for start in starts} == {(18, 0)}


@pytest.mark.parametrize("persona", ["outsider", "caseworker", "partner_worker"])
def test_nobody_else_starts_a_group(world: World, pw: ProgrammeWorld, persona: str) -> None:
    user = getattr(pw, persona, None) or getattr(world, persona)
    client = client_for(user)
    url = reverse("programmes:group_create", args=[pw.programme.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(world, pw)).status_code == 404
    assert client.post(f"{API}/programmes/{pw.programme.pk}/groups/", {}).status_code == 404
    assert Group.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"schedule": "EVERY TUESDAY"}, "This schedule cannot be read"),
        ({"schedule": "FREQ=WEEKLY;COUNT=500"}, "at most 104 sessions"),
        ({"co_facilitator": ""}, "run by two facilitators"),
        ({"time_zone": "Mars/Olympus"}, "not a known time zone"),
        ({"name": " "}, "This field is required"),
    ],
)
def test_a_group_refuses_bad_input(
    world: World, pw: ProgrammeWorld, changes: dict[str, object], message: str
) -> None:
    url = reverse("programmes:group_create", args=[pw.programme.pk])
    response = client_for(world.facilitator).post(url, _form(world, pw, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Group.objects.count() == 1
    assert Session.objects.filter(group__name="Thursday group").count() == 0


def test_a_group_through_the_api(world: World, pw: ProgrammeWorld) -> None:
    url = f"{API}/programmes/{pw.programme.pk}/groups/"
    body = {**_form(world, pw), "first_session_at": _first().isoformat()}
    client = client_for(world.facilitator)
    not_a_worker = client.post(
        url, {**body, "co_facilitator": pw.partner_worker.pk}, "application/json"
    )
    assert not_a_worker.status_code == 400
    assert "co_facilitator" in not_a_worker.json()
    same_twice = client.post(
        url, {**body, "co_facilitator": world.facilitator.pk}, "application/json"
    )
    assert same_twice.status_code == 400

    made = client.post(url, body, "application/json")

    assert made.status_code == 201
    assert made.json()["name"] == "Thursday group"
    assert len(made.json()["sessions"]) == 12
    assert Group.objects.count() == 2
