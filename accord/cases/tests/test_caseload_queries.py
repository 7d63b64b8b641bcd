"""The caseload page costs a fixed number of queries, whatever the number of cases.

For a signed-in caseworker whose session is settled (helpers.settled_client):
 1. the session
 2. the user
 3. "has she an authenticator?" (MfaRequiredMiddleware)
 4. COUNT of the filtered caseload (paginator)
 5. the page of cases, with person, team, service and key worker joined, and the overdue-task
    count, the incidents in the escalation window and the next task due as subqueries
 6. her standing: her memberships, read once for the request (accord.access.roles.standing_of),
    from which access.case_accesses answers how she reaches each of the page's cases
 7. her reminders: her open tasks due soon, with their cases
 8. the key-worker choices of the filter form (her colleagues)
"""

from accord.testing import Casework, World

from .helpers import caseload_table, open_cases, settled_client

CASELOAD_QUERIES = 8


def test_it_pins_the_caseload_queries(
    world: World, casework: Casework, django_assert_num_queries
) -> None:
    open_cases(world, 3)
    client = settled_client(world.caseworker)
    with django_assert_num_queries(CASELOAD_QUERIES):
        response = client.get("/cases/")
    assert caseload_table(response).count("<tr>") == 1 + 4


def test_it_costs_the_same_for_3_and_30_cases(
    world: World, casework: Casework, django_assert_num_queries
) -> None:
    open_cases(world, 2)
    client = settled_client(world.caseworker)
    with django_assert_num_queries(CASELOAD_QUERIES):
        client.get("/cases/")
    open_cases(world, 27)
    with django_assert_num_queries(CASELOAD_QUERIES):
        response = client.get("/cases/")
    assert caseload_table(response).count("<tr>") == 1 + 25
