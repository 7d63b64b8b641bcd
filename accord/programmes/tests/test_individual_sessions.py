"""Catch-up and one-to-one sessions for him alone, on his enrolment page and through the API,
and their register: for those who work his enrolment, 404 for everyone else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.programmes.models import Attendance, AttendanceCode, Session, SessionKind
from accord.programmes.tests.helpers import ProgrammeWorld
from accord.testing import World, client_for

API = "/api/v1"


def _when(hours: int) -> str:
    return (timezone.localtime() + datetime.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def test_a_one_to_one_session_is_added_and_its_register_kept(
    world: World, pw: ProgrammeWorld
) -> None:
    client = client_for(world.facilitator)
    url = reverse("programmes:session_add", args=[pw.enrolment.uid])
    added = client.post(
        url, {"kind": SessionKind.ONE_TO_ONE, "starts_at": _when(-2), "minutes": 60}
    )
    assert added.status_code == 302
    session = Session.objects.get(enrolment=pw.enrolment)
    assert session.group_id is None
    page = client.get(reverse("programmes:enrolment", args=[pw.enrolment.uid])).content.decode()
    assert reverse("programmes:register", args=[session.pk]) in page

    register = reverse("programmes:register", args=[session.pk])
    assert client.get(register).status_code == 200
    saved = client.post(register, {f"code-{pw.enrolment.pk}": AttendanceCode.ATTENDED_COMPLIED})
    assert saved.status_code == 302
    assert Attendance.objects.get(session=session).code == AttendanceCode.ATTENDED_COMPLIED


@pytest.mark.parametrize("persona", ["outsider", "caseworker", "partner_worker"])
def test_nobody_else_adds_or_registers_his_sessions(
    world: World, pw: ProgrammeWorld, persona: str
) -> None:
    user = getattr(pw, persona, None) or getattr(world, persona)
    client = client_for(user)
    form = {"kind": SessionKind.ONE_TO_ONE, "starts_at": _when(-2), "minutes": 60}
    assert (
        client.post(reverse("programmes:session_add", args=[pw.enrolment.uid]), form).status_code
        == 404
    )
    body = {"kind": SessionKind.ONE_TO_ONE, "starts_at": timezone.now().isoformat()}
    api = client.post(f"{API}/enrolments/{pw.enrolment.uid}/sessions/", body, "application/json")
    assert api.status_code == 404
    assert not Session.objects.filter(enrolment=pw.enrolment).exists()
    client_for(world.facilitator).post(
        reverse("programmes:session_add", args=[pw.enrolment.uid]), form
    )
    session = Session.objects.get(enrolment=pw.enrolment)
    assert client.get(reverse("programmes:register", args=[session.pk])).status_code == 404
    assert client.get(f"{API}/programme-sessions/{session.pk}/register/").status_code == 404


def test_an_individual_session_refuses_bad_input(world: World, pw: ProgrammeWorld) -> None:
    client = client_for(world.facilitator)
    url = reverse("programmes:session_add", args=[pw.enrolment.uid])
    assert (
        client.post(url, {"kind": "group", "starts_at": _when(2), "minutes": 60}).status_code == 400
    )
    assert client.post(url, {"kind": "catch_up", "starts_at": "", "minutes": 60}).status_code == 400
    api = client.post(
        f"{API}/enrolments/{pw.enrolment.uid}/sessions/",
        {"kind": "group", "starts_at": timezone.now().isoformat()},
        "application/json",
    )
    assert api.status_code == 400
    assert not Session.objects.filter(enrolment=pw.enrolment).exists()


def test_a_catch_up_session_through_the_api(world: World, pw: ProgrammeWorld) -> None:
    response = client_for(world.facilitator).post(
        f"{API}/enrolments/{pw.enrolment.uid}/sessions/",
        {"kind": "catch_up", "starts_at": timezone.now().isoformat(), "room": "Room 1"},
        "application/json",
    )
    assert response.status_code == 201
    assert response.json()["kind"] == SessionKind.CATCH_UP
    session = Session.objects.get(enrolment=pw.enrolment)
    assert session.group_id == pw.group.pk
    cancel = client_for(world.facilitator).post(
        f"{API}/programme-sessions/{session.pk}/cancel/", {"reason": "other"}, "application/json"
    )
    assert cancel.status_code == 200
