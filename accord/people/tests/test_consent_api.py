"""Consents through the API: the same readers and writers as the page, 404 for anyone else,
403 for a reader who may not record (the DPO), 400 with the rule for bad input."""

import pytest

from accord.api.tests.casework import post
from accord.audit.models import AuditEvent
from accord.people.models import Consent, ConsentMethod
from accord.testing import Casework, World, client_for

from .consent_helpers import WITNESS, record

BODY = {
    "scope": "referral_to_organisation",
    "given_by": "person",
    "method": "verbal_witnessed",
    "witness_name": WITNESS,
    "given_on": "2025-01-10",
    "expires_on": "2030-12-31",
}


def url(casework: Casework, rest: str = "") -> str:
    return f"/api/v1/cases/{casework.her_case.reference}/consents/{rest}"


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin"])
def test_everyone_off_her_side_gets_404(world: World, casework: Casework, persona: str) -> None:
    consent = record(world, casework.survivor, case=casework.her_case)
    client = client_for(getattr(world, persona))
    events = AuditEvent.objects.count()
    assert client.get(url(casework)).status_code == 404
    body = {**BODY, "organisation": world.police.pk}
    assert post(client, url(casework), body).status_code == 404
    assert post(client, url(casework, f"{consent.uid}/withdraw/"), {}).status_code == 404
    assert Consent.objects.count() == 1 and Consent.objects.get().withdrawn_at is None
    assert AuditEvent.objects.count() == events


def test_anonymous_callers_are_refused(world: World, casework: Casework) -> None:
    from django.test import Client

    assert Client().get(url(casework)).status_code in {401, 403}


@pytest.mark.parametrize("persona", ["caseworker", "manager", "dpo"])
def test_her_side_and_the_dpo_read_them(world: World, casework: Casework, persona: str) -> None:
    record(
        world,
        casework.survivor,
        case=casework.her_case,
        method=ConsentMethod.VERBAL_WITNESSED,
        witness_name=WITNESS,
    )
    response = client_for(getattr(world, persona)).get(url(casework))
    assert response.status_code == 200
    [consent] = response.json()["results"]
    assert consent["witness_name"] == WITNESS
    assert consent["consent_state"] == "valid"
    assert consent["recorded_on_case"] == casework.her_case.reference
    assert AuditEvent.objects.filter(action="consent.listed").exists()


def test_the_dpo_records_nothing(world: World, casework: Casework) -> None:
    consent = record(world, casework.survivor, case=casework.her_case)
    client = client_for(world.dpo)
    assert post(client, url(casework), {**BODY, "organisation": world.police.pk}).status_code == 403
    assert post(client, url(casework, f"{consent.uid}/withdraw/"), {}).status_code == 403
    assert Consent.objects.count() == 1 and Consent.objects.get().withdrawn_at is None


def test_her_caseworker_records_and_withdraws(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    created = post(client, url(casework), {**BODY, "organisation": world.police.pk})
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["organisation"] == world.police.pk and data["consent_state"] == "valid"
    withdrawn = post(client, url(casework, f"{data['uid']}/withdraw/"), {"note": "She phoned."})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["consent_state"] == "withdrawn"
    assert withdrawn.json()["withdrawn_by"] == "caseworker_a"
    again = post(client, url(casework, f"{data['uid']}/withdraw/"), {})
    assert again.status_code == 400
    assert "already withdrawn" in again.content.decode()


def test_bad_input_gets_the_rule_and_changes_nothing(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    no_target = post(client, url(casework), BODY)
    assert no_target.status_code == 400
    assert "organisation" in no_target.json()
    no_witness = post(
        client, url(casework), {**BODY, "organisation": world.police.pk, "witness_name": ""}
    )
    assert no_witness.status_code == 400
    assert "Verbal consent needs a witness" in no_witness.content.decode()
    future = post(
        client, url(casework), {**BODY, "organisation": world.police.pk, "given_on": "2999-01-01"}
    )
    assert future.status_code == 400
    assert not Consent.objects.exists()


def test_an_unknown_or_malformed_uid_is_404(world: World, casework: Casework) -> None:
    his = record(world, casework.man, case=casework.his_case)
    client = client_for(world.caseworker)
    assert post(client, url(casework, f"{his.uid}/withdraw/"), {}).status_code == 404
    assert post(client, url(casework, "nonsense/withdraw/"), {}).status_code == 404
