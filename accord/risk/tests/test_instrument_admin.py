"""An organisation's admin loads its own instrument file through the admin: checked in full,
refused with the line and field of every problem, audited, and visible to her organisation
only. Shipped instruments are listed read-only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.audit.models import AuditEvent
from accord.demo.risk import seed_demo_instruments
from accord.risk.models import Instrument
from accord.testing import World, client_for

LOAD_URL = "/admin/risk/instrument/load/"
OWN_CHECKLIST = """\
slug: own-checklist
version: "1"
title: Our licensed checklist
case_kinds: [survivor_support]
scoring: count_yes
thresholds: [{level: medium, minimum: 1}, {level: high, minimum: 2}]
sections:
  - key: main
    title: Questions
    items:
      - {key: afraid, text: "Are you afraid?", type: yes_no}
      - {key: threatened, text: "Has he threatened you?", type: yes_no}
"""


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("checklist.yaml", text.encode(), content_type="application/yaml")


@pytest.fixture
def shipped(db) -> list[Instrument]:
    return seed_demo_instruments()


def test_her_admin_loads_a_file_for_her_organisation(world: World) -> None:
    response = client_for(world.admin).post(
        LOAD_URL, {"organisation": world.womens_aid.pk, "file": upload(OWN_CHECKLIST)}
    )

    assert response.status_code == 302
    instrument = Instrument.objects.get(slug="own-checklist")
    assert instrument.organisation == world.womens_aid
    assert instrument.loaded_by == world.admin
    assert instrument.spec.title == "Our licensed checklist"
    event = AuditEvent.objects.get(action="instrument.loaded")
    assert event.subject_organisation_id == world.womens_aid.pk


def test_a_broken_file_is_refused_naming_the_line_and_nothing_is_loaded(world: World) -> None:
    broken = OWN_CHECKLIST.replace("type: yes_no}", "type: maybe}", 1)

    response = client_for(world.admin).post(
        LOAD_URL, {"organisation": world.womens_aid.pk, "file": upload(broken)}
    )

    assert response.status_code == 400
    assert "line 11" in response.content.decode()
    assert "maybe" in response.content.decode()
    assert not Instrument.objects.exists()


def test_she_cannot_load_for_another_organisation(world: World) -> None:
    response = client_for(world.admin).post(
        LOAD_URL, {"organisation": world.programme.pk, "file": upload(OWN_CHECKLIST)}
    )

    assert response.status_code == 400
    assert not Instrument.objects.exists()


def test_the_list_shows_shipped_and_own_instruments_but_not_another_organisations(
    world: World, shipped: list[Instrument]
) -> None:
    client_for(world.admin).post(
        LOAD_URL, {"organisation": world.womens_aid.pk, "file": upload(OWN_CHECKLIST)}
    )
    other = OWN_CHECKLIST.replace("Our licensed checklist", "Elsewhere's checklist")
    Instrument.objects.create(
        organisation=world.unrelated,
        slug="elsewhere",
        version="1",
        title="Elsewhere's checklist",
        definition={},
        source=other,
    )

    page = client_for(world.admin).get("/admin/risk/instrument/").content.decode()

    assert "Our licensed checklist" in page
    assert "Survivor risk identification checklist" in page
    assert "Elsewhere" not in page


def test_her_admin_may_not_switch_off_a_shipped_instrument(
    world: World, shipped: list[Instrument]
) -> None:
    checklist = next(i for i in shipped if i.slug == "survivor-checklist")
    url = f"/admin/risk/instrument/{checklist.pk}/change/"

    client_for(world.admin).post(url, {"active": ""})

    checklist.refresh_from_db()
    assert checklist.active


def test_a_caseworker_has_no_instrument_admin(world: World) -> None:
    response = client_for(world.caseworker).get(LOAD_URL)
    assert response.status_code in (302, 403)
    assert not Instrument.objects.exists()
