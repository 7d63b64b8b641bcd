"""The conference API: allowed for who may, 404 for everyone else, bad input 400 with nothing
saved, a stale version 409."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.audit.context import Actor
from accord.conferences import services
from accord.conferences.models import Action, Attendance, ConferenceReferral, Minute, Research
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


def _post(user, url: str, data: dict):
    return client_for(user).post(url, data, content_type="application/json")


def _other_conference(cw):
    return services.conference_create(
        actor=Actor.system(),
        name="Millbrook MARAC",
        area="Millbrook",
        team=cw.conference.team,
        schedule="FREQ=MONTHLY;BYDAY=+1WE",
        first_meeting_at=timezone.now(),
    )


def test_the_referring_side_withdraws_a_referral_members_cannot(cw) -> None:
    referral, meeting = _listed(cw)
    url = reverse("api:conference-referral-withdraw", args=[referral.reference])
    accept(cw.world.police_liaison, meeting)
    for user in (cw.world.police_liaison, cw.world.outsider):
        assert _post(user, url, {"version": referral.version, "reason": "x"}).status_code == 404
    caseworker = cw.world.caseworker
    assert _post(caseworker, url, {"version": referral.version}).status_code == 400
    assert _post(caseworker, url, {"version": 99, "reason": "Sent in error."}).status_code == 409
    assert ConferenceReferral.objects.get().status == "listed"
    response = _post(caseworker, url, {"version": referral.version, "reason": "Sent in error."})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    again = _post(caseworker, url, {"version": referral.version + 1, "reason": "Again."})
    assert again.status_code == 400 and "withdrawn" in again.content.decode()


def test_the_coordinator_transfers_a_referral_nobody_else(cw) -> None:
    referral, _meeting = _listed(cw)
    other = _other_conference(cw)
    url = reverse("api:conference-referral-transfer", args=[referral.reference])
    data = {"version": referral.version, "reason": "She moved.", "to_conference": other.pk}
    for user in (cw.world.caseworker, cw.world.outsider, cw.world.police_liaison):
        assert _post(user, url, data).status_code == 404
    coordinator = cw.coordinator
    same = _post(coordinator, url, {**data, "to_conference": cw.conference.pk})
    assert same.status_code == 400 and "to_conference" in same.json()
    for missing in (999_999, 2**70):
        refused = _post(coordinator, url, {**data, "to_conference": missing})
        assert refused.status_code == 400 and "to_conference" in refused.json()
    assert _post(coordinator, url, {**data, "version": 9}).status_code == 409
    assert ConferenceReferral.objects.count() == 1
    response = _post(coordinator, url, data)
    assert response.status_code == 201
    body = response.json()
    assert body["conference"] == other.pk and body["status"] == "received"
    assert ConferenceReferral.objects.get(reference=referral.reference).status == "transferred"


def test_the_meeting_reads_to_whoever_reaches_the_conference(cw) -> None:
    meeting = open_meeting(cw)
    url = reverse("api:conference-meeting", args=[meeting.pk])
    body = client_for(cw.world.police_liaison).get(url).json()
    assert body["status"] == "open" and body["version"] == 1
    assert client_for(cw.world.outsider).get(url).status_code == 404


def test_attendance_is_recorded_by_the_coordinator_and_read_by_the_meeting(cw) -> None:
    _referral, meeting = _listed(cw)
    url = reverse("api:meeting-attendance", args=[meeting.pk])
    data = {"team": cw.police_team.pk, "attendance": "present"}
    accept(cw.world.police_liaison, meeting)
    assert _post(cw.world.police_liaison, url, data).status_code == 404
    assert _post(cw.world.outsider, url, data).status_code == 404
    not_member = _post(cw.coordinator, url, {**data, "team": cw.world.group_work.pk})
    assert not_member.status_code == 400 and "team" in not_member.json()
    assert not Attendance.objects.exists()
    assert _post(cw.coordinator, url, data).json()["attendance"] == "present"
    rows = client_for(cw.world.police_liaison).get(url).json()
    assert rows == [
        {"team": cw.police_team.pk, "agency": "Police service", "attendance": "present"}
    ]
    assert client_for(cw.world.outsider).get(url).status_code == 404
    assert client_for(cw.housing_officer).get(url).status_code == 404  # not accepted


def test_the_minute_goes_to_its_distribution_only_and_stands_after_closing(cw) -> None:
    referral, meeting = _listed(cw)
    url = reverse("api:meeting-case-minute", args=[meeting.pk, referral.reference])
    for user in (cw.world.police_liaison, cw.housing_officer):
        accept(user, meeting)
    data = {"text": "Agreed: a sanctuary lock.", "distribution": [cw.police_team.pk]}
    assert _post(cw.world.police_liaison, url, data).status_code == 404
    outside = _post(cw.coordinator, url, {**data, "distribution": [cw.world.group_work.pk]})
    assert outside.status_code == 400 and not Minute.objects.exists()
    assert client_for(cw.coordinator).get(url).status_code == 404  # none yet
    assert _post(cw.coordinator, url, data).json()["version"] == 1
    assert client_for(cw.world.police_liaison).get(url).json()["text"] == data["text"]
    assert client_for(cw.housing_officer).get(url).status_code == 404
    assert client_for(cw.world.outsider).get(url).status_code == 404
    stale = _post(cw.coordinator, url, {**data, "text": "Changed.", "version": 5})
    assert stale.status_code == 409 and stale.json()["version"] == 1
    close = reverse("api:meeting-close", args=[meeting.pk])
    assert _post(cw.world.police_liaison, close, {"version": 1}).status_code == 404
    assert _post(cw.coordinator, close, {"version": 7}).status_code == 409
    assert _post(cw.coordinator, close, {"version": 1}).json()["status"] == "closed"
    after = _post(cw.coordinator, url, {**data, "text": "Changed.", "version": 1})
    assert after.status_code == 400 and "closed" in after.content.decode()
    assert Minute.objects.get().text == data["text"]
    assert _post(cw.coordinator, close, {"version": 2}).status_code == 400


def test_the_next_meeting_closes_the_open_actions_through_the_api(cw) -> None:
    referral, meeting = _listed(cw)
    coordinator = Actor.for_user(cw.coordinator)
    action = services.action_add(
        actor=coordinator,
        referral=referral,
        team=cw.housing_team,
        owner="Housing officer",
        what="Lock",
        due_on=timezone.localdate(meeting.starts_at) + datetime.timedelta(days=3),
    )
    services.meeting_close(actor=coordinator, meeting=meeting, expected_version=1)
    following = open_meeting(cw)
    url = reverse("api:meeting-action-close", args=[following.pk, action.pk])
    data = {"version": 1, "status": "done"}
    accept(cw.housing_officer, following)
    assert _post(cw.housing_officer, url, data).status_code == 404
    assert _post(cw.world.outsider, url, data).status_code == 404
    assert _post(cw.coordinator, url, {**data, "status": "open"}).status_code == 400
    assert _post(cw.coordinator, url, {**data, "version": 4}).status_code == 409
    assert _post(cw.coordinator, url, data).json()["status"] == "done"
    assert Action.objects.get().closed_at_meeting == following
