"""Empowerment paths and outcome questionnaires through the API: the same rules as the pages —
the case's own worker reads and records; the programme never reaches her answers or the gap
flags; bad input a clear 400 with nothing saved."""

import datetime

import pytest
from django.utils import timezone

from accord.api.tests.casework import case_url, post
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.empowerment import paths
from accord.outcomes import services
from accord.outcomes.models import OutcomeResponse
from accord.programmes.models import Enrolment
from accord.testing import Casework, World, client_for

pytestmark = pytest.mark.django_db

CALM = {"pushed_hit": "never", "threatened": "never", "checked": "never", "afraid": "never"}
FEARFUL = {"pushed_hit": "often", "threatened": "sometimes", "checked": "often", "afraid": "often"}


@pytest.fixture
def schedule(world: World, casework: Casework):
    return services.outcome_schedule_start(
        actor=Actor.for_user(world.facilitator),
        case=casework.his_case,
        start_on=casework.his_case.opened_on,
    )


def test_his_facilitator_records_and_reads_his_answers(world, casework, schedule) -> None:
    client = client_for(world.facilitator)
    url = case_url(casework.his_case, "outcomes/answers/")
    created = post(client, url, {"time_point": "intake", "answers": CALM | {"safe_at_home": 9}})
    assert created.status_code == 201, created.content
    body = client.get(case_url(casework.his_case, "outcomes/")).json()
    assert [row["time_point"] for row in body["answers"]] == ["intake"]
    assert len(body["time_points"]) == 5 and body["paired"] == []
    assert AuditEvent.objects.filter(action="outcomes.viewed").count() == 1


def test_her_worker_sees_the_paired_view_and_the_programme_never_does(
    world, casework, schedule
) -> None:
    post(
        client_for(world.facilitator),
        case_url(casework.his_case, "outcomes/answers/"),
        {"time_point": "intake", "answers": CALM | {"safe_at_home": 9}},
    )
    client = client_for(world.caseworker)
    her_answers = {"time_point": "intake", "answers": FEARFUL | {"safe_at_home": 2}}
    assert (
        post(client, case_url(casework.her_case, "outcomes/answers/"), her_answers).status_code
        == 201
    )
    paired = client.get(case_url(casework.her_case, "outcomes/")).json()["paired"]
    intake = next(row for row in paired if row["time_point"] == "intake")
    assert any(cell["gap"] for cell in intake["cells"])
    # The programme: her case's questionnaires are 404, his own carry nothing of hers.
    facilitator = client_for(world.facilitator)
    assert facilitator.get(case_url(casework.her_case, "outcomes/")).status_code == 404
    assert (
        post(facilitator, case_url(casework.her_case, "outcomes/answers/"), her_answers).status_code
        == 404
    )
    his = facilitator.get(case_url(casework.his_case, "outcomes/")).json()
    assert his["paired"] == [] and len(his["answers"]) == 1
    assert "gap" not in str(his)
    for user in (world.outsider, world.dpo):
        assert client_for(user).get(case_url(casework.her_case, "outcomes/")).status_code == 404


def test_bad_answers_are_refused_and_nothing_saved(world, casework, schedule) -> None:
    client = client_for(world.caseworker)
    url = case_url(casework.her_case, "outcomes/answers/")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for body in (
        {"time_point": "intake", "answers": CALM | {"safe_at_home": 11}},
        {"time_point": "intake", "answers": CALM | {"pushed_hit": "daily", "safe_at_home": 3}},
        {"time_point": "intake", "answered_on": tomorrow, "answers": CALM | {"safe_at_home": 3}},
        {"time_point": "someday", "answers": CALM | {"safe_at_home": 3}},
        {"time_point": "intake", "answers": ["not", "a", "mapping"]},
    ):
        response = post(client, url, body)
        assert response.status_code == 400, (body, response.content)
    assert not OutcomeResponse.objects.exists()


def test_answers_before_measurement_started_are_404(world, casework) -> None:
    response = post(
        client_for(world.facilitator),
        case_url(casework.his_case, "outcomes/answers/"),
        {"time_point": "intake", "answers": CALM},
    )
    assert response.status_code == 404


def test_her_worker_puts_her_on_a_path_and_the_programme_may_not(world, casework) -> None:
    path = paths.empowerment_path_create(
        actor=Actor.system(), service=world.support_service, name="Work and money", one_to_one=False
    )
    client = client_for(world.caseworker)
    listed = client.get("/api/v1/empowerment/paths/").json()
    assert [row["name"] for row in listed] == ["Work and money"]
    assert len(listed[0]["modules"]) == 5 and listed[0]["women"] == []
    url = case_url(casework.her_case, "empowerment/paths/")
    assert post(client_for(world.facilitator), url, {"path": path.pk}).status_code == 404
    assert post(client_for(world.outsider), url, {"path": path.pk}).status_code == 404
    assert not Enrolment.objects.exists()
    joined = post(client, url, {"path": path.pk})
    assert joined.status_code == 201, joined.content
    assert joined.json()["women"] == [casework.her_case.reference]
    assert post(client, url, {"path": 999999}).status_code == 404
