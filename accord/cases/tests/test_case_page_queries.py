"""The case page costs a fixed number of queries, whatever the length of its chronology.

For her caseworker, session settled (helpers.settled_client):
  1. the session
  2. the user
  3. "has she an authenticator?" (MfaRequiredMiddleware)
  4. the case (visible_to), with person, team, service, organisation, key worker and household
     joined, and its figures (overdue tasks, incidents in the window, next task due) as subqueries
  5. is she on the owning side of it? (access.case_access)
  6. her membership, for the audit event's acting team (Actor.from_request)
  7-13. the "case.viewed" audit event, in its own transaction: two SAVEPOINTs (case_viewed's
     atomic and audit_event_record's; in the test's transaction both are savepoints), lock the
     chain head, insert the event, move the head, two RELEASEs
 14. the household's members
 15. the references of their cases she may open anyway (visible_to)
 16. the man's programme case: status and dates only
 17. the safety plan's state (review date, items to do): survivor side only
 18. the programme panels' enrolments: on this case, and his that her side sees the status of
     (accord.programmes, through its case panel, accord/programmes/home.py)
 19. the incidents, with who recorded them
 20. the notes, with their authors
 21. the tasks, with assignee and creator

The inline forms are not rendered until asked for (views._open_form), so the task form's
assignee choices are no longer queried here.
"""

from accord.testing import Casework, World

from .helpers import case_url, fill_chronology, settled_client

CASE_PAGE_QUERIES = 21


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
