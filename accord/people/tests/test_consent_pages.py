"""The consent page of a case: who reads it (her caseworker and manager, the DPO read-only,
the programme for his own), who records and withdraws (those who work the case), and a 404 for
everyone else, exactly as for a missing case."""

import datetime
import re

import pytest
from django.test import Client

from accord.access.policy import case_access
from accord.audit.models import AuditEvent
from accord.cases.tests.helpers import main_html, settled_client
from accord.people.models import Consent, ConsentGiver, ConsentMethod, ConsentScope
from accord.people.selectors import valid_consent
from accord.testing import Casework, World, client_for

from .consent_helpers import CAREGIVER, WITNESS, add_child, consent_url, record

DENIED = ["facilitator", "police_liaison", "outsider", "admin"]
RECORD = {
    "scope": ConsentScope.CONFERENCE_SHARING,
    "given_by": ConsentGiver.PERSON,
    "method": ConsentMethod.VERBAL_WITNESSED,
    "witness_name": WITNESS,
    "given_on": "2025-01-10",
    "expires_on": "2030-12-31",
}


def pages(casework: Casework, consent: Consent) -> list[tuple[str, str, dict]]:
    case = casework.her_case
    return [
        ("get", consent_url(case), {}),
        ("post", consent_url(case, "record"), RECORD),
        ("post", consent_url(case, f"{consent.uid}/withdraw"), {"note": "x"}),
    ]


@pytest.mark.parametrize("persona", [*DENIED, "dpo"])
def test_no_one_but_those_who_work_her_case_writes(
    world: World, casework: Casework, persona: str
) -> None:
    consent = record(world, casework.survivor, case=casework.her_case)
    client = client_for(getattr(world, persona))
    events = AuditEvent.objects.count()
    for _method, url, data in pages(casework, consent)[1:]:
        assert client.post(url, data).status_code == 404, (persona, url)
    assert Consent.objects.get().withdrawn_at is None
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", DENIED)
def test_everyone_off_her_side_gets_404_like_a_missing_case(
    world: World, casework: Casework, persona: str
) -> None:
    record(world, casework.survivor, case=casework.her_case)
    client = client_for(getattr(world, persona))
    denied = client.get(consent_url(casework.her_case))
    missing = client.get("/cases/SV-NOSUCH/consent/")
    assert denied.status_code == missing.status_code == 404
    assert main_html(denied) == main_html(missing)


def test_anonymous_visitors_are_sent_to_sign_in(world: World, casework: Casework) -> None:
    consent = record(world, casework.survivor, case=casework.her_case)
    for method, url, data in pages(casework, consent):
        response = getattr(Client(), method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["caseworker", "manager", "dpo"])
def test_her_side_and_the_dpo_read_the_page(world: World, casework: Casework, persona: str) -> None:
    record(
        world,
        casework.survivor,
        case=casework.her_case,
        method=ConsentMethod.VERBAL_WITNESSED,
        witness_name=WITNESS,
    )
    user = getattr(world, persona)
    response = client_for(user).get(consent_url(casework.her_case))
    assert response.status_code == 200
    page = response.content.decode()
    assert WITNESS in page and "Sharing with a risk conference" in page and "State: Valid" in page
    # The DPO reads; only those who work the case see the forms.
    assert ("Record the consent" in page) is (persona != "dpo")
    assert ("Withdraw this consent" in page) is (persona != "dpo")
    event = AuditEvent.objects.filter(action="consent.listed").latest("seq")
    assert event.actor_id == user.pk
    assert event.object_id == str(casework.survivor.pk)


def test_the_programme_reads_his_own_consents_and_not_hers(
    world: World, casework: Casework
) -> None:
    record(world, casework.man, case=casework.his_case, scope=ConsentScope.STATISTICS)
    client = client_for(world.facilitator)
    assert client.get(consent_url(casework.his_case)).status_code == 200
    assert client.get(consent_url(casework.her_case)).status_code == 404
    assert client_for(world.caseworker).get(consent_url(casework.his_case)).status_code == 404


def test_the_access_module_says_so(world: World, casework: Casework) -> None:
    her_case = casework.her_case
    for user in [world.caseworker, world.manager]:
        assert case_access(user, her_case).reads_records(Consent)
        assert case_access(user, her_case).may_write_records(Consent)
    assert case_access(world.dpo, her_case).reads_records(Consent)
    assert not case_access(world.dpo, her_case).may_write_records(Consent)
    for user in [world.facilitator, world.police_liaison, world.outsider, world.admin]:
        assert not case_access(user, her_case).reads_records(Consent), user
        assert not case_access(user, her_case).may_write_records(Consent), user
    assert case_access(world.facilitator, casework.his_case).may_write_records(Consent)


def test_her_caseworker_records_a_consent(world: World, casework: Casework) -> None:
    client = client_for(world.caseworker)
    response = client.post(consent_url(casework.her_case, "record"), RECORD)
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.recorded_on_case == casework.her_case
    assert consent.recorded_by == world.caseworker
    assert consent.witness_name == WITNESS
    assert consent.expires_on == datetime.date(2030, 12, 31)
    assert "Consent recorded." in client.get(response["Location"]).content.decode()


