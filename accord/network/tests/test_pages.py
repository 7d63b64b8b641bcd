"""The network's pages: allowed and denied (404) for each, the four-eyes flow through the
pages, and query counts pinned and constant in the number of members and submissions."""

import pytest
from django.urls import reverse

from accord.audit.context import Actor
from accord.network import services
from accord.network.models import Member, Report, ReportStatus
from accord.network.tests.helpers import build_network, survivor_with_incident
from accord.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(world):
    return build_network(world)


def _submit(network, member=None, period="2026-Q3", value=12):
    """A member's table stored at the hub through the service (the API path is tested in
    test_submission.py)."""
    member = member or network.member
    cells = [
        {"key": [code], "value": value, "flag": ""}
        for code in ["standard", "medium", "high", "not_assessed"]
    ]
    cells.append({"key": ["_T"], "value": 4 * value, "flag": ""})
    table = {
        "indicator": "risk-level-mix",
        "version": 1,
        "period": period,
        "unit": "persons",
        "dimensions": ["risk_level"],
        "cells": cells,
    }
    services.submission_receive(
        actor=Actor.system(), member=member, payload={"member": member.slug, "tables": [table]}
    )


def test_an_analyst_prepares_and_another_approves_through_the_pages(world, network) -> None:
    for name in "ABCDEF":
        survivor_with_incident(world, name=name)
    analyst = client_for(network.analyst)
    response = analyst.post(reverse("network:reports"), {"period": "2026-Q3"})
    assert response.status_code == 302
    url = response["Location"]
    page = analyst.get(url)
    assert page.status_code == 200
    assert "Approve these tables" not in page.content.decode()
    second = client_for(network.second_analyst)
    assert "Approve these tables" in second.get(url).content.decode()
    report = Report.objects.get()
    second.post(reverse("network:report_approve", args=[report.uid]), {"version": 1})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.approved_by == network.second_analyst


def test_a_period_not_ended_is_refused_with_a_message(network) -> None:
    response = client_for(network.analyst).post(reverse("network:reports"), {"period": "2026-Q4"})
    assert response.status_code == 200
    assert "has not ended yet" in response.content.decode()


@pytest.mark.parametrize("persona", ["caseworker", "manager", "facilitator", "outsider"])
def test_reports_are_404_without_the_analyst_or_admin_role(world, network, persona) -> None:
    client = client_for(getattr(world, persona))
    report = services.report_prepare(actor=Actor.for_user(network.analyst), period="2026-Q3")
    assert client.get(reverse("network:reports")).status_code == 404
    assert client.get(reverse("network:report", args=[report.uid])).status_code == 404
    assert (
        client.post(
            reverse("network:report_approve", args=[report.uid]), {"version": 1}
        ).status_code
        == 404
    )
    assert client.get(reverse("network:compare")).status_code == 404


def test_a_malformed_report_id_is_404(network) -> None:
    assert client_for(network.analyst).get("/network/reports/not-a-uuid/").status_code == 404


@pytest.mark.parametrize("persona", ["analyst", "admin"])
def test_analysts_and_admins_never_reach_person_level_records(
    world, casework, network, persona
) -> None:
    user = network.analyst if persona == "analyst" else world.admin
    client = client_for(user)
    assert client.get(f"/cases/{casework.her_case.reference}/").status_code == 404
    assert client.get(f"/api/v1/cases/{casework.her_case.reference}/").status_code == 404
    assert client.get(f"/people/{casework.survivor.uid}/").status_code == 404
    assert client.get("/api/v1/cases/").json()["results"] == []
    persons = client.get("/api/v1/persons/")
    assert persons.status_code in (400, 404) or persons.json().get("results") == [], persons.json()


def test_the_directory_filters_and_a_member_keeps_its_own_page(world, network) -> None:
    network.member.organisation = world.womens_aid
    network.member.save()
    client = client_for(network.analyst)
    listing = client.get(reverse("network:members"), {"country": "IT"}).content.decode()
    assert "Elsewhere Network" in listing and "Riverton Partnership" not in listing
    found = client.get(reverse("network:members"), {"q": "river"}).content.decode()
    assert "Riverton Partnership" in found and "Elsewhere Network" not in found
    admin = client_for(world.admin)
    edit = reverse("network:member_edit", args=["riverton"])
    assert admin.get(edit).status_code == 200
    response = admin.post(
        edit,
        {
            "name": "Riverton Partnership",
            "country": "ES",
            "city": "Riverton",
            "services": ["survivor_support"],
            "partnership_model": "combined",
            "member_since": "2020-01-01",
            "version": 1,
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(slug="riverton").city == "Riverton"
    # Not its own member, and not an admin: 404.
    assert admin.get(reverse("network:member_edit", args=["elsewhere"])).status_code == 404
    assert client.get(edit).status_code == 404


def test_a_stale_member_form_is_a_conflict(world, network) -> None:
    network.member.organisation = world.womens_aid
    network.member.save()
    services.member_update(
        actor=Actor.for_user(world.admin), member=network.member, expected_version=1, city="X"
    )
    response = client_for(world.admin).post(
        reverse("network:member_edit", args=["riverton"]),
        {
            "name": "Riverton Partnership",
            "country": "ES",
            "partnership_model": "combined",
            "member_since": "2020-01-01",
            "version": 1,
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(slug="riverton").city == "X"


def test_the_comparison_combines_only_published_figures(network) -> None:
    _submit(network, value=12)
    _submit(network, member=network.other_member, value=7)
    page = client_for(network.analyst).get(
        reverse("network:compare"), {"indicator": "risk-level-mix"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "48" in text and "28" in text and "76" in text
    chart = client_for(network.analyst).get(
        reverse("network:compare_chart"), {"indicator": "risk-level-mix"}
    )
    assert chart["Content-Type"] == "image/svg+xml" and b"<svg" in chart.content


def test_the_exports_are_csv_and_sdmx(network) -> None:
    _submit(network)
    client = client_for(network.analyst)
    csv = client.get(reverse("network:export", args=["csv"]), {"indicator": "risk-level-mix"})
    assert csv.status_code == 200 and b"riverton,ES,2026-Q3,high,12," in csv.content
    sdmx = client.get(reverse("network:export", args=["sdmx"]), {"indicator": "risk-level-mix"})
    assert sdmx.status_code == 200 and b"StructureSpecificData" in sdmx.content
    assert b'RISK_LEVEL="high"' in sdmx.content and b'CONF_STATUS="F"' in sdmx.content
    assert client.get("/network/compare/export.pdf").status_code == 404


def _members(network, count: int) -> None:
    from accord.network.tests.helpers import _member

    for number in range(count):
        member, _token = _member(f"m{number}", f"Member {number}", "SE")
        _submit(network, member=member)
        _submit(network, member=member, period="2026-Q2")


@pytest.mark.parametrize("count", [3, 30])
def test_hub_pages_take_the_same_queries_for_3_or_30_members(
    network, count, django_assert_num_queries
) -> None:
    _members(network, count)
    client = client_for(network.analyst)
    client.get(reverse("network:members"))  # warm the session
    with django_assert_num_queries(7):
        assert client.get(reverse("network:members")).status_code == 200
    with django_assert_num_queries(7):
        assert (
            client.get(reverse("network:compare"), {"indicator": "risk-level-mix"}).status_code
            == 200
        )
    # The fifth: whether she keeps the member's areas' barometer figures (the page links them).
    with django_assert_num_queries(5):
        assert client.get(reverse("network:member", args=["m1"])).status_code == 200
