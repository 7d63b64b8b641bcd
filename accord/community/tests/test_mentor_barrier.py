"""The mentor's barrier over generated worlds: a mentor reaches her own early contacts and the
accompaniments naming her, and no case but those of her own mentors' team — every other case
page, contact page and accompaniment page answers 404. A planted leak is caught."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.access import registry
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind
from accord.community import services
from accord.community.models import Accompaniment, EarlyContact
from accord.community.tests.helpers import build_network, contact
from accord.people import services as people
from accord.testing import build_world, client_for

worlds = st.fixed_dictionaries(
    {
        "cases": st.integers(1, 3),
        # (mentor 0 or 1, case index) pairs: who accompanies which woman
        "accompaniments": st.lists(st.tuples(st.integers(0, 1), st.integers(0, 2)), max_size=3),
        "contacts": st.lists(st.integers(0, 1), max_size=3),
    }
)


class Leak(AssertionError):
    pass


def build(plan: dict) -> tuple[list, list[Case], list[EarlyContact], list[Accompaniment]]:
    world = build_world()
    network = build_network(world)
    mentors = [network.mentor, network.other_mentor]
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
    accompaniments = [
        services.accompaniment_record(
            actor=actor,
            mentor=mentors[mentor],
            case=her_cases[index % len(her_cases)],
            appointment_on=timezone.localdate() + datetime.timedelta(days=3),
            destination="court",
        )
        for mentor, index in plan["accompaniments"]
    ]
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
        check(*build({"cases": 1, "accompaniments": [], "contacts": [0, 1]}))


def test_a_planted_case_leak_is_caught(db, monkeypatch) -> None:
    monkeypatch.setitem(
        registry._rules,
        Case,
        registry.RecordRule(model=Case, rows=lambda user: Case.objects.all()),
    )
    with pytest.raises(Leak):
        check(*build({"cases": 1, "accompaniments": [(0, 0)], "contacts": []}))
