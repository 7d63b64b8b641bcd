"""The case page costs a fixed number of queries, whatever the length of its chronology.

For her caseworker, session settled (helpers.settled_client):
  1. the session
  2. the user
  3. "has she an authenticator?" (MfaRequiredMiddleware)
  4. the case (visible_to), with person, team, service, organisation, key worker and household
     joined, and its figures (overdue tasks, incidents in the window, next task due) as subqueries
  5. her standing: her memberships, read once for the request (accord.access.roles.standing_of),
     from which both her relation to the case (access.case_access) and the audit event's
     acting team (Actor.from_request) are answered
  6-10. the "case.viewed" audit event, in case_viewed's transaction (a SAVEPOINT in the test's
     transaction; the append takes none of its own): lock the chain head, insert the event, move
     the head, RELEASE
 11. the household's members
 12. the references of their cases she may open anyway (visible_to)
 13. the man's programme case: status and dates only
 14. the safety plan's state (review date, items to do): survivor side only
 15. the programme panels' enrolments: on this case, and his that her side sees the status of
     (accord.programmes, through its case panel, accord/programmes/home.py)
 16. the incidents, with who recorded them
 17. the notes, with their authors
 18. the tasks, with assignee and creator

Before the standing (issue 16) her relation and the actor's team were two queries of their own
and the append its own savepoint: 21.

The inline forms are not rendered until asked for (views._open_form), so the task form's
assignee choices are no longer queried here.
"""

from accord.testing import Casework, World

from .helpers import case_url, fill_chronology, settled_client

CASE_PAGE_QUERIES = 18


def test_it_pins_the_case_page_queries(
    world: World, casework: Casework, django_assert_num_queries
) -> None:
    fill_chronology(world, casework.her_case, 3)
    client = settled_client(world.caseworker)
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        response = client.get(case_url(casework.her_case))
    assert response.status_code == 200


def test_it_costs_the_same_for_3_and_30_chronology_items(
    world: World, casework: Casework, django_assert_num_queries
) -> None:
    fill_chronology(world, casework.her_case, 1)
    client = settled_client(world.caseworker)
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        client.get(case_url(casework.her_case))
    fill_chronology(world, casework.her_case, 10)
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        response = client.get(case_url(casework.her_case))
    # Each fill adds an incident, a note and a task; the first incident also set a risk review
    # due (later ones find it already due).
    assert response.content.decode().count('class="chronology-item') == 3 * 11 + 1 + 1
