"""The API's writes on his enrolment, a session and her partner link, as the pages make them:
enrol, assess, his statement of understanding, his group, cancelling a session, answering
safety information, her safe channels. Allowed for those who work the record; 404 for everyone
else (403 for a reader who may not work it); bad input a 400 and a stale version a 409, with
nothing saved."""

import datetime

from django.utils import timezone

from accord.accounts.models import Role
from accord.people.models import Consent, ConsentScope
from accord.programmes.models import (
    ContactChannel,
    Enrolment,
    EnrolmentStatus,
    PartnerLink,
    Session,
    Suitability,
)
from accord.programmes.tests.helpers import ProgrammeWorld, another_man, make_group
from accord.programmes.tests.test_pages import _released_item
from accord.testing import Casework, World, client_for, make_user

API = "/api/v1"
JSON = "application/json"


def test_enrolling_through_the_api(world: World, pw: ProgrammeWorld) -> None:
    case = another_man(world, "Marco", household_partner="Lucia")
    url = f"{API}/cases/{case.reference}/enrolments/"
    body = {
        "programme": pw.programme.pk,
        "route": "court_order",
        "mandated": True,
        "mandating_team": pw.probation_team.pk,
    }
    for user in (world.outsider, world.caseworker, pw.partner_worker):
        assert client_for(user).post(url, body, JSON).status_code == 404
    assert not Enrolment.objects.filter(case=case).exists()

    made = client_for(world.facilitator).post(url, body, JSON)

    assert made.status_code == 201
    assert made.json()["status"] == EnrolmentStatus.REFERRED
    assert made.json()["mandated"] is True
    enrolment = Enrolment.objects.get(case=case)
    # Her offer of partner support, in the same request.
    assert PartnerLink.objects.filter(enrolment=enrolment).exists()
    again = client_for(world.facilitator).post(url, body, JSON)
    assert again.status_code == 400
    assert Enrolment.objects.filter(case=case).count() == 1


def test_enrolling_refuses_what_the_page_refuses(
    world: World, casework: Casework, pw: ProgrammeWorld
) -> None:
    case = another_man(world, "Piero")
    client = client_for(world.facilitator)
    url = f"{API}/cases/{case.reference}/enrolments/"
    mandated_by_nobody = {"programme": pw.programme.pk, "route": "court_order", "mandated": True}
    assert client.post(url, mandated_by_nobody, JSON).status_code == 400
    not_a_mandating_team = {**mandated_by_nobody, "mandating_team": world.group_work.pk}
    assert "mandating_team" in client.post(url, not_a_mandating_team, JSON).json()
    unknown_programme = {"programme": 999999, "route": "voluntary"}
    assert "programme" in client.post(url, unknown_programme, JSON).json()
    # Her survivor-support case is not a programme case: its service offers no programme.
    her_case = f"{API}/cases/{casework.her_case.reference}/enrolments/"
    refused = client_for(world.caseworker).post(
        her_case, {"programme": pw.programme.pk, "route": "voluntary"}, JSON
    )
    assert refused.status_code == 400
    assert not Enrolment.objects.exclude(pk=pw.enrolment.pk).exists()


