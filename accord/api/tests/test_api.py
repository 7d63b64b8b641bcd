from django.test import Client
from rest_framework.authtoken.models import Token

from accord.accounts.models import Role, Team
from accord.accounts.services import user_create
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.testing import World, client_for, make_user


def test_it_lists_the_directory_to_a_signed_in_user(world: World) -> None:
    response = client_for(world.facilitator).get("/api/v1/organisations/")
    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert {"Women's Aid A", "Change Programme", "Police", "Elsewhere Aid"} <= names


def test_it_refuses_anonymous_requests(world: World) -> None:
    for path in ["/api/v1/organisations/", "/api/v1/services/", "/api/v1/teams/"]:
        response = Client().get(path)
        assert response.status_code in {401, 403}, path
        assert "detail" in response.json()


def test_it_shows_teams_of_her_own_organisation_only(world: World) -> None:
    response = client_for(world.caseworker).get("/api/v1/teams/")
    assert [row["name"] for row in response.json()["results"]] == ["Outreach"]


def test_it_answers_404_for_another_organisations_team_as_for_a_missing_one(world: World) -> None:
    client = client_for(world.caseworker)
    forbidden = client.get(f"/api/v1/teams/{world.group_work.pk}/")
    missing = client.get("/api/v1/teams/999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


def test_it_never_returns_a_confidential_address(world: World) -> None:
    response = client_for(world.caseworker).get(f"/api/v1/services/{world.support_service.pk}/")
    assert set(response.json()) == {"id", "organisation", "name", "kind", "public_phone"}


def test_an_organisation_admin_adds_a_team(world: World) -> None:
    response = client_for(world.admin).post(
        "/api/v1/teams/",
        {"service": world.support_service.pk, "name": "Night shift"},
        content_type="application/json",
    )
    assert response.status_code == 201
    team = Team.objects.get(name="Night shift")
    assert AuditEvent.objects.filter(action="team.created", object_id=str(team.pk)).exists()


def test_a_caseworker_cannot_add_a_team(world: World) -> None:
    response = client_for(world.caseworker).post(
        "/api/v1/teams/",
        {"service": world.support_service.pk, "name": "Night shift"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Team.objects.filter(name="Night shift").exists()


def test_a_service_account_reads_the_directory_with_its_token(world: World) -> None:
    robot = user_create(
        actor=Actor.system(),
        username="police-system",
        email="it@police.example",
        password=None,
        is_service_account=True,
    )
    token = Token.objects.create(user=robot)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/services/").status_code == 200
    # Teams are internal to organisations: a machine client sees none.
    assert client.get("/api/v1/teams/").json()["results"] == []


def test_a_person_cannot_use_a_token(world: World) -> None:
    token = Token.objects.create(user=world.caseworker)
    response = Client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/v1/services/")
    assert response.status_code in {401, 403}


def test_it_serves_the_schema_to_signed_in_users(world: World) -> None:
    response = client_for(world.caseworker).get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/teams/" in response.content
    assert Client().get("/api/v1/schema/").status_code in {401, 403}


def test_it_shows_the_browsable_docs_to_staff_only(world: World) -> None:
    assert client_for(world.admin).get("/api/v1/docs/").status_code == 200
    assert client_for(world.caseworker).get("/api/v1/docs/").status_code == 403
    html = client_for(world.caseworker).get("/api/v1/teams/", HTTP_ACCEPT="text/html")
    assert html["Content-Type"] == "application/json"
    staff = make_user("staffer", world.outreach, Role.CASEWORKER, is_staff=True)
    html = client_for(staff).get("/api/v1/teams/", HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")


def test_a_browser_post_under_no_referrer_passes_the_csrf_check(world: World) -> None:
    client = client_for(world.admin)
    client.handler.enforce_csrf_checks = True
    client.get("/")
    body = {"service": world.support_service.pk, "name": "Evening"}
    headers = {"HTTP_ORIGIN": "null", "HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
    refused = client.post("/api/v1/teams/", body, content_type="application/json", **headers)
    assert refused.status_code == 403
    accepted = client.post(
        "/api/v1/teams/",
        body,
        content_type="application/json",
        HTTP_SEC_FETCH_SITE="same-origin",
        **headers,
    )
    assert accepted.status_code == 201
