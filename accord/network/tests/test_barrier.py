"""The network's records through every channel it adds, over generated worlds: users with
random roles in two organisations, a period report, members kept by one or the other
organisation, submissions whose counts are canaries, and each member's barometer area whose
inhabitants are canaries. For each user the expected reach is
written from docs/access-control.md ("Which records a user reaches"), then every page and
endpoint is fetched as her; a canary in a response she may not read, or a page she may not
open answering anything but 404, fails. A planted leak shows that the property can fail."""

import datetime
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accord.access import registry
from accord.accounts import services as accounts
from accord.accounts.models import Organisation, Role, ServiceKind, User
from accord.audit.context import Actor
from accord.network import access, services
from accord.network.models import (
    AreaKind,
    AreaReturn,
    Member,
    PartnershipModel,
    Report,
    ScoringScheme,
    Submission,
)
from accord.testing import client_for, make_user

ROLES = list(Role)


@dataclass
class NetworkWorld:
    users: list[tuple[User, set[Role], Organisation]]
    organisations: list[Organisation]
    members: list[Member]
    tokens: dict[str, str]
    report: Report


def _canary(number: int) -> int:
    return 90001 + number


def _area_canary(number: int) -> int:
    return 70001 + number


def build(plan: list[list[tuple[int, Role]]]) -> NetworkWorld:
    actor = Actor.system()
    services.indicators_load_shipped(actor=actor)
    services.scoring_load_shipped(actor=actor)
    scheme = ScoringScheme.objects.get()
    organisations, teams = [], []
    for number in range(2):
        organisation = accounts.organisation_create(
            actor=actor, name=f"Org {number}", slug=f"org-{number}", country="ES", languages=["en"]
        )
        service = accounts.service_create(
            actor=actor, organisation=organisation, name="S", kind=ServiceKind.SURVIVOR_SUPPORT
        )
        organisations.append(organisation)
        teams.append(accounts.team_create(actor=actor, service=service, name="T"))
    users = []
    for index, memberships in enumerate(plan):
        user = make_user(f"u{index}", teams[memberships[0][0]], memberships[0][1])
        for where, role in memberships[1:]:
            if not user.memberships.filter(team=teams[where], role=role).exists():
                accounts.membership_create(actor=actor, user=user, team=teams[where], role=role)
        users.append((user, {role for _w, role in memberships}, organisations[memberships[0][0]]))
    members, tokens = [], {}
    for number, organisation in enumerate(organisations):
        account = accounts.user_create(
            actor=actor, username=f"svc{number}", email="", password=None, is_service_account=True
        )
        member = services.member_create(
            actor=actor,
            slug=f"m{number}",
            name=f"Member {number}",
            country="ES",
            partnership_model=PartnershipModel.UMBRELLA,
            member_since=datetime.date(2020, 1, 1),
            organisation=organisation,
            account=account,
        )
        tokens[member.slug] = Token.objects.create(user=account).key
        members.append(member)
        area = services.area_create(
            actor=actor,
            slug=f"a{number}",
            name=f"Area {number}",
            country="ES",
            kind=AreaKind.MUNICIPALITY,
            member=member,
        )
        services.area_return_record(
            actor=actor,
            area=area,
            year=2026,
            population=_area_canary(number),
            figures={"shelter-places": 3},
            scheme=scheme,
        )
        cells = [
            {"key": [c], "value": _canary(number), "flag": ""}
            for c in ["standard", "medium", "high", "not_assessed"]
        ]
        cells.append({"key": ["_T"], "value": 4 * _canary(number), "flag": ""})
        services.submission_receive(
            actor=actor,
            member=member,
            payload={
                "member": member.slug,
                "tables": [
                    {
                        "indicator": "risk-level-mix",
                        "version": 1,
                        "period": "2026-Q3",
                        "unit": "persons",
                        "dimensions": ["risk_level"],
                        "cells": cells,
                    }
                ],
            },
        )
    analyst = make_user("preparer", teams[0], Role.ANALYST)
    report = services.report_prepare(actor=Actor.for_user(analyst), period="2026-Q3")
    return NetworkWorld(users, organisations, members, tokens, report)


def _member_org_roles(user: User, organisation: Organisation) -> set[Role]:
    return set(
        user.memberships.filter(team__service__organisation=organisation).values_list(
            "role", flat=True
        )
    )