def test_assessing_and_his_statement_through_the_api(world: World, pw: ProgrammeWorld) -> None:
    enrolment = pw.enrolment
    assess = f"{API}/enrolments/{enrolment.uid}/assessment/"
    body = {"version": enrolment.version, "suitability": Suitability.SUITABLE, "notes": "Ready."}
    for user in (world.outsider, pw.partner_worker, world.caseworker):
        assert client_for(user).post(assess, body, JSON).status_code == 404
    programme_dpo = make_user("programme_dpo", world.group_work, Role.DPO)
    assert client_for(programme_dpo).post(assess, body, JSON).status_code == 403
    client = client_for(world.facilitator)
    assert client.post(assess, {**body, "suitability": "not_assessed"}, JSON).status_code == 400

    assessed = client.post(assess, body, JSON)

    assert assessed.status_code == 200
    assert assessed.json()["suitability"] == Suitability.SUITABLE
    assert client.post(assess, body, JSON).status_code == 409

    understanding = f"{API}/enrolments/{enrolment.uid}/understanding/"
    signed = {"version": assessed.json()["version"], "given_on": timezone.localdate().isoformat()}
    assert client_for(pw.partner_worker).post(understanding, signed, JSON).status_code == 404
    answer = client.post(understanding, signed, JSON)
    assert answer.status_code == 200
    assert answer.json()["statement_of_understanding_signed"] is True
    assert Consent.objects.filter(
        person=enrolment.case.person, scope=ConsentScope.PARTNER_CONTACT
    ).exists()
    future = {
        "version": answer.json()["version"],
        "given_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
    }
    assert client.post(understanding, future, JSON).status_code == 400


def test_setting_his_group_through_the_api(world: World, pw: ProgrammeWorld) -> None:
    other = make_group(pw.programme, world.facilitator, pw.co_facilitator, held=0)
    url = f"{API}/enrolments/{pw.enrolment.uid}/group/"
    body = {"version": pw.enrolment.version, "group": other.pk}
    for user in (world.outsider, pw.partner_worker):
        assert client_for(user).post(url, body, JSON).status_code == 404
    client = client_for(world.facilitator)
    assert "group" in client.post(url, {**body, "group": 999999}, JSON).json()

    placed = client.post(url, body, JSON)

    assert placed.status_code == 200
    assert placed.json()["group"] == other.pk
    assert client.post(url, body, JSON).status_code == 409


def test_cancelling_a_session_through_the_api(world: World, pw: ProgrammeWorld) -> None:
    session = pw.group.sessions.filter(starts_at__gt=timezone.now()).order_by("number").first()
    url = f"{API}/programme-sessions/{session.pk}/cancel/"
    body = {"reason": "holiday"}
    for user in (world.outsider, pw.partner_worker, world.caseworker):
        assert client_for(user).post(url, body, JSON).status_code == 404
    client = client_for(world.facilitator)

    cancelled = client.post(url, body, JSON)

    assert cancelled.status_code == 200
    assert cancelled.json()["cancelled"] is True
    assert client.post(url, body, JSON).status_code == 400
    assert Session.objects.filter(cancelled_at__isnull=False).count() == 1


def test_answering_safety_information_through_the_api(world: World, pw: ProgrammeWorld) -> None:
    item = _released_item(pw)
    url = f"{API}/safety-information/{item.uid}/response/"
    body = {"version": item.version, "response": "Raised in the group; risk reviewed."}
    for user in (world.outsider, pw.partner_worker, world.caseworker):
        assert client_for(user).post(url, body, JSON).status_code == 404
    client = client_for(world.facilitator)
    assert client.post(url, {**body, "response": " "}, JSON).status_code == 400

    answered = client.post(url, body, JSON)

    assert answered.status_code == 200
    assert answered.json()["response"] == body["response"]
    assert client.post(url, body, JSON).status_code == 409


def test_her_safe_channels_through_the_api(world: World, pw: ProgrammeWorld) -> None:
    url = f"{API}/partner-links/{pw.link.pk}/channels/"
    body = {"channels": [ContactChannel.PHONE, ContactChannel.TEXT]}
    for user in (world.facilitator, world.outsider, world.caseworker):
        assert client_for(user).put(url, body, JSON).status_code == 404
    assert client_for(pw.partner_worker).put(url, {"channels": ["pigeon"]}, JSON).status_code == 400

    saved = client_for(pw.partner_worker).put(url, body, JSON)

    assert saved.status_code == 200
    assert saved.json()["channels"] == ["phone", "text"]
    pw.link.refresh_from_db()
    assert pw.link.safe_channels == ["phone", "text"]
