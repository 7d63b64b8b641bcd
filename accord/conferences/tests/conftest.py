import pytest

from accord.conferences.tests.helpers import ConferenceWorld, build_conference_world


@pytest.fixture
def cw(world, casework) -> ConferenceWorld:
    return build_conference_world(world, casework)
