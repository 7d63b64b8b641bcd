"""The case page's summary header and in-page navigation, the chronology filtered by kind,
and the red flags of her current assessments on the case page itself."""

import pytest
from django.utils import translation

from accord.demo.risk import seed_demo_instruments
from accord.risk.tests.test_risk_views import completed
from accord.testing import Casework, World, client_for

from .helpers import case_url, fill_chronology


def test_the_header_sums_up_the_case_and_links_to_each_part(
    world: World, casework: Casework
) -> None:
    page = client_for(world.caseworker).get(case_url(casework.her_case)).content.decode()
    header = page[
        page.index('<header class="case-header"') : page.index(
            "</header>", page.index('<header class="case-header"')
        )
    ]
    assert casework.her_case.reference in header
    assert casework.survivor.given_name in header
    assert "Key worker" in header and "Risk level" in header
    for anchor in ("#overview", "#chronology", "#case-flags", "#work", "#household"):
        assert f'href="{anchor}"' in header, anchor
        assert f'id="{anchor[1:]}"' in page, anchor


def test_the_programme_side_sees_no_risk_nor_her_name_in_the_header(
    world: World, casework: Casework
) -> None:
    page = client_for(world.facilitator).get(case_url(casework.his_case)).content.decode()
    header = page[page.index('<header class="case-header"') :]
    header = header[: header.index("</header>")]
    assert casework.survivor.given_name not in header


def test_the_chronology_filters_by_kind(world: World, casework: Casework) -> None:
    fill_chronology(world, casework.her_case, 2)
    client = client_for(world.caseworker)
    notes = client.get(case_url(casework.her_case), {"kind": "note"}).content.decode()
    assert notes.count("chronology-item note") == casework.her_case.notes.count() >= 2
    assert "chronology-item incident" not in notes and "chronology-item task" not in notes
    everything = client.get(case_url(casework.her_case), {"kind": "bogus"}).content.decode()
    assert "chronology-item incident" in everything and "chronology-item task" in everything


@pytest.fixture
def checklist(db):
    return {i.slug: i for i in seed_demo_instruments()}["survivor-checklist"]


def test_red_flags_show_on_the_case_page_in_her_language(
    world: World, casework: Casework, checklist
) -> None:
    answers = {item.key: "no" for item in checklist.spec.items()}
    answers["strangled"] = "yes"
    completed(world, casework.her_case, checklist, answers)
    client = client_for(world.caseworker)
    page = client.get(case_url(casework.her_case)).content.decode()
    assert "Red flag" in page and "Strangulation, choking or suffocation" in page
    with translation.override("es"):
        label = checklist.spec.text("flags.strangulation", "es")
    client.cookies["django_language"] = "es"
    spanish = client.get(case_url(casework.her_case), headers={"accept-language": "es"})
    assert label in spanish.content.decode()


def test_a_childs_record_offers_gender_options_that_fit_a_child(
    world: World, casework: Casework
) -> None:
    from accord.audit.context import Actor
    from accord.cases import services as cases
    from accord.cases.models import CaseKind
    from accord.people import services as people

    actor = Actor.for_user(world.caseworker)
    child = people.person_create(
        actor=actor, organisation=world.womens_aid, given_name="Sam", family_name="Sample"
    )
    case = cases.case_open(
        actor=actor, kind=CaseKind.CHILD, person=child, team=casework.her_case.team
    )
    page = client_for(world.caseworker).get(case_url(case, "person")).content.decode()
    assert ">Girl<" in page and ">Boy<" in page
    assert ">Woman<" not in page
    adult = client_for(world.caseworker).get(case_url(casework.her_case, "person"))
    assert ">Woman<" in adult.content.decode()
