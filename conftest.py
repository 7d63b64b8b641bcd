import dataclasses
import enum
import functools
import io
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test.testcases import QuietWSGIRequestHandler
from django.test.utils import override_settings
from django.utils import translation
from pytest_django import DjangoDbBlocker
from pytest_django.fixtures import validate_django_db

from accord.testing import Casework, World, build_casework, build_world

# The browser fixtures (Chromium through Playwright), for every app's browser tests; the
# database files for the tests that run commands or a second server in other processes.
pytest_plugins = ["accord.testing.browser", "accord.testing.databases"]

# The live server (browser tests, schemathesis, the federation's second server) writes a
# response's head and its body in two sends: with Nagle's algorithm on, the second waits for
# the client's delayed acknowledgement of the first, 40 ms on Linux, on every keep-alive request.
QuietWSGIRequestHandler.disable_nagle_algorithm = True

NEEDS_POSTGRES = "needs PostgreSQL (set DATABASE_URL=postgres://…)"


class Committed(enum.IntEnum):
    """What a test database holds, committed, under each test's rolled-back transaction: built
    once and shared by every test that asks for the same, in the order of these values."""

    EMPTY = 0
    DEMO = 1  # the demo locality (accord.demo), for the tests of the seeding: `demo_locality`
    WORLD = 2  # the persona world (accord.testing): `world`, `casework`


def _wanted(item: pytest.Item) -> Committed:
    fixtures = getattr(item, "fixturenames", ())
    if "world" in fixtures:
        return Committed.WORLD
    if "demo_locality" in fixtures:
        return Committed.DEMO
    return Committed.EMPTY


def _flushes(item: pytest.Item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    if {"transactional_db", "live_server", "site"} & set(fixtures):
        return True
    marker = item.get_closest_marker("django_db")
    return marker is not None and validate_django_db(marker)[0]  # transaction=True


def _order(item: pytest.Item) -> tuple[Committed, bool]:
    return _wanted(item), _flushes(item)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--reversed",
        action="store_true",
        help="run the tests in the reverse of their usual order, to show that every test is "
        "isolated (slower: the shared data is emptied and built again as the tests need it)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The tests that expect an empty database first, then those of the demo, then those of the
    # world (see `Committed`): each test database goes from one to the next once. Within each,
    # the tests on a real transaction, which empty the database when they end, run last.
    # pytest-xdist hands each worker its tests in this order too. Any other order stays correct
    # (`_commit_what_the_test_needs` empties and builds again), only slower.
    items.sort(key=_order, reverse=config.getoption("reversed"))
    # Decided from the settings, not a connection, so collection never touches the database.
    # A skip with its reason shows in `-ra`, so a SQLite-only run says what it did not cover.
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason=NEEDS_POSTGRES)
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclasses.dataclass
class _TestDatabase:
    holds: Committed = Committed.EMPTY
    world: World | None = None


_database = _TestDatabase()


def _empty() -> None:
    # As a transactional test empties it when it ends (django's TransactionTestCase).
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=False)
    _emptied()


def _commit(wanted: Committed) -> None:
    if _database.holds == wanted:
        return
    if _database.holds != Committed.EMPTY:
        _empty()
    with (
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        translation.override(settings.LANGUAGE_CODE),
    ):
        if wanted == Committed.DEMO:
            call_command("seed_demo", "--force", stdout=io.StringIO())
        elif wanted == Committed.WORLD:
            _database.world = build_world()
    _database.holds = wanted


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):
    # pytest-django's `_django_db_helper` opens the test's transaction (or, for a transactional
    # test, empties the database after it): just before it, the database is brought to what
    # the test needs, committed, outside any test's transaction.
    if fixturedef.argname == "_django_db_helper":
        _commit_what_the_test_needs(request)
    return (yield)


def _commit_what_the_test_needs(request: pytest.FixtureRequest) -> None:
    item = request.node
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        _commit(_wanted(item))
    if _flushes(item):
        # Runs after pytest-django's flush at the end of the test.
        request.addfinalizer(functools.partial(_emptied_by_the_test, blocker))


def _emptied() -> None:
    # `flush` empties the models' tables only: the cache table keeps what was committed (the
    # API's throttle counts, keyed by user id). Ids start again after a flush, so a later
    # test's user would find an expired count of someone else's and spend a query deleting it.
    cache.clear()
    _database.holds, _database.world = Committed.EMPTY, None


def _emptied_by_the_test(blocker: DjangoDbBlocker) -> None:
    with blocker.unblock():
        _emptied()


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    # A request through the test client activates its organisation's language in this thread
    # and leaves it active: every test starts in the site's default language instead, whatever
    # ran before it.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # Real hashing costs ~0.3 s a user; the suite builds hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    """The persona world, as fresh objects (a test may change them at will): built once per test
    database and committed; each test runs in a transaction that is rolled back, so it finds
    the world exactly as built."""
    assert _database.world is not None, "the world is committed before the test's transaction"
    objects = {
        field.name: getattr(_database.world, field.name) for field in dataclasses.fields(World)
    }
    return World(**{name: type(obj).objects.get(pk=obj.pk) for name, obj in objects.items()})


@pytest.fixture
def demo_locality(db) -> None:
    """The demo locality, as `manage.py seed_demo` makes it: seeded once per test database and
    committed (a 15 s seeding, once rather than in every test of the demo); each test runs in a
    transaction that is rolled back. Seeding again in the test is the idempotent second run."""


@pytest.fixture
def casework(world: World) -> Casework:
    return build_casework(world)
