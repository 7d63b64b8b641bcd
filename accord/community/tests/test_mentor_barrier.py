"""The mentor's barrier over generated worlds: a mentor reaches her own early contacts and the
accompaniments naming her, and no case at all — not those she accompanies (an accompaniment
shows the reference and the first name), not those of her own team (a mentor in the team that
owns the case, a case of the mentors' own team): every case page and case endpoint, every other
contact and accompaniment answers 404 (docs/decisions/0073). Planted leaks are caught."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.access import registry, roles
from accord.accounts.models import Role
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind
from accord.community import services
from accord.community.models import Accompaniment, EarlyContact
from accord.community.tests.helpers import build_network, contact
from accord.people import services as people
from accord.testing import build_world, client_for, make_user

worlds = st.fixed_dictionaries(
    {
        "cases": st.integers(1, 3),
        # Cases the mentors' own team holds (as a community referral leaves one).
        "team_cases": st.integers(0, 1),
        # (mentor 0, 1 or 2, case index) pairs: who accompanies which woman; mentor 2 belongs to
        # the team that owns the women's cases.
        "accompaniments": st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3)), max_size=3),
        "contacts": st.lists(st.integers(0, 1), max_size=3),
    }
)


class Leak(AssertionError):
    pass


def build(plan: dict) -> tuple[list, list[Case], list[EarlyContact], list[Accompaniment]]:
    world = build_world()
    network = build_network(world)
    mentors = [
        network.mentor,
        network.other_mentor,
        make_user("outreach_mentor", world.outreach, Role.MENTOR),
    ]
    actor = Actor.for_user(world.caseworker)
    her_cases = []
    for number in range(plan["cases"]):
        person = people.person_create(
            actor=actor, organisation=world.womens_aid, given_name=f"Canaryname{number}"
        )
        her_cases.append(
            cases.case_open(
                actor=actor,
                kind=CaseKind.SURVIVOR_SUPPORT,
                person=person,
                team=world.outreach,
                key_worker=world.caseworker,
            )
        )
    for number in range(plan["team_cases"]):
        person = people.person_create(
            actor=Actor.system(),
            organisation=network.organisation,
            given_name=f"Canaryname{number + 10}",
        )
        her_cases.append(
            cases.case_open(
                actor=Actor.system(),
                kind=CaseKind.SURVIVOR_SUPPORT,
                person=person,
                team=network.team,
            )
        )
    # A case is accompanied by a mentor of its own organisation (the service refuses another).
    organisation_of = {
        network.mentor.pk: network.organisation.pk,
        network.other_mentor.pk: network.organisation.pk,
        mentors[2].pk: world.womens_aid.pk,
    }
    accompaniments = []
    for mentor, index in plan["accompaniments"]:
        case = her_cases[index % len(her_cases)]
        if organisation_of[mentors[mentor].pk] != case.team.service.organisation_id:
            continue
        accompaniments.append(
            services.accompaniment_record(
                actor=actor,
                mentor=mentors[mentor],
                case=case,
                appointment_on=timezone.localdate() + datetime.timedelta(days=3),
                destination="court",
            )
        )
    contacts = [contact(network, mentors[mentor]) for mentor in plan["contacts"]]
    return mentors, her_cases, contacts, accompaniments


def check(mentors, her_cases, contacts, accompaniments) -> None:
    for mentor in mentors:
        client = client_for(mentor)
        for case in her_cases:
            response = client.get(f"/cases/{case.reference}/")
            if response.status_code != 404:
                raise Leak(f"{mentor} reached case {case.reference}")
            for url in (
                f"/api/v1/cases/{case.reference}/",
                f"/api/v1/cases/{case.reference}/accompaniments/",
                f"/community/cases/{case.reference}/accompaniments/",
                f"/empowerment/cases/{case.reference}/",
                f"/outcomes/cases/{case.reference}/",
            ):
                if client.get(url).status_code != 404:
                    raise Leak(f"{mentor} reached {url}")
        for found in contacts:
            status = client.get(f"/community/contacts/{found.pk}/").status_code
            if status != (200 if found.mentor_id == mentor.pk else 404):
                raise Leak(f"{mentor} got {status} for contact {found.pk}")
        for item in accompaniments:
            response = client.get(f"/community/accompaniments/{item.pk}/")
            own = item.mentor_id == mentor.pk
            if response.status_code != (200 if own else 404):
                raise Leak(f"{mentor} got {response.status_code} for accompaniment {item.pk}")
            # Her first name, and only to the mentor who accompanies her.
            named = "Canaryname" in response.content.decode()
            api = client.get(f"/api/v1/accompaniments/{item.pk}/")
            if api.status_code != (200 if own else 404):
                raise Leak(f"{mentor} got {api.status_code} for accompaniment {item.pk} (API)")
            if named != own:
                raise Leak(f"{mentor} read a name through accompaniment {item.pk}")


SETTINGS = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(plan=worlds)
def test_a_mentor_reaches_only_her_contacts_and_accompaniments(db, plan) -> None:
    with transaction.atomic():
        check(*build(plan))
        transaction.set_rollback(True)


def test_a_planted_leak_is_caught(db, monkeypatch) -> None:
    monkeypatch.setitem(
        registry._rules,
        EarlyContact,
        registry.RecordRule(model=EarlyContact, rows=lambda user: EarlyContact.objects.all()),
    )
    with pytest.raises(Leak):
        check(*build({"cases": 1, "team_cases": 0, "accompaniments": [], "contacts": [0, 1]}))


def test_a_planted_team_leak_is_caught(db, monkeypatch) -> None:
    # The mentor back among the casework roles: her team's cases open to her.
    monkeypatch.setattr(roles, "CASEWORK_ROLES", roles.CASEWORK_ROLES | {Role.MENTOR})
    with pytest.raises(Leak):
        check(*build({"cases": 1, "team_cases": 1, "accompaniments": [], "contacts": []}))


def test_a_planted_case_leak_is_caught(db, monkeypatch) -> None:
    monkeypatch.setitem(
        registry._rules,
        Case,
        registry.RecordRule(model=Case, rows=lambda user: Case.objects.all()),
    )
    with pytest.raises(Leak):
        check(*build({"cases": 1, "team_cases": 0, "accompaniments": [(2, 0)], "contacts": []}))
