"""Who opens a case page: a case you may not see is a 404, exactly like one that does not
exist; every view is an audited read."""

import pytest
from django.test import Client

from accord.audit.models import AuditEvent
from accord.testing import Casework, World, client_for

from .helpers import case_url, main_html


@pytest.mark.parametrize("persona", ["caseworker", "manager"])
def test_her_team_opens_her_case(world: World, casework: Casework, persona: str) -> None:
    response = client_for(getattr(world, persona)).get(case_url(casework.her_case))
    assert response.status_code == 200
    assert casework.her_case.reference in main_html(response)


def test_the_facilitator_opens_his_case(world: World, casework: Casework) -> None:
    response = client_for(world.facilitator).get(case_url(casework.his_case))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin"])
def test_everyone_else_gets_a_404_for_her_case(
    world: World, casework: Casework, persona: str
) -> None:
    response = client_for(getattr(world, persona)).get(case_url(casework.her_case))
    assert response.status_code == 404
    missing = client_for(getattr(world, persona)).get("/cases/SV-NOTHERE/")
    assert missing.status_code == 404
    assert main_html(response) == main_html(missing)


@pytest.mark.parametrize("persona", ["caseworker", "police_liaison", "outsider", "admin", "dpo"])
def test_her_side_never_opens_his_case(world: World, casework: Casework, persona: str) -> None:
    assert client_for(getattr(world, persona)).get(case_url(casework.his_case)).status_code == 404


def test_the_dpo_sees_administrative_fields_only(world: World, casework: Casework) -> None:
    response = client_for(world.dpo).get(case_url(casework.her_case))
    assert response.status_code == 200
    page = main_html(response)
    assert "Survivor support" in page and "caseworker_a" in page
    assert "Ana" not in page and "García" not in page
    assert "+34 600 111 222" not in page
    assert "He took her phone" not in page
    # No work forms for her: she may not work the case.
    assert "Add the note" not in page


def test_anonymous_visitors_are_sent_to_sign_in(casework: Casework) -> None:
    response = Client().get(case_url(casework.her_case))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_every_view_is_an_audited_read(world: World, casework: Casework) -> None:
    client_for(world.caseworker).get(case_url(casework.her_case))
    event = AuditEvent.objects.get(action="case.viewed")
    assert event.actor_id == world.caseworker.pk
    assert event.object_id == str(casework.her_case.pk)


def test_a_refused_view_is_not_recorded_as_a_read(world: World, casework: Casework) -> None:
    client_for(world.facilitator).get(case_url(casework.her_case))
    assert not AuditEvent.objects.filter(action="case.viewed").exists()
