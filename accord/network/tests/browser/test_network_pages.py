"""The network's pages in Chromium: the analyst's report, the directory and the comparison
(with its server-drawn chart) have no serious or critical accessibility problem (axe)."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from accord.audit.context import Actor
from accord.network import services
from accord.network.tests.helpers import build_network, survivor_with_incident
from accord.testing import World
from accord.testing.browser import assert_accessible, sign_in_with_session

pytestmark = pytest.mark.browser


def test_the_network_pages_have_no_serious_problems(
    context: BrowserContext, page: Page, site: str, world: World
) -> None:
    network = build_network(world)
    for name in "ABCDEF":
        survivor_with_incident(world, name=name)
    report = services.report_prepare(actor=Actor.for_user(network.analyst), period="2026-Q3")
    table = next(t for t in report.tables if t["indicator"] == "risk-level-mix")
    services.submission_receive(
        actor=Actor.system(),
        member=network.member,
        payload={"member": network.member.slug, "tables": [table]},
    )
    sign_in_with_session(context, site, network.second_analyst)
    page.goto(f"/network/reports/{report.uid}/")
    expect(page.get_by_role("button", name="Approve these tables")).to_be_visible()
    assert_accessible(page)
    page.goto("/network/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Network members")
    assert_accessible(page)
    page.goto("/network/compare/?indicator=risk-level-mix")
    expect(page.get_by_role("img")).to_be_visible()
    assert_accessible(page)
