from django.test import Client

from accord.accounts.models import ServiceKind
from accord.accounts.services import service_create
from accord.audit.context import Actor
from accord.testing import World


def test_it_lists_public_helplines_to_anyone_with_a_quick_exit(world: World) -> None:
    service_create(
        actor=Actor.system(),
        organisation=world.womens_aid,
        name="Helpline",
        kind=ServiceKind.SURVIVOR_SUPPORT,
        public_phone="0800 000 111",
    )
    response = Client().get("/help/")
    assert response.status_code == 200
    assert b"0800 000 111" in response.content
    assert b"data-quick-exit" in response.content
    # Services without a public number (e.g. a refuge) are not listed.
    assert b"Women&#x27;s Aid A service" not in response.content
