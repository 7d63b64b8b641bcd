"""The safety plan's panel joins the case page through the case-panel registry
(accord/safety/home.py): on her side's page, with its entry in the in-page navigation; never on
the programme side's page of his case."""

from accord.testing import Casework, World, client_for


def test_her_caseworker_sees_the_panel_and_its_link(world: World, casework: Casework) -> None:
    html = client_for(world.caseworker).get(f"/cases/{casework.her_case.reference}/").content
    assert b'<li><a href="#safety-plan">Safety plan</a></li>' in html
    assert b'<section class="panel" id="safety-plan"' in html


def test_the_programme_side_never_sees_it(world: World, casework: Casework) -> None:
    html = client_for(world.facilitator).get(f"/cases/{casework.his_case.reference}/").content
    assert b"safety-plan" not in html
