"""Pinned query counts: the register, the programme page and the group page cost the same
however many men are in the group."""

import pytest
from django.urls import reverse

from accord.audit.context import Actor
from accord.programmes import services
from accord.programmes.models import AttendanceCode
from accord.programmes.tests.helpers import ProgrammeWorld, another_man, enrol, held_sessions
from accord.testing import World, client_for

# Pinned: session, middleware and audit queries included (the programme page asks once
# whether the reader may start a group).
REGISTER_QUERIES = 12
PROGRAMME_QUERIES = 7
GROUP_QUERIES = 6


def _fill(world: World, pw: ProgrammeWorld, men: int) -> None:
    session = held_sessions(pw.group)[0]
    for number in range(men - 1):
        enrolment = enrol(pw.programme, another_man(world, f"Man{number}"), group=pw.group)
        services.attendance_record(
            actor=Actor.for_user(world.facilitator),
            session=session,
            enrolment=enrolment,
            code=AttendanceCode.LATE,
        )


@pytest.mark.parametrize("men", [3, 12])
def test_the_register_costs_the_same_for_any_group(
    world: World, pw: ProgrammeWorld, men: int, django_assert_num_queries
) -> None:
    _fill(world, pw, men)
    session = held_sessions(pw.group)[0]
    client = client_for(world.facilitator)
    url = reverse("programmes:register", args=[session.pk])
    client.get(url)
    with django_assert_num_queries(REGISTER_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('<tr id="line-') == men


@pytest.mark.parametrize("men", [3, 12])
def test_the_programme_and_group_pages_cost_the_same_for_any_group(
    world: World, pw: ProgrammeWorld, men: int, django_assert_num_queries
) -> None:
    _fill(world, pw, men)
    client = client_for(world.facilitator)
    programme_url = reverse("programmes:programme", args=[pw.programme.pk])
    group_url = reverse("programmes:group", args=[pw.group.pk])
    client.get(programme_url)
    with django_assert_num_queries(PROGRAMME_QUERIES):
        client.get(programme_url)
    with django_assert_num_queries(GROUP_QUERIES):
        client.get(group_url)
