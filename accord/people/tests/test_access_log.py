"""Who accessed her records (defect 3): found by a case reference, every kind of record
together (her record, her cases, incidents, notes, consents…), in a period that defaults to this
month; nobody but her organisation's DPO finds the page."""

import datetime

import pytest
from django.utils import timezone

from accord.audit.context import Actor
from accord.cases.models import ContactType
from accord.cases.services import case_viewed, note_add
from accord.people.tests.dpo_helpers import DENIED
from accord.testing import Casework, World, client_for


def _url(casework: Casework) -> str:
    return f"/people/{casework.survivor.uid}/access-log/"


def test_a_case_reference_leads_to_every_kind_of_her_records(
    world: World, casework: Casework
) -> None:
    actor = Actor.for_user(world.caseworker)
    case_viewed(actor=actor, case=casework.her_case)
    note_add(actor=actor, case=casework.her_case, contact_type=ContactType.PHONE, text="Called.")
    client = client_for(world.dpo)

    found = client.get(
        "/people/data-protection/",
        {"reference": casework.her_case.reference, "then": "access_log"},
    )
    assert found.status_code == 302 and found["Location"] == _url(casework)

    page = client.get(found["Location"]).content.decode()
    assert "case.viewed" in page
    assert "note.added" in page
    assert "cases.note" in page and "cases.case" in page
    # His case's events are the programme's, not about her records.
    assert casework.his_case.reference not in page


def test_the_period_defaults_to_this_month_and_can_be_narrowed(
    world: World, casework: Casework
) -> None:
    case_viewed(actor=Actor.for_user(world.caseworker), case=casework.her_case)
    client = client_for(world.dpo)
    first = timezone.localdate().replace(day=1)
    page = client.get(_url(casework)).content.decode()
    assert f'value="{first.isoformat()}"' in page
    assert "case.viewed" in page
    before = first - datetime.timedelta(days=40)
    earlier = client.get(
        _url(casework),
        {"start": before.isoformat(), "end": (before + datetime.timedelta(days=5)).isoformat()},
    ).content.decode()
    assert "case.viewed" not in earlier
    bad = client.get(_url(casework), {"start": "2026-13-01", "end": "x"})
    assert bad.status_code == 400


@pytest.mark.parametrize("persona", DENIED)
def test_it_is_missing_for_anyone_else(world: World, casework: Casework, persona: str) -> None:
    assert client_for(getattr(world, persona)).get(_url(casework)).status_code == 404
