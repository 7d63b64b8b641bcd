from accord.accounts.models import Team
from accord.testing import World, client_for


def post_team(world: World, body: str):
    return client_for(world.admin).post("/api/v1/teams/", body, content_type="application/json")


def test_it_answers_malformed_json_with_a_clear_400(world: World) -> None:
    response = post_team(world, '{"service": 1, "name": ')
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_it_answers_an_over_long_name_with_a_400_naming_the_field(world: World) -> None:
    response = post_team(
        world, f'{{"service": {world.support_service.pk}, "name": "{"x" * 5000}"}}'
    )
    assert response.status_code == 400
    assert "name" in response.json()
    assert not Team.objects.filter(name__startswith="xxx").exists()


def test_it_answers_a_wrong_type_with_a_400(world: World) -> None:
    response = post_team(world, '{"service": "Outreach", "name": "A"}')
    assert response.status_code == 400
    assert "service" in response.json()


def test_it_answers_a_duplicate_with_a_400(world: World) -> None:
    response = post_team(world, f'{{"service": {world.support_service.pk}, "name": "Outreach"}}')
    assert response.status_code == 400


def test_it_answers_a_wrong_method_with_a_405(world: World) -> None:
    response = client_for(world.admin).delete(f"/api/v1/teams/{world.outreach.pk}/")
    assert response.status_code == 405
    assert "detail" in response.json()


def test_it_answers_an_unknown_api_url_with_json(world: World) -> None:
    response = client_for(world.admin).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_it_answers_an_unsupported_media_type_with_a_415(world: World) -> None:
    response = client_for(world.admin).post(
        "/api/v1/teams/", "name=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
