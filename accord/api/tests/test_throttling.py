"""The API throttles each client (accord/api/throttling.py): 429 with Retry-After past its
rate, counted per account in the shared cache, with separate rates for sessions and tokens."""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from accord.accounts.services import user_create
from accord.audit.context import Actor
from accord.testing import World, client_for


@pytest.fixture
def low_rates(settings) -> None:
    settings.ACCORD_API_RATES = {
        "session": "3/minute",
        "token": "5/minute",
        "anonymous": "1/minute",
    }


def _token_client() -> Client:
    robot = user_create(
        actor=Actor.system(),
        username="police-system",
        email="it@police.example",
        password=None,
        is_service_account=True,
    )
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=robot).key}")


def test_it_answers_429_with_retry_after_past_a_sessions_rate(world: World, low_rates) -> None:
    client = client_for(world.caseworker)
    answers = [client.get("/api/v1/services/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/cases/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60


def test_it_counts_each_account_apart(world: World, low_rates) -> None:
    caseworker = client_for(world.caseworker)
    for _ in range(3):
        caseworker.get("/api/v1/services/")
    assert caseworker.get("/api/v1/services/").status_code == 429
    assert client_for(world.manager).get("/api/v1/services/").status_code == 200


def test_a_token_has_its_own_rate(world: World, low_rates) -> None:
    client = _token_client()
    answers = [client.get("/api/v1/services/").status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]


def test_the_schema_documents_429_and_retry_after(db, tmp_path: Path) -> None:
    file = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(file))
    paths = yaml.safe_load(file.read_text())["paths"]
    for operations in paths.values():
        for operation in operations.values():
            assert "Retry-After" in operation["responses"]["429"]["headers"]
