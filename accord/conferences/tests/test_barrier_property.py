"""The conference rules through every channel, over generated worlds (issue 12, item 8).

Hypothesis generates which agencies are members, which cases are referred and listed, whether
the meeting is still open, who accepted its confidentiality statement, and what research,
minutes (with their distribution) and actions each case has — every value a unique canary.
For each user the expected reads are written out from the specification (docs/access-control.md,
"risk conference member"), independently of accord/conferences/access.py, and then every
channel is fetched as her: the conference list and page, the meeting page, every case page,
every referral page, the action tracker, both printouts, and the API (conferences, agenda,
referrals, research, minutes, actions, the meeting and its attendance). A canary she may not
read, found anywhere in a response, is a leak; a case page she may not open must answer 404.
Her phone and address are canaries nobody may read through a conference, ever, and her case
itself (its page, the API's case and its records) opens to its owning side only: being on an
agenda opens nothing of it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accord.access import registry
from accord.accounts.models import Team, User
from accord.audit.context import Actor
from accord.cases.models import Case
from accord.conferences import printing, services
from accord.conferences.models import Action, ConferenceReferral, Meeting, Minute
from accord.conferences.tests.helpers import (
    ConferenceWorld,
    build_conference_world,
    consent_to_conference,
    meets_criteria,
    survivor_case,
)
from accord.testing import build_casework, build_world, client_for


class Leak(AssertionError):
    pass


@dataclass(frozen=True)
class CasePlan:
    listed: bool
    research_by: frozenset[int]  # indexes into the member teams
    minute_to: frozenset[int]
    action_for: int | None


@dataclass(frozen=True)
class Plan:
    meeting_open: bool
    accepted: frozenset[int]  # indexes into the member users
    cases: tuple[CasePlan, ...]


MEMBERS = 3  # outreach, police, housing (helpers.build_conference_world)
indexes = st.frozensets(st.integers(0, MEMBERS - 1))
case_plans = st.builds(
    CasePlan,
    listed=st.booleans(),
    research_by=indexes,
    minute_to=indexes.filter(bool),
    action_for=st.none() | st.integers(0, MEMBERS - 1),
)
plans = st.builds(
    Plan,
    meeting_open=st.booleans(),
    accepted=indexes,
    cases=st.lists(case_plans, min_size=1, max_size=3).map(tuple),
)


@dataclass
class Built:
    cw: ConferenceWorld
    meeting: Meeting
    teams: list[Team]
    members: list[User]
    referrals: list[ConferenceReferral]
    # canary -> who may read it: a predicate of (user)
    canaries: dict[str, Callable[[User], bool]] = field(default_factory=dict)
    # referral reference -> the users whose case page opens
    openers: dict[str, set[int]] = field(default_factory=dict)


def build(plan: Plan) -> Built:
    world = build_world()
    cw = build_conference_world(world, build_casework(world))
    teams = [world.outreach, cw.police_team, cw.housing_team]
    members = [world.caseworker, world.police_liaison, cw.housing_officer]
    coordinator = Actor.for_user(cw.coordinator)
    meeting = services.meeting_schedule_next(actor=coordinator, conference=cw.conference)
    built = Built(cw, meeting, teams, members, [])
    everyone_never: Callable[[User], bool] = lambda user: False  # noqa: E731
    made = []
    # The agenda takes every referral received: the listed ones are referred first.
    ordered = sorted(plan.cases, key=lambda case_plan: not case_plan.listed)
    for index, case_plan in enumerate(ordered):
        case = survivor_case(world, f"NAME{index}X", datetime.date(1980, 1, 1 + index))
        # Her phone and address: never through a conference (survivor_case sets them).
        built.canaries[case.person.phone] = everyone_never
        built.canaries[case.person.real_address] = everyone_never
        meets_criteria(case, "high_risk")
        consent_to_conference(world, case)
        referral = services.conference_referral_make(
            actor=Actor.for_user(world.caseworker),
            conference=cw.conference,
            case=case,
            risk_summary=f"SUMMARY{index}X",
        )
        made.append((referral, case_plan))
        if case_plan.listed and not any(later.listed for later in ordered[index + 1 :]):
            services.agenda_build(actor=coordinator, meeting=meeting)
    for position, (referral, case_plan) in enumerate(made):
        referral.refresh_from_db()
        built.referrals.append(referral)
        on_agenda = case_plan.listed

        def attending(user: User, on_agenda: bool = on_agenda) -> bool:
            return (
                on_agenda
                and plan.meeting_open
                and user in members
                and members.index(user) in plan.accepted
            )

        def coordinating(user: User) -> bool:
            return user == cw.coordinator

        summary_readers = lambda u, a=attending: coordinating(u) or a(u)  # noqa: E731
        # The referring side (who works her case) reads its own referral, nothing more of it.
        built.canaries[f"SUMMARY{position}X"] = lambda u, r=summary_readers: (
            r(u)
            or u
            in (
                world.caseworker,
                world.manager,
            )
        )
        # The case page of this meeting opens for a case on its agenda only.
        built.openers[referral.reference] = {
            u.pk for u in [*members, cw.coordinator] if on_agenda and summary_readers(u)
        }
        if not on_agenda:
            continue
        for team_index in sorted(case_plan.research_by):
            text = f"RESEARCH{referral.pk}T{team_index}X"
            services.research_save(
                actor=Actor.for_user(members[team_index]),
                referral=referral,
                team=teams[team_index],
                summary=text,
            )
            built.canaries[text] = summary_readers
        text = f"MINUTE{referral.pk}X"
        services.minute_save(
            actor=coordinator,
            referral=referral,
            text=text,
            distribution=[teams[i] for i in sorted(case_plan.minute_to)],
        )
        built.canaries[text] = lambda u, a=attending, to=case_plan.minute_to: (
            coordinating(u) or (a(u) and members.index(u) in to)
        )
        if case_plan.action_for is not None:
            text = f"ACTION{referral.pk}X"
            services.action_add(
                actor=coordinator,
                referral=referral,
                team=teams[case_plan.action_for],
                owner="owner",
                what=text,
                due_on=timezone.localdate(meeting.starts_at),
            )
            # Her agency's action: everyone in the team it is assigned to.
            built.canaries[text] = lambda u, a=attending, t=teams[case_plan.action_for]: (
                coordinating(u) or a(u) or u.memberships.filter(team=t).exists()
            )
    # Overdue, so the tracker lists them.
    Action.objects.update(due_on=timezone.localdate() - datetime.timedelta(days=2))
    for user_index in sorted(plan.accepted):
        services.confidentiality_accept(actor=Actor.for_user(members[user_index]), meeting=meeting)
    if not plan.meeting_open:
        services.meeting_close(actor=coordinator, meeting=meeting, expected_version=1)
    return built


def _pages(built: Built, user: User) -> list[tuple[str, int, bytes]]:
    client = client_for(user)
    meeting = built.meeting
    urls = [
        reverse("conferences:meeting", args=[meeting.pk]),
        reverse("conferences:tracker"),
        reverse("conferences:agenda_pdf", args=[meeting.pk]),
        reverse("conferences:minutes_pdf", args=[meeting.pk]),
        reverse("api:conference-actions"),
        reverse("api:meeting-agenda", args=[meeting.pk]),
        reverse("conferences:conference", args=[meeting.conference_id]),
        reverse("conferences:list"),
        reverse("api:conferences"),
        reverse("api:conference-meeting", args=[meeting.pk]),
        reverse("api:meeting-attendance", args=[meeting.pk]),
    ]
    for referral in built.referrals:
        urls += [
            reverse("conferences:meeting_case", args=[meeting.pk, referral.reference]),
            reverse("conferences:referral", args=[referral.reference]),
            reverse("api:conference-referral", args=[referral.reference]),
            reverse("api:meeting-case-research", args=[meeting.pk, referral.reference]),
            reverse("api:meeting-case-minute", args=[meeting.pk, referral.reference]),
        ]
    answers = []
    for url in urls:
        response = client.get(url)
        answers.append((url, response.status_code, response.content))
    return answers


def _case_channels(referral: ConferenceReferral) -> list[str]:
    """Her case itself, as a page and through the API: a conference never opens it."""
    return [
        reverse("cases:case", args=[referral.case.reference]),
        reverse("api:case-detail", args=[referral.case.reference]),
        reverse("api:case-incident-list", args=[referral.case.reference]),
    ]


def _case_walk(built: Built, user: User) -> None:
    # Only the owning side (her caseworker and manager, who referred her) opens her case; every
    # member, the coordinator and anyone else gets 404, whatever the meeting.
    owners = {built.cw.world.caseworker.pk, built.cw.world.manager.pk}
    client = client_for(user)
    for referral in built.referrals:
        for url in _case_channels(referral):
            status = client.get(url).status_code
            expected = 200 if user.pk in owners else 404
            if status != expected:
                raise Leak(f"{user.username} gets {status} for {url}, not {expected}")


def walk(built: Built, user: User) -> set[str]:
    _case_walk(built, user)
    seen: set[str] = set()
    for url, status, content in _pages(built, user):
        text = content.decode(errors="replace")
        for canary, may_read in built.canaries.items():
            if canary in text:
                if not may_read(user):
                    raise Leak(f"{user.username} reads {canary} at {url}")
                seen.add(canary)
        for referral in built.referrals:
            case_url = reverse(
                "conferences:meeting_case", args=[built.meeting.pk, referral.reference]
            )
            if url == case_url:
                expected = 200 if user.pk in built.openers[referral.reference] else 404
                if status != expected:
                    raise Leak(f"{user.username} gets {status} for {url}, not {expected}")
    return seen


@pytest.fixture
def pdf_as_html(monkeypatch: pytest.MonkeyPatch) -> None:
    # The printouts' content, without the cost of WeasyPrint: what would be printed is the HTML.
    monkeypatch.setattr(printing, "pdf_from_html", lambda html: html.encode())


def _readers(built: Built) -> list[User]:
    return [*built.members, built.cw.coordinator, built.cw.world.outsider, built.cw.world.manager]


@settings(
    max_examples=8,
    deadline=None,
    # Each example builds a world through the services: a shrink would take minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans)
def test_no_conference_channel_shows_anyone_more_than_the_rules_allow(
    db, pdf_as_html, plan: Plan
) -> None:
    with transaction.atomic():
        built = build(plan)
        seen: set[str] = set()
        for user in _readers(built):
            seen |= walk(built, user)
        # Not vacuous: whatever someone may read was shown to someone.
        readable = {
            canary
            for canary, may_read in built.canaries.items()
            if any(may_read(user) for user in _readers(built))
        }
        assert readable <= seen, sorted(readable - seen)
        transaction.set_rollback(True)


# After the meeting: the police accepted the statement; the action is housing's.
CLOSED = Plan(
    meeting_open=False,
    accepted=frozenset({1}),
    cases=(CasePlan(True, frozenset({1}), frozenset({1}), 2),),
)
# During the meeting: police and housing accepted; the minute goes to the police only.
OPEN = Plan(
    meeting_open=True,
    accepted=frozenset({1, 2}),
    cases=(CasePlan(True, frozenset({1}), frozenset({1}), 2),),
)


def _all_rows(model: type) -> registry.RecordRule:
    return registry.RecordRule(model=model, rows=lambda user: model.objects.all())


PLANTS: dict[str, tuple[Plan, Callable[[pytest.MonkeyPatch], None], str]] = {
    # After the meeting, an agency keeps every action, not only its own.
    "actions": (
        CLOSED,
        lambda mp: mp.setitem(registry._rules, Action, _all_rows(Action)),
        r"reads ACTION",
    ),
    # A minute reaches the teams it was not distributed to.
    "minutes": (
        OPEN,
        lambda mp: mp.setitem(registry._rules, Minute, _all_rows(Minute)),
        r"housing_officer reads MINUTE",
    ),
    # A member reaches the case itself through the conference.
    "cases": (
        OPEN,
        lambda mp: mp.setitem(registry._rules, Case, _all_rows(Case)),
        r"(police_liaison|housing_officer|coordinator) gets 200 for /",
    ),
    # Members keep the case after the meeting closed.
    "referrals": (
        CLOSED,
        lambda mp: mp.setitem(registry._rules, ConferenceReferral, _all_rows(ConferenceReferral)),
        r"(reads SUMMARY|gets 200)",
    ),
}


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_a_planted_leak_is_caught(db, pdf_as_html, monkeypatch, plant: str) -> None:
    plan, apply, leak = PLANTS[plant]
    built = build(plan)
    for user in _readers(built):
        walk(built, user)  # without the plant, every walk passes
    apply(monkeypatch)
    with pytest.raises(Leak, match=leak):
        for user in _readers(built):
            walk(built, user)
