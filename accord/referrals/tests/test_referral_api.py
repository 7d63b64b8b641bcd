"""Referrals in the API: the same rules as the pages (sender and receiver sides, 404 for anyone
else, the payload only to a side that may read it), transitions as POST actions with 409 on a
stale version, and inbound referrals from a police system's token."""

import datetime
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from accord.accounts import services as accounts
from accord.accounts.models import Role, Service, Team
from accord.api.tests.casework import send
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.directory import services
from accord.directory.tests.helpers import complete, draft
from accord.referrals.models import Notification, Referral, ReferralStatus
from accord.referrals.tests.referral_helpers import fresh, her_draft, route, sent
from accord.testing import SURVIVOR_ADDRESS, SURVIVOR_PHONE, Casework, World, client_for

API = "/api/v1/referrals/"


def test_her_caseworker_drafts_and_sends_through_the_api(world: World, casework: Casework) -> None:
    r = route(world, casework)
    client = client_for(world.caseworker)

    drafted = send(
        client, "post", API, {"case": casework.her_case.reference, "to_service": r.to_service.pk}
    )
    assert drafted.status_code == 201, drafted.json()
    reference = drafted.json()["reference"]
    assert drafted.json()["payload"] is None  # a draft has sent nothing

    response = send(client, "post", f"{API}{reference}/send/", {"version": 1})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "sent"
    assert body["payload"]["identity"]["given_name"] == "Ana"
    assert set(body["payload"]) <= {"identity", "contact", "risk"}


def test_the_receiver_reads_only_the_allowed_categories(world: World, casework: Casework) -> None:
    r = route(world, casework, flow=["identity"])
    referral = sent(world, casework, r)
    client = client_for(world.outsider)

    listed = client.get(API).json()
    detail = client.get(f"{API}{referral.reference}/")

    assert [row["reference"] for row in listed["results"]] == [referral.reference]
    assert listed["results"][0]["payload"] is None  # lists never carry it
    text = detail.content.decode()
    assert list(detail.json()["payload"]) == ["identity"]
    assert SURVIVOR_PHONE not in text and SURVIVOR_ADDRESS not in text
    assert casework.her_case.reference not in text
    assert AuditEvent.objects.filter(action="referral.viewed", actor_id=world.outsider.pk).exists()


def test_refusals_say_why_and_send_nothing(world: World, casework: Casework) -> None:
    r = route(world, casework, consent=False)
    referral = her_draft(world, casework.her_case, r.to_service)

    response = send(
        client_for(world.caseworker), "post", f"{API}{referral.reference}/send/", {"version": 1}
    )

    assert response.status_code == 400
    assert "No consent to a referral to Elsewhere Aid is recorded." in str(response.json())
    assert fresh(referral).status == ReferralStatus.DRAFT


def test_a_duplicate_draft_is_refused(world: World, casework: Casework) -> None:
    r = route(world, casework)
    sent(world, casework, r)

    response = send(
        client_for(world.caseworker),
        "post",
        API,
        {"case": casework.her_case.reference, "to_service": r.to_service.pk},
    )

    assert response.status_code == 400
    assert "already has an open referral" in str(response.json())


def test_accept_decline_and_a_stale_version(world: World, casework: Casework) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    client = client_for(world.outsider)

    stale = send(
        client,
        "post",
        f"{API}{referral.reference}/decline/",
        {"version": 1, "reason": "no_capacity"},
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2

    accepted = send(
        client, "post", f"{API}{referral.reference}/accept/", {"version": 2, "team": r.to_team.pk}
    )
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["receiver_case"] == fresh(referral).receiver_case.reference

    closed = send(client, "post", f"{API}{referral.reference}/close/", {"version": 3})
    assert closed.json()["status"] == "closed" and closed.json()["payload"] is None
    # The sender never learns the receiver's own case reference.
    assert (
        client_for(world.caseworker).get(f"{API}{referral.reference}/").json()["receiver_case"]
        is None
    )


@pytest.mark.parametrize("who", ["facilitator", "police_liaison", "dpo", "admin"])
def test_anyone_else_gets_404(world: World, casework: Casework, who: str) -> None:
    r = route(world, casework)
    referral = sent(world, casework, r)
    client = client_for(getattr(world, who))

    assert client.get(API).json()["results"] == []
    assert client.get(f"{API}{referral.reference}/").status_code == 404
    for action in ("send", "accept", "decline", "withdraw", "close"):
        response = send(client, "post", f"{API}{referral.reference}/{action}/", {"version": 2})
        assert response.status_code == 404, action
    drafted = send(
        client, "post", API, {"case": casework.her_case.reference, "to_service": r.to_service.pk}
    )
    assert drafted.status_code == 404


def _police_system(world: World) -> Client:
    robot = accounts.user_create(
        actor=Actor.system(),
        username="police-system",
        email="it@police.example",
        password=None,
        is_service_account=True,
    )
    team = Team.objects.get(service__organisation=world.police)
    accounts.membership_create(actor=Actor.system(), user=robot, team=team, role=Role.CASEWORKER)
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=robot).key}")


