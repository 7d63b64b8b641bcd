"""Need to know in the knowledge exchange, over generated networks.

Hypothesis generates a hub and member organisations, people with random roles in them, each
member's answers to an open survey and an unpublished compendium entry, every text a unique
canary. For every person, every channel of this app is fetched as her — the survey's answer
page for every organisation, the coding page, the report page, its CSV and PDF source, the
compendium, every entry's page, the review list — and a canary she may not read, found anywhere
in a response, is a leak. The expected reads are written from the rule in plain words
(docs/access-control.md): a member's answers and unpublished entries reach its own
representatives (managers and admins) and the hub's staff who code or select (analysts,
editors); entries also reach any of the hub's staff. A planted leak shows the property bites.
"""

import datetime
import itertools
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.accounts import services as accounts
from accord.accounts.models import Organisation, Role, ServiceKind, User
from accord.audit.context import Actor
from accord.knowledge import access
from accord.knowledge.models import Survey, SurveyStatus
from accord.knowledge.services import practice_entry_submit, response_submit, survey_import
from accord.knowledge.surveyfile import read_survey_file
from accord.testing import client_for, make_user

pytestmark = pytest.mark.django_db

HUB_ROLES = [Role.ANALYST, Role.MANAGER, Role.CASEWORKER, Role.COORDINATOR]
MEMBER_ROLES = [Role.MANAGER, Role.ADMIN, Role.CASEWORKER, Role.ANALYST]
CODING_ROLES = {Role.ANALYST, Role.MANAGER, Role.ADMIN, Role.COORDINATOR}
REPRESENTATIVES = {Role.MANAGER, Role.ADMIN}

SURVEY = """{"survey": {"key": "lessons", "title": "Lessons", "questions": [
  {"key": "lesson", "text": "What have you learned?", "kind": "open", "categories": ["other"]}
]}, "respondents": []}"""

_counter = itertools.count()


@dataclass
class Plan:
    members: int
    # (organisation index or -1 for the hub, role)
    people: list[tuple[int, Role]]


plans = st.builds(
    Plan,
    members=st.integers(min_value=1, max_value=3),
    people=st.lists(
        st.tuples(st.integers(min_value=-1, max_value=2), st.sampled_from(MEMBER_ROLES)),
        min_size=1,
        max_size=5,
    ),
)


@dataclass
class Network:
    hub: Organisation
    survey: Survey
    members: list[Organisation]
    users: list[tuple[User, int, Role]]
    answer_canary: dict[int, str] = field(default_factory=dict)
    entry_canary: dict[int, str] = field(default_factory=dict)
    entry_ids: list[int] = field(default_factory=list)


def build(plan: Plan) -> Network:
    run = next(_counter)
    actor = Actor.system()
    hub = accounts.organisation_create(
        actor=actor, name=f"Hub {run}", slug=f"hub-{run}", country="DE", languages=["en"]
    )
    hub_team = accounts.team_create(
        actor=actor,
        service=accounts.service_create(
            actor=actor, organisation=hub, name="Secretariat", kind=ServiceKind.NETWORK_HUB
        ),
        name="Team",
    )
    members, teams = [], []
    for index in range(plan.members):
        organisation = accounts.organisation_create(
            actor=actor,
            name=f"Member {run}-{index}",
            slug=f"member-{run}-{index}",
            country="IT",
            languages=["it"],
        )
        service = accounts.service_create(
            actor=actor,
            organisation=organisation,
            name="Programme",
            kind=ServiceKind.PERPETRATOR_PROGRAMME,
        )
        members.append(organisation)
        teams.append(accounts.team_create(actor=actor, service=service, name="Team"))
    survey = survey_import(actor=actor, hub=hub, data=read_survey_file(SURVEY)).survey
    survey.status, survey.deadline = SurveyStatus.OPEN, datetime.date(2099, 1, 1)
    survey.save()
    network = Network(hub=hub, survey=survey, members=members, users=[])
    for number, (where, role) in enumerate(plan.people):
        where = -1 if where < 0 else where % plan.members
        hub_role = HUB_ROLES[MEMBER_ROLES.index(role)]
        team, role = (hub_team, hub_role) if where < 0 else (teams[where], role)
        user = make_user(f"person-{run}-{number}", team, role)
        network.users.append((user, where, role))
    for index, organisation in enumerate(members):
        canary = f"ANSWER-CANARY-{run}-{index}"
        response_submit(
            actor=actor, survey=survey, organisation=organisation, answers={"lesson": canary}
        )
        network.answer_canary[index] = canary
        entry_canary = f"ENTRY-CANARY-{run}-{index}"
        entry = practice_entry_submit(
            actor=actor,
            organisation=organisation,
            title=entry_canary,
            summary=entry_canary,
            target_group="Men",
            pillars=["protection"],
        )
        network.entry_canary[index] = entry_canary
        network.entry_ids.append(entry.pk)
    return network


def expected(network: Network, where: int, role: Role) -> set[str]:
    """The canaries a person may read, from the rule in plain words."""
    if where < 0:
        entries = set(network.entry_canary.values())  # any hub staff reads submitted entries
        answers = set(network.answer_canary.values()) if role in CODING_ROLES else set()
        return entries | answers
    if role in REPRESENTATIVES:
        return {network.answer_canary[where], network.entry_canary[where]}
    return set()


def channels(network: Network) -> list[str]:
    key = network.survey.key
    urls = [
        reverse("knowledge:coding", args=[key, "lesson"]),
        reverse("knowledge:report", args=[key]),
        reverse("knowledge:report_csv", args=[key]),
        reverse("knowledge:survey", args=[key]),
        reverse("knowledge:compendium"),
        reverse("knowledge:practice_review"),
    ]
    urls += [reverse("knowledge:answer", args=[key, m.pk]) for m in network.members]
    urls += [reverse("knowledge:practice", args=[pk]) for pk in network.entry_ids]
    urls += [reverse("knowledge:practice_edit", args=[pk]) for pk in network.entry_ids]
    return urls


def leaks(network: Network) -> list[str]:
    every = set(network.answer_canary.values()) | set(network.entry_canary.values())
    found = []
    for user, where, role in network.users:
        client = client_for(user)
        allowed = expected(network, where, role)
        for url in channels(network):
            body = client.get(url).content.decode()
            for canary in every - allowed:
                if canary in body:
                    found.append(f"{user.username} ({role}, org {where}) read {canary} at {url}")
    return found


def check(plan: Plan) -> list[str]:
    with transaction.atomic():
        found = leaks(build(plan))
        transaction.set_rollback(True)
    return found


PROPERTY = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@PROPERTY
@given(plan=plans)
def test_nobody_reads_another_member_s_answers_or_entries(plan: Plan) -> None:
    assert check(plan) == []


def test_the_property_catches_a_planted_leak(monkeypatch) -> None:
    # A rule that takes every member's representative for every member's representative.
    everyone = lambda user: set(Organisation.objects.values_list("pk", flat=True))  # noqa: E731
    monkeypatch.setattr(access, "represented_organisation_ids", everyone)
    plan = Plan(members=2, people=[(0, Role.MANAGER)])
    assert check(plan), "the planted leak went unnoticed"
