"""Helpers for the casework API tests: URLs, JSON posts, a service account's client."""

from typing import Any

from django.test import Client
from rest_framework.authtoken.models import Token

from accord.accounts.services import user_create
from accord.audit.context import Actor
from accord.cases.models import Case


def case_url(case: Case, rest: str = "") -> str:
    return f"/api/v1/cases/{case.reference}/{rest}"


def read_urls(case: Case) -> list[str]:
    """Every GET endpoint that reads something of `case`."""
    return [
        case_url(case),
        case_url(case, "incidents/"),
        case_url(case, "notes/"),
        case_url(case, "tasks/"),
        f"/api/v1/persons/{case.person.uid}/",
    ]


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")


def patch(client: Client, url: str, body: Any) -> Any:
    return client.patch(url, body, content_type="application/json")


INCIDENT = {"forms": ["physical", "coercive_control"], "source": "survivor", "injuries": True}
NOTE = {"contact_type": "phone", "text": "Called; she is safe tonight."}
TASK = {"title": "Book the interpreter", "due_on": "2030-01-15"}


def write_requests(case: Case) -> list[tuple[str, str, Any]]:
    """Every write endpoint on `case`: (method, url, a valid body)."""
    return [
        ("patch", case_url(case), {"version": case.version, "status": "on_hold"}),
        ("post", case_url(case, "close/"), {"version": case.version, "reason": "other"}),
        ("post", case_url(case, "incidents/"), INCIDENT),
        ("post", case_url(case, "notes/"), NOTE),
        ("post", case_url(case, "tasks/"), TASK),
    ]


def send(client: Client, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


def service_account_client() -> Client:
    robot = user_create(
        actor=Actor.system(),
        username="police-system",
        email="it@police.example",
        password=None,
        is_service_account=True,
    )
    token = Token.objects.create(user=robot)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")
