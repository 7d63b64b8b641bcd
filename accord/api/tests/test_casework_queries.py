"""Query counts of the casework list endpoints: constant in the number of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import CaseKind, ContactType
from accord.people import services as people
from accord.testing import World, client_for


def open_cases(world: World, count: int) -> list:
    actor = Actor.for_user(world.caseworker)
    opened = []
    for number in range(count):
        person = people.person_create(
            actor=actor, organisation=world.womens_aid, given_name=f"Person {number}", phone="1"
        )
        opened.append(
            cases.case_open(
                actor=actor,
                kind=CaseKind.SURVIVOR_SUPPORT,
                person=person,
                team=world.outreach,
                key_worker=world.caseworker if number % 2 else world.manager,
            )
        )
    return opened


def test_the_case_list_costs_the_same_for_3_cases_as_for_20(
    world: World, django_assert_num_queries
) -> None:
    # Per request, whatever the page: 1 the session, 2 the user, 3 her organisation's default
    # language (locale middleware), 4 the enrolment check (MFA middleware), 5 the second
    # factor again (IsVerifiedPerson), 6-8 the session's last activity (savepoint, update,
    # release: idle timeout). For the page: 9 the count, 10 the cases with person, team,
    # service, key worker and household in one query, 11 which of them she works
    # (case_accesses: the field rules for the whole page; where she is DPO is asked only for
    # a case she does not work, and she works every one here).
    # Then 12-17 the throttle's count in the database cache (read; then its write: the cache's
    # cull count, the row, savepoint, update or insert, release; accord/api/throttling.py).
    # (A fresh sign-in for each count: later requests skip 3 and 6-8.)
    open_cases(world, 3)
    client = client_for(world.caseworker)
    with django_assert_num_queries(17):
        assert len(client.get("/api/v1/cases/").json()["results"]) == 3
    open_cases(world, 17)
    client = client_for(world.caseworker)
    with django_assert_num_queries(17):
        assert len(client.get("/api/v1/cases/").json()["results"]) == 20


def test_the_notes_list_costs_the_same_for_3_notes_as_for_20(world: World) -> None:
    [case] = open_cases(world, 1)
    actor = Actor.for_user(world.caseworker)
    url = f"/api/v1/cases/{case.reference}/notes/"

    def queries_for(count: int) -> int:
        client = client_for(world.caseworker)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).json()["count"] == count
        return len(queries)

    for number in range(3):
        cases.note_add(
            actor=actor, case=case, contact_type=ContactType.PHONE, text=f"Note {number}"
        )
    three = queries_for(3)
    for number in range(17):
        cases.note_add(
            actor=actor, case=case, contact_type=ContactType.PHONE, text=f"Note {number}"
        )
    assert queries_for(20) == three
