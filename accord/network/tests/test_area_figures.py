"""The barometer's area figures: entered on a page and through the API by whoever keeps them
(the hub's analysts every area, a member's organisation admins their member's areas), refused
whole with a clear message when wrong, audited, a conflict when stale; 404 for anyone else.
Nobody who keeps figures reaches a person's record by it."""

import pytest
from django.urls import reverse

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.network import services
from accord.network.models import Area, AreaReturn, ScoringScheme
from accord.network.tests.helpers import build_barometer, build_network
from accord.testing import client_for

pytestmark = pytest.mark.django_db

PAGE = "network:area_figures"
API = "/api/v1/network/area-returns/"


@pytest.fixture
def network(world):
    network = build_network(world)
    build_barometer(3)
    return network


def _form(**changes: object) -> dict[str, object]:
    data = {
        "area": "area-0",
        "year": 2026,
        "population": 120_000,
        "version": 0,
        "shelter-places": 14,
        "advocates": 6,
        "protocols-in-force__achieved": 3,
        "protocols-in-force__required": 4,
        "programme-available__achieved": 1,
        "programme-available__required": 1,
        "answer-days": 2,
        "reported-incidents": 410,
    }
    data.update(changes)
    return data


def _recorded(year: int = 2026) -> int:
    return AreaReturn.objects.filter(year=year).count()


