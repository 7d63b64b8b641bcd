"""Review and submission at the locality (four eyes), and the hub's refusals and idempotency
over its API (the test client; the two-server test is test_federation.py)."""

import copy
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from accord.audit.context import Actor
from accord.network import services
from accord.network.models import Report, ReportStatus, Submission
from accord.network.periods import Period
from accord.network.reporting import period_tables
from accord.network.tests.helpers import build_network, survivor_with_incident

pytestmark = pytest.mark.django_db
URL = "/api/v1/network/submissions/"


@pytest.fixture
def network(world):
    return build_network(world)


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _payload(member: str = "riverton") -> dict:
    return {"member": member, "period": "2026-Q3", "tables": period_tables(Period(2026, 3))}


def test_it_takes_two_people_to_approve(world, network) -> None:
    report = services.report_prepare(actor=Actor.for_user(network.analyst), period="2026-Q3")
    assert report.status == ReportStatus.PREPARED
    with pytest.raises(PermissionDenied):
        services.report_approve(
            actor=Actor.for_user(network.analyst), report=report, expected_version=report.version
        )
    approved = services.report_approve(
        actor=Actor.for_user(network.second_analyst), report=report, expected_version=1
    )
    assert (
        approved.status == ReportStatus.APPROVED and approved.approved_by == network.second_analyst
    )


def test_only_an_analyst_prepares_and_not_for_a_period_still_running(world, network) -> None:
    with pytest.raises(PermissionDenied):
        services.report_prepare(actor=Actor.for_user(world.manager), period="2026-Q3")
    with pytest.raises(ValidationError):
        services.report_prepare(actor=Actor.for_user(network.analyst), period="2026-Q4")


def test_preparing_again_keeps_the_earlier_as_history(world, network) -> None:
    first = services.report_prepare(actor=Actor.for_user(network.analyst), period="2026-Q3")
    services.report_prepare(actor=Actor.for_user(network.analyst), period="2026-Q3")
    first.refresh_from_db()
    assert first.status == ReportStatus.SUPERSEDED
    assert Report.objects.filter(period="2026-Q3").count() == 2


def test_the_hub_stores_a_submission_once_and_a_change_as_a_new_revision(world, network) -> None:
    client = _client(network.member_token)
    first = client.post(URL, _payload(), format="json")
    assert first.status_code == 201, first.json()
    stored = Submission.objects.count()
    assert stored == len(_payload()["tables"])
    again = client.post(URL, _payload(), format="json")
    assert again.status_code == 200 and again.json()["created"] == 0
    assert Submission.objects.count() == stored
    for _n in range(6):
        survivor_with_incident(world, name="Late", on=datetime.date(2026, 9, 1))
    changed = client.post(URL, _payload(), format="json")
    assert changed.status_code == 201
    history = Submission.objects.filter(indicator__slug="incidents-gbvims").order_by("revision")
    assert [(s.revision, s.current) for s in history] == [(1, False), (2, True)]


def _refused(network, payload, needle: str) -> None:
    response = _client(network.member_token).post(URL, payload, format="json")
    assert response.status_code == 400
    assert any(needle in problem for problem in response.json()["problems"]), response.json()
    assert Submission.objects.count() == 0


def _gbvims(payload: dict) -> dict:
    return next(t for t in payload["tables"] if t["indicator"] == "incidents-gbvims")


def test_the_hub_refuses_an_unknown_indicator_version(network) -> None:
    payload = _payload()
    payload["tables"][0]["version"] = 99
    _refused(network, payload, "knows no indicator")


def test_the_hub_refuses_a_negative_count(network) -> None:
    payload = _payload()
    _gbvims(payload)["cells"][0]["value"] = -3
    _refused(network, payload, "not a count")


def test_the_hub_refuses_a_small_cell_shown(world, network) -> None:
    survivor_with_incident(world, name="Ana", incidents=2)
    payload = _payload()
    table = _gbvims(payload)
    cell = next(c for c in table["cells"] if c["key"] == ["physical_assault"])
    cell["value"], cell["flag"] = 2, ""
    _refused(network, payload, "below 5")


def test_the_hub_refuses_a_hidden_cell_the_totals_give_away(world, network) -> None:
    for name in "ABCDEF":
        survivor_with_incident(world, name=name)
    survivor_with_incident(world, name="G", forms=("sexual",), incidents=1)
    payload = copy.deepcopy(_payload())
    table = _gbvims(payload)
    # Undo the complementary suppression: only the small cell stays hidden.
    for cell in table["cells"]:
        if cell["flag"] == "D":
            cell["value"], cell["flag"] = 6 if cell["key"] == ["physical_assault"] else 0, ""
    total = next(c for c in table["cells"] if c["key"] == ["_T"])
    total["value"], total["flag"] = 7, ""
    _refused(network, payload, "can be worked out")


def test_the_hub_refuses_a_member_submitting_for_another(network) -> None:
    _refused(network, _payload(member="elsewhere"), "submits for riverton only")


def test_a_person_cannot_submit_and_an_anonymous_caller_is_refused(world, network) -> None:
    client = APIClient()
    assert client.post(URL, _payload(), format="json").status_code in (401, 403)
    assert Submission.objects.count() == 0


def test_a_member_lists_only_its_own_submissions(network) -> None:
    _client(network.member_token).post(URL, _payload(), format="json")
    mine = _client(network.member_token).get(URL).json()["results"]
    theirs = _client(network.other_token).get(URL).json()["results"]
    assert mine and {row["member"] for row in mine} == {"riverton"}
    assert theirs == []


def test_a_failed_send_is_recorded_and_retried(world, network, settings) -> None:
    settings.ACCORD_NETWORK_HUB_URL = "http://127.0.0.1:9"  # nothing listens there
    report = services.report_prepare(actor=Actor.for_user(network.analyst), period="2026-Q3")
    report = services.report_approve(
        actor=Actor.for_user(network.second_analyst), report=report, expected_version=1
    )
    sent = services.report_send(
        actor=Actor.for_user(network.analyst), report=report, sleep=lambda seconds: None
    )
    assert sent.status == ReportStatus.APPROVED
    assert sent.attempts == 3 and "could not be reached" in sent.last_error


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"member": "riverton"},
        {"member": "riverton", "tables": ["x"]},
        {"member": "riverton", "tables": [{"indicator": "incidents-gbvims", "version": 10**40}]},
        {"member": "riverton", "tables": [{"indicator": "x" * 500, "version": True}]},
        {"member": "riverton", "tables": [{"period": "2026-Q9", "version": 1}]},
    ],
)
def test_the_hub_answers_malformed_bodies_with_a_message(network, body) -> None:
    response = _client(network.member_token).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["problems"]
    assert Submission.objects.count() == 0
