from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import translation

from accord.testing import Casework, World, build_casework, build_world

# The browser fixtures (Chromium through Playwright), for every app's browser tests.
pytest_plugins = ["accord.testing.browser"]

NEEDS_POSTGRES = "needs PostgreSQL (set DATABASE_URL=postgres://…)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
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


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def casework(world: World) -> Casework:
    return build_casework(world)