def _police_route(world: World, casework: Casework, flow: list[str]) -> Service:
    r = route(world, casework, consent=False)
    complete(
        draft(world, world.police, title="Police and Women's Aid"),
        {(world.police, world.womens_aid): flow},
    )
    services.directory_entry_update(
        actor=Actor.system(),
        service=world.support_service,
        offers=[],
        languages=[],
        accepted_case_kinds=["survivor_support"],
    )
    return r.to_service


INBOUND: dict[str, Any] = {
    "case_kind": "survivor_support",
    "person": {"given_name": "Marta", "family_name": "Ruiz", "phone": "+34 600 999 000"},
    "risk_level": "high",
    "consent_given_on": "2025-02-01",
}


def test_a_police_system_sends_a_referral_in(world: World, casework: Casework) -> None:
    _police_route(world, casework, ["identity", "contact", "risk"])
    police = _police_system(world)

    response = send(
        police, "post", f"{API}inbound/", {**INBOUND, "to_service": world.support_service.pk}
    )

    assert response.status_code == 201, response.json()
    referral = Referral.objects.get(reference=response.json()["reference"])
    assert referral.status == ReferralStatus.SENT and referral.from_case is None
    assert referral.consent_stated_on == datetime.date(2025, 2, 1) and not referral.override
    assert Notification.objects.filter(team=world.outreach, kind="new_referral").exists()
    # Her caseworker reads and accepts it; the system reads back only its own referrals.
    page = client_for(world.caseworker).get(f"/referrals/{referral.reference}/")
    assert "Marta" in page.content.decode()
    assert police.get(API).json()["results"][0]["reference"] == referral.reference
    assert police.get(f"{API}{referral.reference}/").status_code == 200


def test_an_inbound_field_the_flow_does_not_allow_is_refused(
    world: World, casework: Casework
) -> None:
    _police_route(world, casework, ["identity"])

    response = send(
        _police_system(world),
        "post",
        f"{API}inbound/",
        {**INBOUND, "to_service": world.support_service.pk},
    )

    assert response.status_code == 400
    assert "does not let these flow to Women's Aid A: phone, risk_level" in str(response.json())
    assert not Referral.objects.exists()


def test_inbound_needs_consent_or_a_reason(world: World, casework: Casework) -> None:
    _police_route(world, casework, ["identity", "contact", "risk"])
    police = _police_system(world)
    body = {**INBOUND, "to_service": world.support_service.pk}
    del body["consent_given_on"]

    refused = send(police, "post", f"{API}inbound/", body)
    assert refused.status_code == 400 and not Referral.objects.exists()

    overridden = send(police, "post", f"{API}inbound/", {**body, "override_reason": "Threats."})
    assert overridden.status_code == 201
    assert Referral.objects.get().override
    assert AuditEvent.objects.filter(action="referral.sent_without_consent").exists()


def test_inbound_is_for_service_accounts_only(world: World, casework: Casework) -> None:
    _police_route(world, casework, ["identity"])
    response = send(
        client_for(world.police_liaison),
        "post",
        f"{API}inbound/",
        {**INBOUND, "to_service": world.support_service.pk},
    )
    assert response.status_code == 404
