"""CSV exports of the DPO's searches: re-authentication first, and every export audited."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from accord.audit.exports import HEADER
from accord.audit.models import AuditEvent
from accord.audit.tests.helpers import record
from accord.testing import PASSWORD, World, client_for

DENIED = ["caseworker", "manager", "admin", "facilitator", "police_liaison", "outsider"]


def record_export_url(world: World) -> str:
    return f"/audit/record/export/?object_type=accounts.team&object_id={world.outreach.pk}"


def person_export_url(world: World) -> str:
    today = timezone.localdate()
    return f"/audit/person/export/?user={world.caseworker.pk}&start={today}&end={today}"


def reauthenticated_client(world: World) -> Client:
    """The DPO's client after re-entering her password, as allauth asks her to."""
    client = client_for(world.dpo)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def rows_of(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="audit.exported"))


def test_it_asks_the_dpo_to_reauthenticate_first(world: World) -> None:
    url = record_export_url(world)

    response = client_for(world.dpo).get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/reauthenticate/?{urlencode({'next': url})}"
    assert exports() == []


def test_it_resumes_the_export_after_reauthentication(world: World) -> None:
    client = client_for(world.dpo)
    url = record_export_url(world)
    client.get(url)

    response = client.post(
        f"/accounts/reauthenticate/?{urlencode({'next': url})}", {"password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == url
    assert client.get(url)["Content-Type"] == "text/csv; charset=utf-8"


def test_it_exports_the_events_about_a_record(world: World) -> None:
    record(
        world.caseworker,
        count=2,
        object_type="accounts.team",
        object_id=str(world.outreach.pk),
        subject_organisation_id=world.womens_aid.pk,
        reason='=HYPERLINK("http://example.org")',
    )

    response = reauthenticated_client(world).get(record_export_url(world))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    header, *rows = rows_of(response)
    assert header == HEADER
    assert [row[5] for row in rows] == ["case.viewed", "case.viewed", "team.created"]
    first = rows[0]
    assert first[2] == "caseworker_a"
    assert first[3] == str(world.womens_aid.pk)
    assert first[6:9] == ["accounts.team", str(world.outreach.pk), "192.0.2.7"]
    # A spreadsheet must not run what someone typed as a formula.
    assert first[9] == '\'=HYPERLINK("http://example.org")'


def test_it_records_the_export_and_what_it_held(world: World) -> None:
    response = reauthenticated_client(world).get(record_export_url(world))
    b"".join(response.streaming_content)

    [event] = exports()
    assert event.actor_id == world.dpo.pk
    assert event.acting_organisation_id == world.womens_aid.pk
    assert event.reason == f"record object_type=accounts.team object_id={world.outreach.pk}"


def test_it_exports_what_a_person_did(world: World) -> None:
    record(world.caseworker, count=3)
    record(world.manager)

    response = reauthenticated_client(world).get(person_export_url(world))

    _, *rows = rows_of(response)
    assert [row[2] for row in rows] == ["caseworker_a"] * 3
    [event] = exports()
    today = timezone.localdate()
    assert event.reason == f"user actor_id={world.caseworker.pk} from={today} to={today}"


def test_it_exports_nothing_for_bad_input(world: World) -> None:
    client = reauthenticated_client(world)

    record_response = client.get("/audit/record/export/?object_type=accounts.team&object_id=")
    person_response = client.get(f"/audit/person/export/?user={world.outsider.pk}&start=x")

    assert record_response.status_code == 400
    assert "Enter the id of the record." in record_response.content.decode()
    assert person_response.status_code == 400
    assert "Choose a person from the list." in person_response.content.decode()
    assert exports() == []


@pytest.mark.parametrize("persona", DENIED)
def test_it_is_missing_for_anyone_else(world: World, persona: str) -> None:
    # 404 before any re-authentication prompt: the prompt would reveal that the page exists.
    client = client_for(getattr(world, persona))

    assert client.get(record_export_url(world)).status_code == 404
    assert client.get(person_export_url(world)).status_code == 404
    assert exports() == []


def test_it_sends_an_anonymous_visitor_to_sign_in(world: World) -> None:
    response = Client().get(record_export_url(world))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
