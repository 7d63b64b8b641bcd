"""Opening a case: the person, her household membership and the case in one go, through the
services; bad input refuses all of it."""

import pytest
from django.test import Client

from accord.audit.models import AuditEvent
from accord.cases.models import Case, CaseKind
from accord.people.models import Household, HouseholdMember, Person, Relationship
from accord.testing import Casework, World, client_for


def intake(world: World, **changes: object) -> dict[str, object]:
    return {
        "kind": "survivor_support",
        "team": world.outreach.pk,
        "opened_on": "",
        "household": "new",
        "household_reference": "",
        "relationship": "",
        "given_name": "Marta",
        "family_name": "Ruiz",
        "date_of_birth": "1985-06-01",
        "phone": "+34 600 999 888",
        "substitute_address": "c/o Women's Aid A",
        "real_address": "3 Hidden Lane",
        **changes,
    }


def test_her_caseworker_sees_the_form(world: World) -> None:
    response = client_for(world.caseworker).get("/cases/new/")
    assert response.status_code == 200
    assert "Open the case" in response.content.decode()


@pytest.mark.parametrize("persona", ["admin", "dpo"])
def test_people_who_work_no_cases_get_a_404(world: World, persona: str) -> None:
    client = client_for(getattr(world, persona))
    assert client.get("/cases/new/").status_code == 404
    assert client.post("/cases/new/", intake(world)).status_code == 404
    assert not Case.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(db) -> None:
    assert Client().get("/cases/new/").status_code == 302


def test_it_opens_a_case_with_a_new_person_and_household(world: World) -> None:
    response = client_for(world.caseworker).post("/cases/new/", intake(world))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.reference}/"
    assert case.kind == CaseKind.SURVIVOR_SUPPORT
    assert case.key_worker == world.caseworker
    assert case.person.given_name == "Marta"
    assert case.person.real_address == "3 Hidden Lane"
    member = HouseholdMember.objects.get()
    assert member.household == case.household
    assert member.relationship == Relationship.SURVIVOR
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "person.created",
        "household.created",
        "household.member_added",
        "case.opened",
    } <= actions


def test_it_adds_the_person_to_a_household_of_her_cases(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        "/cases/new/",
        intake(
            world,
            kind="child",
            household="existing",
            household_reference=casework.household.reference.lower(),
            given_name="Lucía",
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get(kind=CaseKind.CHILD)
    assert case.household == casework.household
    assert HouseholdMember.objects.get(person=case.person).relationship == Relationship.CHILD


def test_an_unknown_household_reference_changes_nothing(world: World, casework: Casework) -> None:
    response = client_for(world.caseworker).post(
        "/cases/new/", intake(world, household="existing", household_reference="HH-NOSUCH")
    )
    assert response.status_code == 400
    assert "No household with this reference among your cases." in response.content.decode()
    assert Person.objects.count() == 2 and Case.objects.count() == 2


def test_a_household_outside_her_cases_is_unknown_to_her(world: World, casework: Casework) -> None:
    response = client_for(world.outsider).post(
        "/cases/new/",
        intake(
            world,
            team=world.outsider.memberships.get().team_id,
            household="existing",
            household_reference=casework.household.reference,
        ),
    )
    assert response.status_code == 400
    assert Person.objects.count() == 2


def test_a_team_she_does_not_work_in_is_refused(world: World) -> None:
    response = client_for(world.caseworker).post(
        "/cases/new/", intake(world, team=world.group_work.pk)
    )
    assert response.status_code == 400
    assert not Case.objects.exists() and not Person.objects.exists()


def test_a_kind_her_service_does_not_open_changes_nothing(world: World) -> None:
    response = client_for(world.caseworker).post(
        "/cases/new/", intake(world, kind="perpetrator_programme")
    )
    assert response.status_code == 400
    assert "does not open this kind of case" in response.content.decode()
    assert not Person.objects.exists() and not Household.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"date_of_birth": "2999-01-01"},
        {"date_of_birth": "1850-01-01"},
        {"date_of_birth": "1985-02-30"},
        {"opened_on": "2999-01-01"},
        {"given_name": ""},
        {"given_name": "x" * 151},
        {"real_address": "x" * 501},
        {"email": "not an address"},
        {"partner_first_name_as_given": "Ana"},
        {"household": "existing", "household_reference": ""},
    ],
)
def test_bad_input_changes_nothing(world: World, changes: dict[str, str]) -> None:
    response = client_for(world.caseworker).post("/cases/new/", intake(world, **changes))
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert (
        not Person.objects.exists() and not Household.objects.exists() and not Case.objects.exists()
    )


def test_the_facilitator_opens_a_programme_case_with_the_partner_s_first_name(world: World) -> None:
    response = client_for(world.facilitator).post(
        "/cases/new/",
        intake(
            world,
            kind="perpetrator_programme",
            team=world.group_work.pk,
            given_name="Jon",
            partner_first_name_as_given="Eva",
            real_address="",
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.partner_first_name_as_given == "Eva"
    assert HouseholdMember.objects.get().relationship == Relationship.PERSON_USING_VIOLENCE
