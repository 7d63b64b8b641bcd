"""Every page and form: allowed for who may, 404 for everyone else (exactly as for a missing
record), bad input a clear message with nothing saved, and query counts that do not grow with
the number of cases."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Role
from accord.audit.context import Actor
from accord.conferences import services
from accord.conferences.models import (
    Action,
    ConferenceReferral,
    ConferenceReferralStatus,
    Meeting,
    Minute,
    Research,
)
from accord.conferences.tests.helpers import (
    accept,
    consent_to_conference,
    meets_criteria,
    open_meeting,
    refer,
    survivor_case,
)
from accord.testing import (
    SURVIVOR_ADDRESS,
    SURVIVOR_PHONE,
    client_for,
    make_user,
    reauthenticate,
)

pytestmark = pytest.mark.django_db


def _listed(cw):
    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    referral = refer(cw, case)
    meeting = open_meeting(cw)
    services.agenda_build(actor=Actor.for_user(cw.coordinator), meeting=meeting)
    referral.refresh_from_db()
    return referral, meeting


def _case_url(meeting: Meeting, referral: ConferenceReferral, suffix: str = "") -> str:
    url = reverse("conferences:meeting_case", args=[meeting.pk, referral.reference])
    return url + suffix


def test_it_lists_and_shows_the_conference_to_members_only(cw) -> None:
    url = reverse("conferences:conference", args=[cw.conference.pk])
    for user in (cw.coordinator, cw.world.police_liaison):
        assert client_for(user).get(url).status_code == 200
        page = client_for(user).get(reverse("conferences:list")).content.decode()
        assert "Riverton MARAC" in page
    assert client_for(cw.world.outsider).get(url).status_code == 404
    page = client_for(cw.world.outsider).get(reverse("conferences:list")).content.decode()
    assert "Riverton MARAC" not in page


def test_the_coordinator_schedules_and_calls_meetings_nobody_else(cw) -> None:
    url = reverse("conferences:meeting_schedule", args=[cw.conference.pk])
    assert client_for(cw.world.police_liaison).post(url).status_code == 404
    assert client_for(cw.coordinator).post(url).status_code == 302
    emergency = reverse("conferences:meeting_emergency", args=[cw.conference.pk])
    data = {"starts_at": "2026-12-20T10:00"}
    assert client_for(cw.world.police_liaison).post(emergency, data).status_code == 404
    assert client_for(cw.coordinator).post(emergency, data).status_code == 302
    assert Meeting.objects.filter(kind="emergency").count() == 1


def test_the_case_list_opens_only_after_the_confidentiality_statement(cw) -> None:
    referral, meeting = _listed(cw)
    police = client_for(cw.world.police_liaison)
    url = reverse("conferences:meeting", args=[meeting.pk])
    page = police.get(url).content.decode()
    assert "Confidentiality statement" in page and referral.reference not in page
    assert police.get(_case_url(meeting, referral)).status_code == 404
    assert police.post(reverse("conferences:confidentiality", args=[meeting.pk])).status_code == 302
    page = police.get(url).content.decode()
    assert referral.reference in page and "Visible high risk" in page
    case_page = police.get(_case_url(meeting, referral)).content.decode()
    assert "Ana" in case_page
    assert SURVIVOR_PHONE not in case_page and SURVIVOR_ADDRESS not in case_page
    outsider = client_for(cw.world.outsider)
    assert outsider.get(url).status_code == 404
    assert (
        outsider.post(reverse("conferences:confidentiality", args=[meeting.pk])).status_code == 404
    )


def test_a_member_gets_404_for_a_case_not_on_its_meetings_agenda(cw) -> None:
    referral, meeting = _listed(cw)
    accept(cw.world.police_liaison, meeting)
    other = survivor_case(cw.world, "Eve", datetime.date(1985, 5, 5))
    meets_criteria(other, "high_risk")
    waiting = refer(cw, other)
    police = client_for(cw.world.police_liaison)
    assert police.get(_case_url(meeting, waiting)).status_code == 404
    emergency = services.meeting_emergency(
        actor=Actor.for_user(cw.coordinator), conference=cw.conference, starts_at=timezone.now()
    )
    # On the agenda of one meeting, not of another.
    assert police.get(_case_url(emergency, referral)).status_code == 404
    assert police.get(reverse("conferences:referral", args=[waiting.reference])).status_code == 404


def test_members_add_research_for_their_own_agency(cw) -> None:
    referral, meeting = _listed(cw)
    accept(cw.world.police_liaison, meeting)
    url = _case_url(meeting, referral, "research/")
    data = {"summary": "Three call-outs since June.", "risks_known": "Firearm."}
    assert client_for(cw.world.police_liaison).post(url, data).status_code == 302
    row = Research.objects.get()
    assert row.team == cw.police_team
    # Not accepted the statement, or not a member: as if the case did not exist.
    assert client_for(cw.housing_officer).post(url, data).status_code == 404
    assert client_for(cw.world.outsider).post(url, data).status_code == 404
    # Editing with a stale version: a conflict, nothing changed.
    stale = {"summary": "Changed.", "version": "7"}
    assert client_for(cw.world.police_liaison).post(url, stale).status_code == 409
    assert Research.objects.get().summary == "Three call-outs since June."


def test_research_is_read_by_the_meeting_members_only(cw) -> None:
    referral, meeting = _listed(cw)
    services.research_save(
        actor=Actor.for_user(cw.world.police_liaison),
        referral=referral,
        team=cw.police_team,
        summary="CANARY-RESEARCH",
    )
    accept(cw.housing_officer, meeting)
    assert (
        "CANARY-RESEARCH"
        in client_for(cw.housing_officer).get(_case_url(meeting, referral)).content.decode()
    )
    # The referring side reaches its referral, not the other agencies' research.
    page = client_for(cw.world.manager).get(
        reverse("conferences:referral", args=[referral.reference])
    )
    assert page.status_code == 200 and "CANARY-RESEARCH" not in page.content.decode()


def test_the_coordinator_minutes_and_agrees_actions_members_cannot(cw) -> None:
    referral, meeting = _listed(cw)
    accept(cw.world.police_liaison, meeting)
    minute_url = _case_url(meeting, referral, "minute/")
    data = {"text": "Discussed.", "distribution": [cw.police_team.pk]}
    assert client_for(cw.world.police_liaison).post(minute_url, data).status_code == 404
    assert client_for(cw.coordinator).post(minute_url, data).status_code == 302
    action_url = _case_url(meeting, referral, "actions/")
    due = (timezone.localdate(meeting.starts_at) + datetime.timedelta(days=7)).isoformat()
    action = {"team": cw.police_team.pk, "owner": "DS Carter", "what": "Flag", "due_on": due}
    assert client_for(cw.world.police_liaison).post(action_url, action).status_code == 404
    assert client_for(cw.coordinator).post(action_url, action).status_code == 302
    # Without an agency: a clear message, nothing saved.
    response = client_for(cw.coordinator).post(action_url, {**action, "team": ""}, follow=False)
    assert response.status_code == 400
    assert "Choose the agency." in response.content.decode()
    assert Action.objects.count() == 1 and Minute.objects.count() == 1


def test_attendance_and_closing_are_the_coordinators(cw) -> None:
    referral, meeting = _listed(cw)
    url = reverse("conferences:attendance", args=[meeting.pk])
    data = {"team": cw.police_team.pk, "status": "present"}
    assert client_for(cw.world.police_liaison).post(url, data).status_code == 404
    assert client_for(cw.coordinator).post(url, data).status_code == 302
    close = reverse("conferences:meeting_close", args=[meeting.pk])
    assert client_for(cw.world.police_liaison).post(close, {"version": 1}).status_code == 404
    assert client_for(cw.coordinator).post(close, {"version": 9}).status_code == 409
    assert client_for(cw.coordinator).post(close, {"version": 1}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == ConferenceReferralStatus.HEARD
    # Minutes after closing: refused with a message, nothing saved.
    minute = {"text": "Late.", "distribution": [cw.police_team.pk]}
    response = client_for(cw.coordinator).post(_case_url(meeting, referral, "minute/"), minute)
    assert response.status_code == 400 and not Minute.objects.exists()


def test_after_the_meeting_an_agency_keeps_only_its_actions(cw) -> None:
    referral, meeting = _listed(cw)
    coordinator = Actor.for_user(cw.coordinator)
    due = timezone.localdate(meeting.starts_at) + datetime.timedelta(days=1)
    for team, what in [(cw.police_team, "POLICE-ACTION"), (cw.housing_team, "HOUSING-ACTION")]:
        services.action_add(
            actor=coordinator, referral=referral, team=team, owner="x", what=what, due_on=due
        )
    accept(cw.world.police_liaison, meeting)
    services.meeting_close(actor=coordinator, meeting=meeting, expected_version=1)
    Action.objects.update(due_on=timezone.localdate() - datetime.timedelta(days=3))
    police = client_for(cw.world.police_liaison)
    assert police.get(_case_url(meeting, referral)).status_code == 404
    page = police.get(reverse("conferences:tracker")).content.decode()
    assert "POLICE-ACTION" in page and "HOUSING-ACTION" not in page
    coordinator_page = client_for(cw.coordinator).get(reverse("conferences:tracker")).content
    assert b"POLICE-ACTION" in coordinator_page and b"HOUSING-ACTION" in coordinator_page
    assert (
        b"POLICE-ACTION"
        not in client_for(cw.world.outsider).get(reverse("conferences:tracker")).content
    )


def test_the_next_meeting_opens_with_the_open_actions_closed_there(cw) -> None:
    referral, meeting = _listed(cw)
    coordinator = Actor.for_user(cw.coordinator)
    action = services.action_add(
        actor=coordinator,
        referral=referral,
        team=cw.police_team,
        owner="DS Carter",
        what="OPEN-ACTION",
        due_on=timezone.localdate(meeting.starts_at) + datetime.timedelta(days=5),
    )
    services.meeting_close(actor=coordinator, meeting=meeting, expected_version=1)
    following = open_meeting(cw)
    page = client_for(cw.coordinator).get(reverse("conferences:meeting", args=[following.pk]))
    assert "OPEN-ACTION" in page.content.decode()
    url = reverse("conferences:action_close", args=[following.pk, action.pk])
    assert (
        client_for(cw.world.police_liaison).post(url, {"version": 1, "status": "done"}).status_code
        == 404
    )
    assert client_for(cw.coordinator).post(url, {"version": 1, "status": "done"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.closed_at_meeting == following


def test_refer_from_the_case_page(cw) -> None:
    case = cw.casework.her_case
    url = reverse("conferences:refer", args=[case.reference])
    assert client_for(cw.world.caseworker).get(url).status_code == 200
    for user in (cw.world.outsider, cw.world.facilitator, cw.coordinator):
        assert client_for(user).get(url).status_code == 404
    data = {"conference": cw.conference.pk, "risk_summary": "Threats."}
    response = client_for(cw.world.caseworker).post(url, data)
    assert response.status_code == 400
    assert "professional judgement" in response.content.decode()
    meets_criteria(case, "high_risk")
    response = client_for(cw.world.caseworker).post(url, data)
    assert response.status_code == 400 and not ConferenceReferral.objects.exists()
    consent_to_conference(cw.world, case)
    assert client_for(cw.world.caseworker).post(url, data).status_code == 302
    assert ConferenceReferral.objects.get().consent is not None


def test_sharing_without_consent_needs_a_fresh_reauthentication(cw) -> None:
    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    url = reverse("conferences:refer_override", args=[case.reference])
    data = {
        "conference": cw.conference.pk,
        "risk_summary": "Threats.",
        "override_reason": "Serious risk to life.",
    }
    client = client_for(cw.world.caseworker)
    assert client.post(url, data).status_code == 302  # to the password page
    assert not ConferenceReferral.objects.exists()
    reauthenticate(client, cw.world.caseworker)
    assert client.post(url, data).status_code == 302
    assert ConferenceReferral.objects.get().shared_without_consent
    outsider = client_for(cw.world.outsider)
    reauthenticate(outsider, cw.world.outsider)
    assert outsider.post(url, data).status_code == 404


def test_withdraw_and_transfer(cw) -> None:
    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    referral = refer(cw, case)
    url = reverse("conferences:referral", args=[referral.reference])
    assert client_for(cw.world.caseworker).get(url).status_code == 200
    assert client_for(cw.world.outsider).get(url).status_code == 404
    transfer = reverse("conferences:transfer", args=[referral.reference])
    assert client_for(cw.world.caseworker).post(transfer, {}).status_code == 404
    withdraw = reverse("conferences:withdraw", args=[referral.reference])
    assert client_for(cw.world.outsider).post(withdraw, {}).status_code == 404
    # A member reads the case at the meeting but does not withdraw it.
    meeting = open_meeting(cw)
    services.agenda_build(actor=Actor.for_user(cw.coordinator), meeting=meeting)
    accept(cw.world.police_liaison, meeting)
    referral.refresh_from_db()
    member = {"version": referral.version, "reason": "Not mine."}
    assert client_for(cw.world.police_liaison).post(withdraw, member).status_code == 404
    assert client_for(cw.world.caseworker).post(withdraw, {"version": 2}).status_code == 400
    ok = {"version": 2, "reason": "In error."}
    assert client_for(cw.world.caseworker).post(withdraw, ok).status_code == 302
    referral.refresh_from_db()
    assert referral.status == ConferenceReferralStatus.WITHDRAWN


def test_the_dataset_is_the_coordinators_with_small_counts_suppressed(cw) -> None:
    referral, meeting = _listed(cw)
    services.meeting_close(
        actor=Actor.for_user(cw.coordinator), meeting=meeting, expected_version=1
    )
    start = timezone.localtime(meeting.starts_at)
    url = reverse("conferences:dataset", args=[cw.conference.pk])
    query = {"year": start.year, "quarter": (start.month - 1) // 3 + 1}
    page = client_for(cw.coordinator).get(url, query).content.decode()
    assert "fewer than 5" in page
    assert client_for(cw.world.police_liaison).get(url, query).status_code == 404


def test_the_printouts_are_the_meetings_and_audited(cw) -> None:
    referral, meeting = _listed(cw)
    for name in ("agenda_pdf", "minutes_pdf"):
        url = reverse(f"conferences:{name}", args=[meeting.pk])
        response = client_for(cw.coordinator).get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assert client_for(cw.world.police_liaison).get(url).status_code == 404
        assert client_for(cw.world.outsider).get(url).status_code == 404
    from accord.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="conference.agenda_printed").count() == 1


def test_the_printed_pack_says_who_when_for_and_never_an_address(cw) -> None:
    from accord.conferences import printing

    referral, meeting = _listed(cw)
    html = printing.agenda_pack_html(
        actor=Actor.for_user(cw.coordinator), user=cw.coordinator, meeting=meeting
    )
    assert "Printed by coordinator at" in html and "for the meeting of" in html
    assert SURVIVOR_ADDRESS not in html and SURVIVOR_PHONE not in html
    assert referral.reference in html


def test_the_home_panel_is_the_coordinators(cw) -> None:
    _listed(cw)
    assert b"conferences-heading" in client_for(cw.coordinator).get("/").content
    assert b"conferences-heading" not in client_for(cw.world.police_liaison).get("/").content


def _many(cw, count: int) -> tuple[Meeting, list[ConferenceReferral]]:
    """A meeting with `count` cases, each with research from two agencies, a minute and an
    action."""
    meeting = open_meeting(cw)
    made = []
    for index in range(count):
        case = survivor_case(cw.world, f"W{index}", datetime.date(1980, 1, 1 + index))
        meets_criteria(case, "high_risk")
        made.append(refer(cw, case))
    coordinator = Actor.for_user(cw.coordinator)
    services.agenda_build(actor=coordinator, meeting=meeting)
    due = timezone.localdate(meeting.starts_at) + datetime.timedelta(days=7)
    for referral in made:
        referral.refresh_from_db()
        for user, team in [
            (cw.world.police_liaison, cw.police_team),
            (cw.housing_officer, cw.housing_team),
        ]:
            services.research_save(
                actor=Actor.for_user(user), referral=referral, team=team, summary="held"
            )
        services.minute_save(
            actor=coordinator,
            referral=referral,
            text="Heard.",
            distribution=[cw.police_team, cw.housing_team],
        )
        services.action_add(
            actor=coordinator,
            referral=referral,
            team=cw.police_team,
            owner="DS Carter",
            what="Flag",
            due_on=due,
        )
    return meeting, made


# The meeting page: the session, user, language and MFA; the meeting, the statement, the
# conference access (2); the agenda, the open actions, attendance and the member teams; the
# page's navigation, and the unread notices it counts once a minute (accord/referrals/unread.py).
AGENDA_QUERIES = 15


@pytest.mark.parametrize("count", [2, 6])
def test_the_agenda_page_costs_the_same_however_many_cases(
    cw, count, django_assert_num_queries
) -> None:
    meeting, _made = _many(cw, count)
    accept(cw.world.police_liaison, meeting)
    client = client_for(cw.world.police_liaison)
    url = reverse("conferences:meeting", args=[meeting.pk])
    with django_assert_num_queries(AGENDA_QUERIES):
        assert client.get(url).status_code == 200


# A case at the meeting: as the meeting page, then the case, its research, minute (and its
# distribution), actions, the member teams, and the audited read (savepoints, chain head, event);
# the unread notices counted once a minute.
RESEARCH_QUERIES = 23


@pytest.mark.parametrize("count", [2, 6])
def test_the_research_page_costs_the_same_however_many_cases(
    cw, count, django_assert_num_queries
) -> None:
    meeting, made = _many(cw, count)
    accept(cw.world.police_liaison, meeting)
    client = client_for(cw.world.police_liaison)
    url = _case_url(meeting, made[-1])
    with django_assert_num_queries(RESEARCH_QUERIES):
        assert client.get(url).status_code == 200


# The minutes, their distribution, their actions (prefetched), and the attendance.
MINUTES_QUERIES = 4


@pytest.mark.parametrize("count", [2, 6])
def test_the_minutes_cost_the_same_however_many_cases(cw, count, django_assert_num_queries) -> None:
    from accord.conferences import printing

    meeting, made = _many(cw, count)
    accept(cw.world.police_liaison, meeting)
    actor = Actor.for_user(cw.world.police_liaison)
    with django_assert_num_queries(MINUTES_QUERIES):
        html = printing.minutes_html(actor=actor, user=cw.world.police_liaison, meeting=meeting)
    assert html.count("Heard.") == count


def test_the_dpo_does_not_read_the_referral_freely(cw) -> None:
    case = cw.casework.her_case
    meets_criteria(case, "high_risk")
    referral = refer(cw, case)
    url = reverse("conferences:referral", args=[referral.reference])
    assert client_for(cw.world.dpo).get(url).status_code == 404
    assert client_for(cw.world.manager).get(url).status_code == 200


def test_a_refused_form_comes_back_with_what_she_typed(cw) -> None:
    referral, meeting = _listed(cw)
    action_url = _case_url(meeting, referral, "actions/")
    due = (timezone.localdate(meeting.starts_at) + datetime.timedelta(days=7)).isoformat()
    typed = {"team": "", "owner": "DS Carter", "what": "Flag the address", "due_on": due}
    page = client_for(cw.coordinator).post(action_url, typed)
    assert page.status_code == 400
    body = page.content.decode()
    assert "Choose the agency." in body
    assert "DS Carter" in body and "Flag the address" in body
    assert not Action.objects.exists()


def test_a_stale_research_shows_both_versions_and_keeps_her_input(cw) -> None:
    referral, meeting = _listed(cw)
    accept(cw.world.police_liaison, meeting)
    url = _case_url(meeting, referral, "research/")
    police = client_for(cw.world.police_liaison)
    police.post(url, {"summary": "Three call-outs since June."})
    # A colleague saves first; her edit, based on version 1, now meets version 2.
    police.post(url, {"summary": "Four call-outs.", "version": "1"})
    page = police.post(url, {"summary": "Three call-outs and a breach.", "version": "1"})
    assert page.status_code == 409
    body = page.content.decode()
    assert "Four call-outs." in body and "Three call-outs and a breach." in body
    assert 'name="version" value="2"' in body
    assert Research.objects.get().summary == "Four call-outs."


def test_a_stale_close_is_a_conflict_page_not_a_500(cw) -> None:
    _referral, meeting = _listed(cw)
    close = reverse("conferences:meeting_close", args=[meeting.pk])
    page = client_for(cw.coordinator).post(close, {"version": "9"})
    assert page.status_code == 409
    assert "Changed by someone else since you opened it" in page.content.decode()
    assert Meeting.objects.get().status == "open"


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN, Role.DPO])
def test_an_analyst_admin_or_dpo_in_a_member_team_never_reaches_its_cases(cw, role) -> None:
    """Membership of a conference is her team's, but only its practitioners read the cases on
    the agenda: an analyst, an organisation admin or a DPO of the police team gets 404 even
    after accepting the confidentiality statement."""
    referral, meeting = _listed(cw)
    reader = make_user(f"police_{role}", cw.police_team, role)
    accept(reader, meeting)
    client = client_for(reader)
    page = client.get(reverse("conferences:meeting", args=[meeting.pk]))
    assert referral.reference not in page.content.decode()
    assert client.get(_case_url(meeting, referral)).status_code == 404
    assert client.get(f"/api/v1/conference-meetings/{meeting.pk}/agenda/").status_code == 404
    # The same path answers for the police's practitioner.
    accept(cw.world.police_liaison, meeting)
    assert client_for(cw.world.police_liaison).get(_case_url(meeting, referral)).status_code == 200
