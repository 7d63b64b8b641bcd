import dataclasses
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test.utils import override_settings
from django.utils import translation

from accord.testing import Casework, World, build_casework, build_world

# The browser fixtures (Chromium through Playwright), for every app's browser tests.
pytest_plugins = ["accord.testing.browser"]

NEEDS_POSTGRES = "needs PostgreSQL (set DATABASE_URL=postgres://…)"


def _order(item: pytest.Item) -> tuple[bool, bool]:
    fixtures = getattr(item, "fixturenames", ())
    flushes = "transactional_db" in fixtures or "live_server" in fixtures or "site" in fixtures
    return "world" in fixtures, flushes


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The persona world (`world` below) is built once and committed, the first time a test asks
    # for it: the tests that expect an empty database run before that; among the tests of the
    # world, those on a real transaction, which empty the database when they end, run last.
    # pytest-xdist hands each worker its tests in this order too.
    items.sort(key=_order)
    # Decided from the settings, not a connection, so collection never touches the database.
    # A skip with its reason shows in `-ra`, so a SQLite-only run says what it did not cover.
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason=NEEDS_POSTGRES)
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


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


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _committed_world(django_db_setup, django_db_blocker) -> World:
    """The persona world, built once per test database and committed: each test then runs in
    a transaction that is rolled back, so it finds the world exactly as built."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        return build_world()


@pytest.fixture
def world(db, _committed_world: World) -> World:
    """The persona world, as fresh objects (a test may change them at will). Where a test on a
    real transaction emptied the database before, it is built again inside this test."""
    fields = dataclasses.fields(World)
    objects = {field.name: getattr(_committed_world, field.name) for field in fields}
    if not type(objects["outsider"]).objects.filter(pk=objects["outsider"].pk).exists():
        return build_world()
    return World(**{name: type(obj).objects.get(pk=obj.pk) for name, obj in objects.items()})


@pytest.fixture
def casework(world: World) -> Casework:
    return build_casework(world)
