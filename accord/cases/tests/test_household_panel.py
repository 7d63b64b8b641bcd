"""The household panel: her side sees who is in the household by relationship and his
programme status; the programme side sees only the first name he gave."""

from accord.audit.context import Actor
from accord.cases import services
from accord.cases.models import ClosureReason
from accord.testing import Casework, World, client_for

from .helpers import case_url, main_html


def panel(html: str) -> str:
    start = html.index('id="household-heading"')
    return html[start : html.index("</section>", start)]


def test_her_side_sees_members_by_relationship_and_his_programme_status(
    world: World, casework: Casework
) -> None:
    html = panel(main_html(client_for(world.caseworker).get(case_url(casework.her_case))))
    assert casework.household.reference in html
    assert "Survivor" in html and "The person of this case" in html
    assert "Person using violence" in html
    assert "Programme: Open" in html
    assert "Luis" not in html and "Pérez" not in html


def test_his_dropout_shows_on_her_side(world: World, casework: Casework) -> None:
    services.case_close(
        actor=Actor.for_user(world.facilitator),
        case=casework.his_case,
        expected_version=casework.his_case.version,
        reason=ClosureReason.DROPPED_OUT,
    )
    html = panel(main_html(client_for(world.caseworker).get(case_url(casework.her_case))))
    assert "Programme: Closed" in html
    assert "Dropped out" in html


def test_the_programme_side_has_no_household_panel(world: World, casework: Casework) -> None:
    html = main_html(client_for(world.facilitator).get(case_url(casework.his_case)))
    assert 'id="household-heading"' not in html
    assert casework.household.reference not in html
    assert "As he named her: Ana" in html


def test_the_dpo_has_no_household_panel(world: World, casework: Casework) -> None:
    html = main_html(client_for(world.dpo).get(case_url(casework.her_case)))
    assert 'id="household-heading"' not in html
