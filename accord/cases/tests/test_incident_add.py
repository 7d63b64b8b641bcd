"""Recording an incident: inline with htmx (the escalation flag follows), or without JS; only
by those who work the case and read incidents; impossible dates are refused."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accord.cases.models import GbvimsType, Incident
from accord.testing import Casework, World, client_for

from .helpers import HTMX, case_url, record_incidents

INCIDENT = {
    "occurred_on": "2024-03-01",
    "forms": ["physical", "coercive_control"],
    "source": "survivor",
    "protection_order": "none",
    "injuries": "on",
    "narrative": "He pushed her down the stairs.",
}


def test_it_records_an_incident_without_js(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(case_url(casework.her_case, "incidents"), INCIDENT)
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.gbvims_type == GbvimsType.PHYSICAL_ASSAULT
    assert incident.injuries and not incident.weapons
    assert incident.narrative == "He pushed her down the stairs."


def test_with_htmx_the_escalation_flag_follows_the_third_incident(
    world: World, casework: Casework
) -> None:
    record_incidents(world, casework.her_case, 2)
    today = timezone.localdate().isoformat()
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "incidents"), {**INCIDENT, "occurred_on": today}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="incident-form"')
    assert '<div id="case-flags" class="case-flags" hx-swap-oob="true">' in html
    assert "Escalating: 3 incidents in the last 12 months" in html
    assert "He pushed her down the stairs." in html


@pytest.mark.parametrize(
    "day, message",
    [
        (
            (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "This date is in the future.",
        ),
        ("1899-12-31", "Check the year: it is before 1900."),
        ("2024-02-30", "Enter a valid date."),
        ("99999-01-01", "Enter a valid date."),
    ],
)
def test_an_impossible_date_is_refused(
    world: World, casework: Casework, day: str, message: str
) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "incidents"), {**INCIDENT, "occurred_on": day}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Incident.objects.exists()


def test_at_least_one_form_of_violence_is_needed(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "incidents"), {**INCIDENT, "forms": []}, **HTMX
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Incident.objects.exists()


def test_an_unknown_form_of_violence_is_refused(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "incidents"), {**INCIDENT, "forms": ["physical", "made_up"]}
    )
    assert response.status_code == 400
    assert not Incident.objects.exists()


@pytest.mark.parametrize("persona", ["facilitator", "police_liaison", "outsider", "admin", "dpo"])
def test_anyone_who_may_not_work_her_case_gets_a_404(
    world: World, casework: Casework, persona: str
) -> None:
    response = client_for(getattr(world, persona)).post(
        case_url(casework.her_case, "incidents"), INCIDENT
    )
    assert response.status_code == 404
    assert not Incident.objects.exists()


def test_anonymous_posts_are_sent_to_sign_in(casework: Casework) -> None:
    assert Client().post(case_url(casework.her_case, "incidents"), INCIDENT).status_code == 302
    assert not Incident.objects.exists()


def test_it_records_non_fatal_strangulation_and_shows_it_in_the_chronology(
    world: World, casework: Casework
) -> None:
    """Defect: strangulation, a red flag of the checklist, could not be recorded on an
    incident."""
    caseworker = client_for(world.caseworker)
    response = caseworker.post(
        case_url(casework.her_case, "incidents"), {**INCIDENT, "strangulation": "on"}
    )
    assert response.status_code == 302
    assert Incident.objects.get().strangulation
    page = caseworker.get(case_url(casework.her_case)).content.decode()
    assert "Non-fatal strangulation, choking or suffocation" in page