def check(world: NetworkWorld) -> list[str]:
    """Every breach found: the spec against what each user receives."""
    breaches = []
    for user, roles, _home in world.users:
        client = client_for(user)
        reads_reports = bool(roles & {Role.ANALYST, Role.ADMIN})
        compares = Role.ANALYST in roles
        for url in [reverse("network:reports"), reverse("network:report", args=[world.report.uid])]:
            status = client.get(url).status_code
            if status != (200 if reads_reports else 404):
                breaches.append(f"{user} {url}: {status}")
        page = client.get(reverse("network:compare"), {"indicator": "risk-level-mix"})
        if page.status_code != (200 if compares else 404):
            breaches.append(f"{user} compare: {page.status_code}")
        api = client.get("/api/v1/network/submissions/")
        shown = api.content.decode() + page.content.decode()
        keeps_an_area = compares or Role.ADMIN in roles  # every organisation here is a member's
        figures = client.get(reverse("network:area_figures"))
        figures_api = client.get("/api/v1/network/area-returns/")
        for name, response in (("figures page", figures), ("figures API", figures_api)):
            if response.status_code != (200 if keeps_an_area else 404):
                breaches.append(f"{user} {name}: {response.status_code}")
        kept = figures.content.decode() + figures_api.content.decode()
        for number, member in enumerate(world.members):
            own = Role.ADMIN in _member_org_roles(user, member.organisation)
            may_read = compares or own
            if str(_canary(number)) in shown and not may_read:
                breaches.append(f"{user} reads {member.slug}'s figures")
            if str(_area_canary(number)) in kept and not may_read:
                breaches.append(f"{user} reads a{number}'s area figures")
            if str(_area_canary(number)) not in kept and may_read:
                breaches.append(f"{user} misses a{number}'s area figures")
            edit = client.get(reverse("network:member_edit", args=[member.slug])).status_code
            if edit != (200 if own else 404):
                breaches.append(f"{user} edits {member.slug}: {edit}")
    for number, member in enumerate(world.members):
        machine = APIClient()
        machine.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[member.slug]}")
        shown = machine.get("/api/v1/network/submissions/").content.decode()
        for other, _m in enumerate(world.members):
            if other != number and str(_canary(other)) in shown:
                breaches.append(f"{member.slug}'s token reads m{other}'s figures")
        if str(_canary(number)) not in shown:
            breaches.append(f"{member.slug}'s token misses its own figures")
        area_figures = machine.get("/api/v1/network/area-returns/")
        if area_figures.status_code != 404:
            breaches.append(f"{member.slug}'s token reaches area figures")
    return breaches


plans = st.lists(
    st.lists(st.tuples(st.integers(0, 1), st.sampled_from(ROLES)), min_size=1, max_size=2),
    min_size=2,
    max_size=4,
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans)
def test_no_network_channel_shows_anyone_what_the_rules_forbid(db, plan) -> None:
    with transaction.atomic():
        assert check(build(plan)) == []
        transaction.set_rollback(True)


def test_a_planted_leak_is_caught(db, monkeypatch) -> None:
    # Every signed-in person reads every member's figures: the rule the property checks.
    monkeypatch.setitem(
        registry._rules,
        Submission,
        registry.RecordRule(model=Submission, rows=lambda user: Submission.objects.all()),
    )
    monkeypatch.setattr(access, "may_compare", lambda user: user.is_authenticated)
    plan = [[(0, Role.CASEWORKER)], [(1, Role.ADMIN)]]
    with transaction.atomic():
        breaches = check(build(plan))
        transaction.set_rollback(True)
    assert any("reads m" in breach for breach in breaches)


def test_a_planted_leak_of_area_figures_is_caught(db, monkeypatch) -> None:
    # Every signed-in person keeps every area: the rule the property checks.
    monkeypatch.setitem(
        registry._rules,
        AreaReturn,
        registry.RecordRule(model=AreaReturn, rows=lambda user: AreaReturn.objects.all()),
    )
    everything = access.Area.objects.all
    monkeypatch.setattr(
        access,
        "areas_kept_by",
        lambda user: everything() if access.is_person(user) else access.Area.objects.none(),
    )
    plan = [[(0, Role.CASEWORKER)], [(1, Role.ADMIN)]]
    with transaction.atomic():
        breaches = check(build(plan))
        transaction.set_rollback(True)
    assert any("area figures" in breach for breach in breaches)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
def test_a_plain_world_has_no_breach(db, role) -> None:
    with transaction.atomic():
        assert check(build([[(0, role)], [(1, Role.CASEWORKER)]])) == []
        transaction.set_rollback(True)
