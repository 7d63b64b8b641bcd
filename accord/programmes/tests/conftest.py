import pytest

from accord.programmes.tests.helpers import ProgrammeWorld, build_programme_world
from accord.testing import Casework, World


@pytest.fixture
def pw(world: World, casework: Casework) -> ProgrammeWorld:
    return build_programme_world(world, casework)
