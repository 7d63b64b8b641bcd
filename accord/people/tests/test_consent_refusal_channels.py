"""Recording a refusal on the consent page and through the API: those who work her case
record it (nothing is shared on it, it has no withdraw form), everyone else gets 404 as for a
missing case (the DPO: 404 on the page, 403 in the API, as for any consent), and a refusal with
a last valid day or an unknown answer is refused with the rule and saves nothing."""

import datetime

import pytest

from accord.api.tests.casework import post
from accord.audit.models import AuditEvent
from accord.people.models import Consent, ConsentAnswer, ConsentGiver, ConsentMethod, ConsentScope
from accord.people.selectors import valid_consent
from accord.testing import Casework, World, client_for

from .consent_helpers import consent_url

ASKED = "2025-01-10"
REFUSAL = {
    "scope": ConsentScope.STATISTICS,
    "answer": ConsentAnswer.REFUSED,
    "given_by": ConsentGiver.PERSON,
    "method": ConsentMethod.WRITTEN,
    "given_on": ASKED,
}


def api_url(casework: Casework) -> str:
    return f"/api/v1/cases/{casework.her_case.reference}/consents/"


def test_her_caseworker_records_a_refusal_on_the_page(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    response = client.post(consent_url(casework.her_case, "record"), REFUSAL)
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.answer == ConsentAnswer.REFUSED and consent.recorded_by == world.caseworker
    assert (
        valid_consent(
            casework.survivor, scope=ConsentScope.STATISTICS, on=datetime.date(2025, 2, 1)
        )
        is None
    )
    page = client.get(response["Location"]).content.decode()
    assert "Refusal recorded. Nothing is shared on it." in page
    assert "State: Refused" in page
    assert "Withdraw this consent" not in page  # a refusal is not withdrawn
    assert AuditEvent.objects.filter(action="consent.recorded").count() == 1


def test_the_page_offers_the_answer(world: World, casework: Casework) -> None:
    page = client_for(world.caseworker).get(consent_url(casework.her_case)).content.decode()
    assert 'name="answer" value="refused"' in page
    assert 'name="answer" value="given"' in page


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin", "dpo"])
def test_no_one_off_her_case_records_a_refusal(
    world: World, casework: Casework, persona: str
) -> None:
    client = client_for(getattr(world, persona))
    assert client.post(consent_url(casework.her_case, "record"), REFUSAL).status_code == 404
    expected = 403 if persona == "dpo" else 404
    assert post(client, api_url(casework), REFUSAL).status_code == expected
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(action="consent.recorded").exists()


def test_a_refusal_with_an_end_or_an_unknown_answer_is_refused_on_the_page(
    world: World, casework: Casework
) -> None:
    client = client_for(world.caseworker)
    url = consent_url(casework.her_case, "record")
    with_end = client.post(url, {**REFUSAL, "expires_on": "2030-12-31"})
    assert with_end.status_code == 400
    assert "A refusal has no last valid day." in with_end.content.decode()
    unknown = client.post(url, {**REFUSAL, "answer": "maybe"})
    assert unknown.status_code == 400
    assert "maybe is not one of the available choices" in unknown.content.decode()
    assert not Consent.objects.exists()


def test_her_caseworker_records_a_refusal_through_the_api(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    created = post(client, api_url(casework), REFUSAL)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["answer"] == "refused" and data["consent_state"] == "refused"
    withdraw = post(client, f"{api_url(casework)}{data['uid']}/withdraw/", {})
    assert withdraw.status_code == 400
    assert "A refusal is not withdrawn" in withdraw.content.decode()
    listed = client.get(api_url(casework)).json()["results"]
    assert [line["answer"] for line in listed] == ["refused"]
    # Without an answer, a consent given, as before.
    given = post(
        client, api_url(casework), {key: v for key, v in REFUSAL.items() if key != "answer"}
    )
    assert given.status_code == 201 and given.json()["answer"] == "given"


def test_bad_refusals_through_the_api_get_400_and_save_nothing(
    world: World, casework: Casework
) -> None:
    client = client_for(world.caseworker)
    with_end = post(client, api_url(casework), {**REFUSAL, "expires_on": "2030-12-31"})
    assert with_end.status_code == 400
    assert "A refusal has no last valid day." in with_end.content.decode()
    unknown = post(client, api_url(casework), {**REFUSAL, "answer": "maybe"})
    assert unknown.status_code == 400 and "answer" in unknown.json()
    assert not Consent.objects.exists()