def test_a_verbal_consent_without_a_witness_is_refused_with_a_message(
    world: World, casework: Casework
) -> None:
    client = client_for(world.caseworker)
    data = {**RECORD, "witness_name": ""}
    response = client.post(consent_url(casework.her_case, "record"), data)
    assert response.status_code == 400
    assert "Verbal consent needs a witness" in response.content.decode()
    htmx = client.post(
        consent_url(casework.her_case, "record"), data, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 200
    assert "Verbal consent needs a witness" in htmx.content.decode()
    assert "<html" not in htmx.content.decode()
    assert not Consent.objects.exists()


def test_a_child_consent_from_her_case(world: World, casework: Casework) -> None:
    child, case = add_child(world, casework, date_of_birth=datetime.date(2016, 5, 5))
    client = client_for(world.caseworker)
    base = {**RECORD, "method": ConsentMethod.WRITTEN, "witness_name": ""}
    mine = client.post(consent_url(case, "record"), base)
    assert mine.status_code == 400
    assert "record a caregiver&#x27;s consent" in mine.content.decode()
    assert (
        client.post(
            consent_url(case, "record"),
            {**base, "given_by": ConsentGiver.CAREGIVER, "caregiver_name": CAREGIVER},
        ).status_code
        == 302
    )
    assert (
        client.post(
            consent_url(case, "record"), {**base, "given_by": ConsentGiver.CHILD_ASSENT}
        ).status_code
        == 302
    )
    on = datetime.date(2025, 2, 1)
    assert valid_consent(child, scope=ConsentScope.CONFERENCE_SHARING, on=on).caregiver_name == (
        CAREGIVER
    )


def test_withdrawing_from_the_page(world: World, casework: Casework) -> None:
    consent = record(world, casework.survivor, case=casework.her_case)
    client = client_for(world.caseworker)
    url = consent_url(casework.her_case, f"{consent.uid}/withdraw")
    response = client.post(
        url, {"note": "She phoned.", "confirm": "on"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Consent withdrawn." in page and "Withdrawn" in page and "She phoned." in page
    consent.refresh_from_db()
    assert consent.withdrawn_by == world.caseworker
    again = client.post(url, {"note": "", "confirm": "on"})
    assert again.status_code == 400
    assert "already withdrawn" in again.content.decode()


def test_an_unknown_or_malformed_consent_is_404(world: World, casework: Casework) -> None:
    other = record(world, casework.man, case=casework.his_case)
    client = client_for(world.caseworker)
    base = f"/cases/{casework.her_case.reference}/consent/"
    # His consent through her case, and a uid that does not parse.
    assert client.post(f"{base}{other.uid}/withdraw/").status_code == 404
    assert client.post(f"{base}not-a-uid/withdraw/").status_code == 404


def test_the_case_page_links_to_it(world: World, casework: Casework) -> None:
    page = client_for(world.caseworker).get(f"/cases/{casework.her_case.reference}/")
    assert consent_url(casework.her_case) in page.content.decode()


# The page costs the same whatever the number of consents. For her caseworker, session settled:
#   1. the session  2. the user  3. "has she an authenticator?" (MfaRequiredMiddleware)
#   4. the case (visible_to) with person, team and service  5. is she on the owning side?
#   (her acting team for the audit event comes from her standing, read once: 5 read it)
#   6-10. the "consent.listed" event: a SAVEPOINT, lock the chain head, insert, move the
#      head, RELEASE (the subject organisation comes from the case already loaded)
#   11. her consents with organisation, who recorded and withdrew them, and the case
#   12. the organisations for the record form's choices
CONSENT_PAGE_QUERIES = 12


def test_it_costs_the_same_for_1_and_12_consents(
    world: World, casework: Casework, django_assert_num_queries
) -> None:
    record(world, casework.survivor, case=casework.her_case)
    client = settled_client(world.caseworker)
    url = consent_url(casework.her_case)
    with django_assert_num_queries(CONSENT_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    for number in range(11):
        record(
            world,
            casework.survivor,
            case=casework.her_case,
            scope=ConsentScope.REFERRAL_TO_ORGANISATION,
            organisation=[world.police, world.programme][number % 2],
            given_on=datetime.date(2025, 1, 1 + number),
            method=ConsentMethod.VERBAL_WITNESSED,
            witness_name=WITNESS,
        )
    with django_assert_num_queries(CONSENT_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('class="consent"') == 12


def test_a_withdrawal_needs_a_confirmation_and_is_not_the_first_button(
    world: World, casework: Casework
) -> None:
    """Defect: one click withdrew a consent, and right after recording one the first button
    of the page was "Withdraw this consent"."""
    consent = record(world, casework.survivor, case=casework.her_case)
    client = client_for(world.caseworker)
    url = consent_url(casework.her_case, f"{consent.uid}/withdraw")

    refused = client.post(url, {"note": "clicked"})

    assert refused.status_code == 400
    assert "Tick the box to confirm the withdrawal." in refused.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    page = client.get(consent_url(casework.her_case)).content.decode()
    # What shows before anything is opened: the withdrawal waits inside its disclosure.
    main = re.sub(r"<details.*?</details>", "", page[page.index("<main") :], flags=re.S)
    first_button = main[main.index("<button") : main.index("</button>")]
    assert "Withdraw" not in first_button
    assert '<details class="withdraw">' in page
