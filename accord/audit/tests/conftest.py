import pytest

from accord.accounts.models import Role, Team, User
from accord.testing import World, make_user


@pytest.fixture
def other_dpo(world: World) -> User:
    """The DPO of the unrelated organisation: sees its events, never Women's Aid A's."""
    team = Team.objects.get(service__organisation=world.unrelated)
    return make_user("dpo_elsewhere", team, Role.DPO)
