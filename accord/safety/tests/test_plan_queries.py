"""The plan page costs a fixed number of queries, whatever the number of items.

For her caseworker, session settled (cases.tests.helpers.settled_client):
  1. the session
  2. the user
  3. "has she an authenticator?" (MfaRequiredMiddleware)
  4. the case (visible_to), with person, team and service joined
  5. her standing, read once per request: is she on the owning side of it
     (access.case_access), and her acting team for the audit event (Actor.from_request)
  6. the plan (visible_to), with who started and last changed it
  7-11. the "safety_plan.viewed" audit event: a SAVEPOINT, lock the chain head, insert the
     event, move the head, RELEASE
 12. the items, with their sections
 13. the organisation's active sections
"""

from accord.cases.tests.helpers import settled_client
from accord.safety.models import SafetyPlan
from accord.testing import Casework, World

from .helpers import plan_url, start_plan

PLAN_PAGE_QUERIES = 13


def test_it_pins_the_plan_page_queries(
    world: World, casework: Casework, django_assert_num_queries
) -> None:
    start_plan(world, casework.her_case, items=2)
    client = settled_client(world.caseworker)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = client.get(plan_url(casework.her_case))
    assert response.status_code == 200


def test_it_costs_the_same_for_2_and_20_items(
    world: World, casework: Casework, django_assert_num_queries
) -> None:
    plan = start_plan(world, casework.her_case, items=2)
    client = settled_client(world.caseworker)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        client.get(plan_url(casework.her_case))
    SafetyPlan.objects.filter(pk=plan.pk).delete()
    start_plan(world, casework.her_case, items=20)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = client.get(plan_url(casework.her_case))
    assert response.content.decode().count('class="plan-item"') == 20
