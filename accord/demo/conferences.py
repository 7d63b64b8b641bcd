"""Riverton's monthly risk conference (MARAC), made through the real services: members from the
police, probation, children's services, health, housing, the programme and Women's Aid; twelve
cases over three meetings (two of them repeats), with actions open and overdue.

Idempotent: if the conference exists, nothing is done. Riverton Health and Riverton Housing and
their representatives are in the locality (accord/demo/locality.py). The women referred besides
the locality's households have no household of their own recorded. Fictional people only.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import Team, User
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind, CaseStatus
from accord.conferences import services
from accord.conferences.models import (
    Action,
    ActionStatus,
    Conference,
    ConferenceReferral,
    Meeting,
)
from accord.people import services as people
from accord.people.models import ConsentGiver, ConsentMethod, ConsentScope, Relationship
from accord.people.selectors import valid_consent

CONFERENCE = "Riverton MARAC"

# (organisation slug, team name, representative)
MEMBERS = [
    ("riverton-police", "Domestic Abuse Unit", "police"),
    ("riverton-probation", "Offender Management", "probation"),
    ("riverton-council", "Family Safeguarding", "socialworker"),
    ("riverton-health", "Safeguarding", "health"),
    ("riverton-housing", "Tenancy", "housing"),
    ("riverton-change", "Group Work", "facilitator"),
    ("riverton-womens-aid", "Outreach", "caseworker"),
]
# Women referred only to the conference (besides the locality's households): name, born.
WOMEN = [
    ("Sample", "Conference-One", datetime.date(1988, 3, 4)),
    ("Example", "Conference-Two", datetime.date(1979, 7, 9)),
    ("Fictional", "Conference-Three", datetime.date(1995, 1, 21)),
    ("Placeholder", "Conference-Four", datetime.date(1983, 11, 2)),
    ("Sample", "Conference-Five", datetime.date(1990, 6, 30)),
    ("Example", "Conference-Six", datetime.date(1986, 2, 14)),
    ("Fictional", "Conference-Seven", datetime.date(1992, 9, 8)),
    ("Placeholder", "Conference-Eight", datetime.date(1975, 12, 1)),
    ("Sample", "Conference-Nine", datetime.date(1998, 4, 17)),
    ("Example", "Conference-Ten", datetime.date(1981, 8, 25)),
]
SUMMARIES = [
    "Strangulation reported last month; he has been released on bail.",
    "Threats to kill by text; escalating since she left.",
    "He breached the non-molestation order twice.",
    "Stalking at her workplace; she is pregnant.",
]


def _team(slug: str, team_name: str) -> Team:
    return Team.objects.get(service__organisation__slug=slug, name=team_name)


def _woman(worker: Actor, outreach: Team, key_worker: User, index: int) -> Case:
    given, family, born = WOMEN[index]
    person = people.person_create(
        actor=worker,
        organisation=outreach.service.organisation,
        given_name=given,
        family_name=family,
        date_of_birth=born,
        phone=f"07700 900{400 + index:03d}",
    )
    return cases.case_open(
        actor=worker,
        kind=CaseKind.SURVIVOR_SUPPORT,
        person=person,
        team=outreach,
        key_worker=key_worker,
    )


def _refer(worker: Actor, conference: Conference, case: Case, index: int) -> ConferenceReferral:
    today = timezone.localdate()
    if valid_consent(case.person, scope=ConsentScope.CONFERENCE_SHARING, on=today) is None:
        people.consent_record(
            actor=worker,
            person=case.person,
            scope=ConsentScope.CONFERENCE_SHARING,
            given_by=ConsentGiver.PERSON,
            method=ConsentMethod.WRITTEN,
            given_on=today,
            case=case,
        )
    return services.conference_referral_make(
        actor=worker,
        conference=conference,
        case=case,
        risk_summary=SUMMARIES[index % len(SUMMARIES)],
        # Her checklist may not say high: her advocate's judgement then says why.
        judgement_reason="" if case.conference_criteria else "Her advocate fears for her life.",
    )


def _hold(
    coordinator: Actor,
    meeting: Meeting,
    members: dict[str, tuple[Team, User]],
    *,
    close: bool,
    overdue: bool,
) -> None:
    """The meeting: attendance, research by the police and health, a minute and actions."""
    services.agenda_build(actor=coordinator, meeting=meeting)
    for username, (team, _user) in members.items():
        status = "apologies" if username == "probation" else "present"
        services.attendance_record(actor=coordinator, meeting=meeting, team=team, status=status)
    police_team, police = members["police"]
    health_team, health = members["health"]
    housing_team, _housing = members["housing"]
    start = timezone.localdate(meeting.starts_at)
    for referral in ConferenceReferral.objects.filter(meeting=meeting).order_by("pk"):
        services.research_save(
            actor=Actor.for_user(police),
            referral=referral,
            team=police_team,
            summary="Two call-outs to the address this year; he has a caution for assault.",
            risks_known="He has access to a shotgun licence holder's house.",
        )
        services.research_save(
            actor=Actor.for_user(health),
            referral=referral,
            team=health_team,
            summary="Seen at the emergency department in March with bruising.",
        )
        services.minute_save(
            actor=coordinator,
            referral=referral,
            text="Risk discussed; safety measures agreed below.",
            distribution=[police_team, health_team, housing_team],
        )
        services.action_add(
            actor=coordinator,
            referral=referral,
            team=police_team,
            owner="DS Carter",
            what="Flag the address for an urgent response.",
            due_on=start + datetime.timedelta(days=7),
        )
        services.action_add(
            actor=coordinator,
            referral=referral,
            team=housing_team,
            owner="Omar Said",
            what="Fit a sanctuary lock and check the tenancy.",
            due_on=start + datetime.timedelta(days=21 if overdue else 60),
        )
    if close:
        services.meeting_close(actor=coordinator, meeting=meeting, expected_version=meeting.version)


@transaction.atomic
def seed_demo_conferences() -> None:
    if Conference.objects.filter(name=CONFERENCE).exists():
        return
    actor = Actor.system()
    coordinator_user = User.objects.get(username="coordinator")
    coordinator = Actor.for_user(coordinator_user)
    now = timezone.now()
    conference = services.conference_create(
        actor=actor,
        name=CONFERENCE,
        area="Riverton",
        team=_team("riverton-council", "Risk Conference"),
        chair=coordinator_user,
        schedule="FREQ=MONTHLY;BYDAY=+2TU",
        # Two monthly meetings already held, the third still to come.
        first_meeting_at=now - datetime.timedelta(days=60),
        time_zone="Europe/London",
    )
    members: dict[str, tuple[Team, User]] = {}
    for slug, team_name, username in MEMBERS:
        team, user = _team(slug, team_name), User.objects.get(username=username)
        services.conference_member_add(
            actor=actor, conference=conference, team=team, representative=user
        )
        members[username] = (team, user)
    outreach, caseworker = members["caseworker"]
    worker = Actor.for_user(caseworker)
    existing = list(
        Case.objects.filter(team=outreach, kind=CaseKind.SURVIVOR_SUPPORT, status=CaseStatus.OPEN)
        .exclude(person__household_memberships__relationship=Relationship.CHILD)
        .order_by("pk")[:2]
    )
    women = existing + [_woman(worker, outreach, caseworker, i) for i in range(10 - len(existing))]
    # Meeting one: four women; meeting two: four more; meeting three: two new and two repeats.
    first = services.meeting_schedule_next(actor=coordinator, conference=conference)
    for index, case in enumerate(women[:4]):
        _refer(worker, conference, case, index)
    _hold(coordinator, first, members, close=True, overdue=True)
    second = services.meeting_schedule_next(actor=coordinator, conference=conference)
    for index, case in enumerate(women[4:8]):
        _refer(worker, conference, case, index)
    _hold(coordinator, second, members, close=False, overdue=False)
    # Meeting two reviewed meeting one's actions: the police flagged the addresses in time.
    for action in Action.objects.filter(
        referral__meeting=first, team=members["police"][0], status=ActionStatus.OPEN
    ):
        services.action_close(
            actor=coordinator,
            action=action,
            expected_version=action.version,
            status=ActionStatus.DONE,
            meeting=second,
        )
    services.meeting_close(actor=coordinator, meeting=second, expected_version=second.version)
    third = services.meeting_schedule_next(actor=coordinator, conference=conference)
    for index, case in enumerate([*women[8:10], women[0], women[1]]):
        _refer(worker, conference, case, index)
    services.agenda_build(actor=coordinator, meeting=third)
