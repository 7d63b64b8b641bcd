"""The conference API: allowed for who may, 404 for everyone else, bad input 400 with nothing
saved, a stale version 409."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.audit.context import Actor
from accord.conferences import services
from accord.conferences.models import Action, ConferenceReferral, Research
from accord.conferences.tests.helpers import (
    accept,
    consent_to_conference,
    meets_criteria,
    open_meeting,
    refer,
)
from accord.testing import SURVIVOR_ADDRESS, SURVIVOR_PHONE, client_for

pytestmark = pytest.mark.django_db


def _listed(cw):
    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    referral = refer(cw, case)
    meeting = open_meeting(cw)
    services.agenda_build(actor=Actor.for_user(cw.coordinator), meeting=meeting)
    referral.refresh_from_db()
    return referral, meeting


def test_it_lists_conferences_to_members_only(cw) -> None:
    url = reverse("api:conferences")
    assert client_for(cw.world.police_liaison).get(url).json()[0]["name"] == "Riverton MARAC"
    assert client_for(cw.world.outsider).get(url).json() == []


def test_it_refers_from_a_case_it_works(cw) -> None:
    case = cw.casework.her_case
    url = reverse("api:conference-referrals")
    data = {"case": case.reference, "conference": cw.conference.pk, "risk_summary": "Threats."}
    response = client_for(cw.world.caseworker).post(url, data, content_type="application/json")
    assert response.status_code == 400 and "judgement_reason" in response.json()
    meets_criteria(case, "high_risk")
    consent_to_conference(cw.world, case)
    assert (
        client_for(cw.world.outsider).post(url, data, content_type="application/json").status_code
        == 404
    )
    response = client_for(cw.world.caseworker).post(url, data, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["given_name"] == "Ana" and body["criteria"] == ["high_risk"]
    assert SURVIVOR_PHONE not in response.content.decode()
    assert SURVIVOR_ADDRESS not in response.content.decode()


def test_the_agenda_and_a_referral_for_members_who_accepted(cw) -> None:
    referral, meeting = _listed(cw)
    agenda = reverse("api:meeting-agenda", args=[meeting.pk])
    detail = reverse("api:conference-referral", args=[referral.reference])
    police = client_for(cw.world.police_liaison)
    assert police.get(agenda).status_code == 404
    assert police.get(detail).status_code == 404
    accept(cw.world.police_liaison, meeting)
    assert [row["reference"] for row in police.get(agenda).json()] == [referral.reference]
    assert police.get(detail).status_code == 200
    assert client_for(cw.world.outsider).get(agenda).status_code == 404
    assert client_for(cw.world.outsider).get(detail).status_code == 404


def test_research_read_and_written_by_members_with_conflicts(cw) -> None:
    referral, meeting = _listed(cw)
    url = reverse("api:meeting-case-research", args=[meeting.pk, referral.reference])
    police = client_for(cw.world.police_liaison)
    data = {"summary": "Two call-outs."}
    assert police.post(url, data, content_type="application/json").status_code == 404
    accept(cw.world.police_liaison, meeting)
    assert police.post(url, data, content_type="application/json").status_code == 200
    stale = {"summary": "Changed.", "version": 5}
    assert police.post(url, stale, content_type="application/json").status_code == 409
    assert Research.objects.get().summary == "Two call-outs."
    assert police.get(url).json()[0]["summary"] == "Two call-outs."
    assert client_for(cw.world.outsider).get(url).status_code == 404


def test_actions_agreed_by_the_coordinator_and_listed_to_the_agency(cw) -> None:
    referral, meeting = _listed(cw)
    url = reverse("api:meeting-case-actions", args=[meeting.pk, referral.reference])
    due = (timezone.localdate(meeting.starts_at) + datetime.timedelta(days=3)).isoformat()
    data = {"team": cw.housing_team.pk, "owner": "Officer", "what": "Lock", "due_on": due}
    accept(cw.world.police_liaison, meeting)
    police = client_for(cw.world.police_liaison)
    assert police.post(url, data, content_type="application/json").status_code == 404
    coordinator = client_for(cw.coordinator)
    response = coordinator.post(url, {**data, "team": None}, content_type="application/json")
    assert response.status_code == 400 and not Action.objects.exists()
    assert coordinator.post(url, data, content_type="application/json").status_code == 201
    services.meeting_close(
        actor=Actor.for_user(cw.coordinator), meeting=meeting, expected_version=1
    )
    listed = reverse("api:conference-actions")
    assert [a["what"] for a in client_for(cw.housing_officer).get(listed).json()] == ["Lock"]
    assert client_for(cw.world.police_liaison).get(listed).json() == []
    assert ConferenceReferral.objects.get().status == "heard"
