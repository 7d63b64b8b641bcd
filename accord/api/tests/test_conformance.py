"""The defects schemathesis found in the API, each pinned by a plain test (issue 10, item 1),
so that a regression is named here rather than only in schemathesis' report."""

import datetime
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from accord.audit.context import Actor
from accord.people import services as people
from accord.people.models import ConsentGiver, ConsentMethod, ConsentScope
from accord.testing import Casework, World, client_for


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker, tmp_path_factory) -> dict:
    file = tmp_path_factory.mktemp("schema") / "schema.yml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--file", str(file))
    return yaml.safe_load(Path(file).read_text())


@pytest.mark.parametrize(
    "path", ["/api/v1/cases.json", "/api/v1/cases/{her}.json/", "/api/v1/cases/{her}/notes.json"]
)
def test_it_has_no_format_suffix_routes(casework: Casework, world: World, path: str) -> None:
    url = path.format(her=casework.her_case.reference)
    assert client_for(world.caseworker).get(url).status_code == 404


def test_format_is_chosen_by_the_query_or_the_accept_header(casework: Casework, world) -> None:
    client = client_for(world.caseworker)
    assert client.get("/api/v1/cases/?format=json").status_code == 200
    assert client.get("/api/v1/cases/", HTTP_ACCEPT="application/json").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/",
        "/api/v1/cases/{her}/close/",
        "/api/v1/cases/{her}/consents/",
        "/api/v1/cases/{her}/safety-plan/items/",
    ],
)
def test_options_names_the_endpoint_and_no_fields(casework: Casework, world, path: str) -> None:
    response = client_for(world.caseworker).options(path.format(her=casework.her_case.reference))
    assert response.status_code == 200
    assert set(response.json()) == {"name", "renders", "parses"}


def test_the_consent_list_is_paginated_as_the_schema_says(casework: Casework, world) -> None:
    people.consent_record(
        actor=Actor.for_user(world.caseworker),
        person=casework.survivor,
        scope=ConsentScope.STATISTICS,
        given_by=ConsentGiver.PERSON,
        method=ConsentMethod.WRITTEN,
        given_on=datetime.date(2026, 1, 5),
    )
    url = f"/api/v1/cases/{casework.her_case.reference}/consents/"
    body = client_for(world.caseworker).get(url).json()
    assert body["count"] == 1
    assert body["results"][0]["scope"] == "statistics"


def test_an_id_filter_naming_nothing_gives_an_empty_list(world: World) -> None:
    client = client_for(world.caseworker)
    assert client.get("/api/v1/teams/?service=0").json()["results"] == []
    assert client.get("/api/v1/services/?organisation=999999").json()["results"] == []
    assert client.get(f"/api/v1/teams/?service={2**70}").status_code == 400


def test_a_boolean_filter_refuses_other_words(world: World) -> None:
    client = client_for(world.caseworker)
    assert client.get("/api/v1/directory/?self_referral=true").status_code == 200
    response = client.get("/api/v1/directory/?self_referral=null")
    assert response.status_code == 400
    assert "self_referral" in response.json()


def test_a_text_field_refuses_a_number(casework: Casework, world: World) -> None:
    url = f"/api/v1/cases/{casework.her_case.reference}/notes/"
    response = client_for(world.caseworker).post(
        url, {"contact_type": "phone", "text": 0}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "text" in response.json()


def test_a_page_past_the_end_is_404_and_documented(world: World, schema: dict) -> None:
    client = client_for(world.caseworker)
    assert client.get("/api/v1/cases/?page=0").status_code == 404
    operation = schema["paths"]["/api/v1/cases/"]["get"]
    page = next(p for p in operation["parameters"] if p["name"] == "page")
    assert page["schema"]["minimum"] == 1
    assert {"400", "403", "404", "429"} <= set(operation["responses"])


def test_the_schema_says_a_required_text_may_not_be_blank(schema: dict) -> None:
    person = schema["components"]["schemas"]["PersonInput"]["properties"]
    assert person["given_name"]["minLength"] == 1
    assert person["given_name"]["pattern"] == r"\S"
    assert "minLength" not in person["family_name"]


def test_a_stale_or_missing_version_is_documented(schema: dict) -> None:
    patch = schema["paths"]["/api/v1/cases/{reference}/"]["patch"]
    assert {"400", "409"} <= set(patch["responses"])
    body = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][body.rsplit("/", 1)[1]]
    assert "version" in component["required"]
