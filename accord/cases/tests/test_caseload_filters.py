"""The caseload's filters: scope (mine / my team / all), status, kind, key worker; pages of 25."""

import re

from accord.audit.context import Actor
from accord.cases import services
from accord.cases.models import CaseStatus, ClosureReason
from accord.testing import Casework, World, client_for

from .helpers import caseload_table, main_html, open_cases


def references(page: str) -> list[str]:
    return re.findall(r'<a href="/cases/([A-Z]{2}-[A-Z0-9]+)/">', page)


def test_it_shows_my_cases_by_default_and_my_team_s_on_request(
    world: World, casework: Casework
) -> None:
    [theirs] = open_cases(world, 1, key_worker=world.manager)
    client = client_for(world.caseworker)
    mine = caseload_table(client.get("/cases/"))
    assert casework.her_case.reference in mine
    assert theirs.reference not in mine
    team = caseload_table(client.get("/cases/?scope=team"))
    assert casework.her_case.reference in team and theirs.reference in team


def test_it_filters_by_status(world: World, casework: Casework) -> None:
    [closed] = open_cases(world, 1)
    services.case_close(
        actor=Actor.for_user(world.caseworker),
        case=closed,
        expected_version=closed.version,
        reason=ClosureReason.SUPPORT_COMPLETED,
    )
    client = client_for(world.caseworker)
    page = caseload_table(client.get(f"/cases/?status={CaseStatus.CLOSED}"))
    assert closed.reference in page
    assert casework.her_case.reference not in page


def test_it_filters_by_kind(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    assert casework.her_case.reference in caseload_table(
        client.get("/cases/?kind=survivor_support")
    )
    assert casework.her_case.reference not in caseload_table(client.get("/cases/?kind=child"))


def test_it_filters_by_key_worker(world: World, casework: Casework) -> None:
    [theirs] = open_cases(world, 1, key_worker=world.manager)
    page = caseload_table(
        client_for(world.caseworker).get(f"/cases/?scope=team&key_worker={world.manager.pk}")
    )
    assert theirs.reference in page
    assert casework.her_case.reference not in page


def test_a_filter_cannot_reach_beyond_what_the_user_may_see(
    world: World, casework: Casework
) -> None:
    # The facilitator's id as key worker, from her caseload: an unknown choice, ignored, and
    # still nothing of his programme shown.
    page = caseload_table(
        client_for(world.caseworker).get(f"/cases/?scope=all&key_worker={world.facilitator.pk}")
    )
    assert casework.his_case.reference not in page


def test_nonsense_filters_are_ignored_rather_than_an_error(
    world: World, casework: Casework
) -> None:
    response = client_for(world.caseworker).get(
        "/cases/?status=nope&kind=%00&key_worker=x&scope=zz&page=-3"
    )
    assert response.status_code == 200


def test_it_pages_by_25_in_a_stable_order(world: World, casework: Casework) -> None:
    open_cases(world, 29)
    client = client_for(world.caseworker)
    first = caseload_table(client.get("/cases/"))
    second = caseload_table(client.get("/cases/?page=2"))
    assert "Page 1 of 2" in main_html(client.get("/cases/"))
    assert first.count("<tr>") - 1 == 25
    assert second.count("<tr>") - 1 == 5
    again = caseload_table(client.get("/cases/"))
    assert references(first) == references(again)
    assert not set(references(first)) & set(references(second))
