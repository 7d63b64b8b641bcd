from accord.accounts.models import Organisation
from accord.testing import World, client_for


def set_default_language(organisation: Organisation, code: str) -> None:
    organisation.default_language = code
    organisation.save(update_fields=["default_language"])


def test_it_uses_her_organisations_default_language(world: World) -> None:
    set_default_language(world.womens_aid, "es")
    response = client_for(world.caseworker).get("/")
    assert response["Content-Language"] == "es"
    assert b'<html lang="es">' in response.content


def test_her_own_choice_wins(world: World) -> None:
    set_default_language(world.womens_aid, "es")
    client = client_for(world.caseworker)
    client.cookies["django_language"] = "sv"
    assert client.get("/")["Content-Language"] == "sv"


def test_other_organisations_keep_their_default(world: World) -> None:
    set_default_language(world.womens_aid, "es")
    assert client_for(world.facilitator).get("/")["Content-Language"] == "en"
