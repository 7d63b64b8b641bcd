"""The information barrier in the HTML (docs/product.md §4.1): the programme side's page for his
case never carries her location, contact details, disclosures or family name; her side's page
carries her phone and disclosure, and her address only after a reveal."""

from accord.testing import (
    SURVIVOR_ADDRESS,
    SURVIVOR_DISCLOSURE,
    SURVIVOR_PHONE,
    Casework,
    World,
    client_for,
)

from .helpers import case_url


def test_the_facilitator_s_page_for_his_case_carries_nothing_of_hers(
    world: World, casework: Casework
) -> None:
    response = client_for(world.facilitator).get(case_url(casework.his_case))
    assert response.status_code == 200
    html = response.content.decode()
    for secret in [SURVIVOR_ADDRESS, SURVIVOR_PHONE, SURVIVOR_DISCLOSURE, "García", "PO Box 12"]:
        assert secret not in html, secret
    assert casework.her_case.reference not in html
    assert casework.household.reference not in html
    # Only the first name he gave.
    assert "As he named her: Ana" in html


def test_her_caseworker_s_page_shows_phone_and_disclosure_but_not_the_address(
    world: World, casework: Casework
) -> None:
    html = client_for(world.caseworker).get(case_url(casework.her_case)).content.decode()
    assert SURVIVOR_PHONE in html
    assert SURVIVOR_DISCLOSURE in html
    assert "García" in html
    # The substitute address is contact class; the real one is reveal-only.
    assert "PO Box 12, Riverton" in html
    assert SURVIVOR_ADDRESS not in html
    assert "Reveal the address" in html


def test_her_caseworker_sees_his_programme_status_and_nothing_else_of_him(
    world: World, casework: Casework
) -> None:
    html = client_for(world.caseworker).get(case_url(casework.her_case)).content.decode()
    assert "Programme: Open" in html
    for his in ["Luis", "Pérez", casework.his_case.reference]:
        assert his not in html, his