def test_the_analyst_enters_an_areas_figures_and_it_is_audited(network) -> None:
    client = client_for(network.analyst)
    page = client.get(reverse(PAGE))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Shelter places per 10 000 inhabitants (count)" in body and "Area 02" in body
    response = client.post(reverse(PAGE), _form())
    assert response.status_code == 302
    entry = AreaReturn.objects.get(area__slug="area-0", year=2026)
    assert entry.population == 120_000
    assert entry.figures["protocols-in-force"] == [3, 4] and entry.figures["shelter-places"] == 14
    event = AuditEvent.objects.get(action="barometer_return.recorded", actor_id=network.analyst.pk)
    assert event.object_id == str(entry.pk) and event.reason == "area-0 2026 v1"
    # The year again, from the form prefilled with what is recorded: replaced, version 2.
    edit = client.get(reverse(PAGE), {"area": "area-0", "year": 2026}).content.decode()
    assert 'value="120000"' in edit
    assert client.post(reverse(PAGE), _form(population=121_000, version=1)).status_code == 302
    entry.refresh_from_db()
    assert (entry.population, entry.version) == (121_000, 2)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"shelter-places": -3}, "Shelter places per 10 000 inhabitants: a number from 0, not -3"),
        ({"population": 0}, "Inhabitants: a whole number from 1, not 0"),
        ({"population": -5}, "Inhabitants: a whole number from 1, not -5"),
        ({"area": "atlantis"}, "“atlantis” is not an area whose figures you keep"),
        ({"year": 1850}, "Year: from 2000 to 2100, not 1850"),
        (
            {"protocols-in-force__achieved": 5},
            "Multi-agency protocols in force: how many are in place",
        ),
        ({"advocates": "many"}, "Enter a number."),
        ({"programme-available__required": ""}, "give both how many are in place"),
    ],
)
def test_wrong_figures_are_named_and_nothing_is_saved(network, changes, message) -> None:
    response = client_for(network.analyst).post(reverse(PAGE), _form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _recorded() == 0
    assert not AuditEvent.objects.filter(
        action="barometer_return.recorded", actor_id=network.analyst.pk
    ).exists()


def test_odd_links_show_an_empty_form_and_huge_numbers_are_refused(network) -> None:
    client = client_for(network.analyst)
    for query in ({"area": "area-0", "year": "9" * 30}, {"area": "<x>", "year": "x"}):
        response = client.get(reverse(PAGE), query)
        assert response.status_code == 200 and "<x>" not in response.content.decode()
    huge = {"area": "area-0", "year": 2026, "population": 10**30, "figures": {}}
    response = client.post(API, huge, content_type="application/json")
    assert response.status_code == 400 and _recorded() == 0
    response = client.post(reverse(PAGE), _form(population=10**30))
    assert response.status_code == 400 and _recorded() == 0


def test_a_stale_form_is_a_conflict_and_shows_what_is_recorded(network) -> None:
    client = client_for(network.analyst)
    assert client.post(reverse(PAGE), _form()).status_code == 302
    # Someone else's form opened before the first save (version 0: no figures then).
    response = client_for(network.second_analyst).post(reverse(PAGE), _form(population=1))
    assert response.status_code == 409
    assert 'value="120000"' in response.content.decode()
    assert AreaReturn.objects.get(area__slug="area-0", year=2026).population == 120_000


def test_a_members_admin_keeps_only_the_areas_of_her_member(world, network) -> None:
    network.member.organisation = world.womens_aid
    network.member.save()
    Area.objects.filter(slug="area-1").update(member=network.member)
    admin = client_for(world.admin)
    page = admin.get(reverse(PAGE)).content.decode()
    assert "Area 01" in page and "Area 00" not in page
    assert "The barometer" not in page  # the ranking is the hub analysts'
    member_page = admin.get(reverse("network:member", args=["riverton"])).content.decode()
    assert reverse(PAGE) in member_page
    assert admin.post(reverse(PAGE), _form(area="area-1")).status_code == 302
    refused = admin.post(reverse(PAGE), _form(area="area-0"))
    assert refused.status_code == 400 and "not an area whose figures you keep" in (
        refused.content.decode()
    )
    assert list(AreaReturn.objects.filter(year=2026).values_list("area__slug", flat=True)) == [
        "area-1"
    ]


@pytest.mark.parametrize(
    "persona", ["caseworker", "manager", "admin", "dpo", "facilitator", "outsider"]
)
def test_anyone_who_keeps_no_area_gets_404_on_page_and_api(world, network, persona) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(reverse(PAGE)).status_code == 404
    assert client.post(reverse(PAGE), _form()).status_code == 404
    assert client.get(API).status_code == 404
    body = {"area": "area-0", "year": 2026, "population": 1000, "figures": {}}
    assert client.post(API, body, content_type="application/json").status_code == 404
    assert _recorded() == 0


def test_a_members_service_token_keeps_no_area(network) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Token {network.member_token}"}
    from django.test import Client

    machine = Client()
    assert machine.get(API, **headers).status_code == 404
    body = {"area": "area-0", "year": 2026, "population": 1000, "figures": {}}
    assert machine.post(API, body, content_type="application/json", **headers).status_code == 404


def test_the_service_refuses_a_person_who_does_not_keep_the_area(world, network) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.area_return_record(
            actor=Actor.for_user(world.caseworker),
            area=Area.objects.get(slug="area-0"),
            year=2026,
            population=1000,
            figures={},
            scheme=ScoringScheme.objects.get(),
        )


def test_the_api_records_lists_and_refuses_with_every_problem(network) -> None:
    client = client_for(network.analyst)
    body = {
        "area": "area-2",
        "year": 2026,
        "population": 90_000,
        "figures": {"shelter-places": 9, "protocols-in-force": [2, 4]},
    }
    created = client.post(API, body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["version"] == 1 and created.json()["area"] == "area-2"
    listing = client.get(API).json()
    assert any(row["area"] == "area-2" and row["year"] == 2026 for row in listing["results"])
    wrong = client.post(
        API,
        {**body, "year": 2027, "population": 0, "figures": {"shelter-places": -1, "x": 1}},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    problems = " ".join(wrong.json()["problems"])
    assert "Inhabitants: a whole number from 1" in problems
    assert "a number from 0, not -1" in problems and "x is not a measure" in problems
    unknown = client.post(API, {**body, "area": "atlantis"}, content_type="application/json")
    assert unknown.status_code == 400 and "atlantis" in unknown.json()["problems"][0]
    stale = client.post(API, {**body, "population": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current"]["population"] == 90_000
    assert _recorded(2027) == 0
    assert AreaReturn.objects.get(area__slug="area-2", year=2026).population == 90_000


def test_keeping_figures_reaches_no_persons_record(world, casework, network) -> None:
    network.member.organisation = world.womens_aid
    network.member.save()
    Area.objects.filter(slug="area-1").update(member=network.member)
    case = casework.her_case
    for user in (network.analyst, world.admin):
        client = client_for(user)
        assert client.get(reverse(PAGE)).status_code == 200
        assert client.get(reverse("cases:case", args=[case.reference])).status_code == 404
        assert client.get(f"/api/v1/cases/{case.reference}/").status_code == 404


@pytest.mark.parametrize("count", [3, 12])
def test_the_figures_page_takes_the_same_queries_for_3_or_12_areas(
    world, count, django_assert_num_queries
) -> None:
    network = build_network(world)
    build_barometer(count)
    assert AreaReturn.objects.count() == count
    client = client_for(network.analyst)
    client.get(reverse(PAGE))  # warm the session
    # session, user, MFA, the areas she keeps, the scoring, the figures, may she see the ranking
    with django_assert_num_queries(7):
        assert client.get(reverse(PAGE)).status_code == 200
