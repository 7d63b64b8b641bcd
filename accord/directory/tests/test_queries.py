"""The directory and protocol pages cost a fixed number of queries, whatever the rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.accounts import services as accounts
from accord.accounts.models import ServiceKind
from accord.audit.context import Actor
from accord.cases.tests.helpers import settled_client
from accord.directory import services
from accord.testing import World

from .helpers import active, complete, draft

# Session, user, "has she an authenticator?" (MfaRequiredMiddleware), the page's count, its rows
# (services with organisation and entry joined).
DIRECTORY_PAGE_QUERIES = 5
# Session, user, authenticator; the protocol (visible_to: parties' admins), its parties with
# organisations, its flows with both organisations; her admin organisations (what she may
# sign and change).
PROTOCOL_PAGE_QUERIES = 7


def add_services(world: World, count: int) -> None:
    for number in range(count):
        service = accounts.service_create(
            actor=Actor.system(),
            organisation=world.unrelated,
            name=f"Extra {number}",
            kind=ServiceKind.HOUSING,
        )
        services.directory_entry_update(
            actor=Actor.system(), service=service, offers=["housing_support"], languages=["en"]
        )


def test_it_pins_the_directory_page_for_2_and_20_services(
    world: World, django_assert_num_queries
) -> None:
    client = settled_client(world.caseworker)
    add_services(world, 2)
    with django_assert_num_queries(DIRECTORY_PAGE_QUERIES):
        assert client.get("/directory/?offer=housing_support").status_code == 200
    add_services_more = 18
    for number in range(add_services_more):
        accounts.service_create(
            actor=Actor.system(),
            organisation=world.programme,
            name=f"More {number}",
            kind=ServiceKind.HEALTH,
        )
    with django_assert_num_queries(DIRECTORY_PAGE_QUERIES):
        response = client.get("/directory/")
    assert response.content.decode().count('class="directory-row"') == 24


def test_it_pins_the_protocol_page_for_2_and_4_parties(
    world: World, django_assert_num_queries
) -> None:
    client = settled_client(world.admin)
    small = active(world)
    with django_assert_num_queries(PROTOCOL_PAGE_QUERIES):
        assert client.get(f"/protocols/{small.uid}/").status_code == 200
    large = complete(
        draft(world, world.programme, world.police, world.unrelated, title="Four"),
        {
            (world.police, world.womens_aid): ["identity", "contact", "risk"],
            (world.womens_aid, world.programme): ["risk"],
            (world.unrelated, world.womens_aid): ["identity"],
        },
    )
    with django_assert_num_queries(PROTOCOL_PAGE_QUERIES):
        response = client.get(f"/protocols/{large.uid}/")
    assert response.content.decode().count('class="flow-row"') == 12


def test_a_draft_page_is_constant_too(world: World) -> None:
    client = settled_client(world.admin)
    counts = []
    for others in ((world.programme,), (world.programme, world.police, world.unrelated)):
        protocol = draft(world, *others, title=f"Draft {len(others)}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/protocols/{protocol.uid}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
