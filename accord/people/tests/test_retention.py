"""Retention: once all of a person's cases have been closed for longer than her holding
organisation's policy, her record is anonymised (counts kept) or deleted, with a tombstone in
the audit log. Open cases protect her."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models.deletion import ProtectedError

from accord.accounts.models import RetentionAction
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases.models import Case, CaseStatus, Incident, Note, Task
from accord.cases.services import case_update
from accord.people import retention
from accord.people import services as people
from accord.people.models import Household, HouseholdMember, Person
from accord.people.retention import due_people, retention_apply, years_before
from accord.people.tasks import apply_retention
from accord.people.tests.dpo_helpers import (
    CLOSED_NARRATIVE,
    CLOSED_NOTE,
    CLOSED_PHONE,
    CLOSED_TASK,
    case_with_records,
    person_with_case,
    today,
)
from accord.testing import Casework, World

LONG_AGO = datetime.datetime(2010, 1, 1, tzinfo=datetime.UTC)


def apply() -> dict[str, int]:
    return retention_apply(actor=Actor.system(), today=today()).counts()


def tombstones(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def use_policy(world: World, action: RetentionAction, years: int = 6) -> None:
    world.womens_aid.retention_action = action
    world.womens_aid.retention_years = years
    world.womens_aid.full_clean()
    world.womens_aid.save()


def raw_columns(table: str, columns: str, pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def test_the_default_policy_is_to_anonymise_after_six_years(world: World) -> None:
    assert world.womens_aid.retention_years == 6
    assert world.womens_aid.retention_action == RetentionAction.ANONYMISE


def test_it_anonymises_a_person_whose_cases_closed_seven_years_ago(world: World) -> None:
    person, case = person_with_case(world, closed_years_ago=7)

    assert apply() == {"anonymised": 1, "deleted": 0, "failed": 0}

    person = Person.objects.get(pk=person.pk)
    assert person.anonymised_at is not None
    assert person.given_name == ""
    assert person.family_name is None
    assert person.date_of_birth is None
    assert person.phone is None
    assert person.real_address is None
    assert person.aliases == [] and person.languages == []
    assert person.name_dob_index == ""
    [incident] = Incident.objects.filter(case=case)
    assert incident.narrative is None
    assert [note.text for note in Note.objects.filter(case=case)] == [""]
    # Her task and the risk review her incident set due: both titles cleared.
    assert [task.title for task in Task.objects.filter(case=case)] == ["", ""]


def test_anonymising_keeps_the_structure_for_statistics(world: World) -> None:
    person, case = person_with_case(world, closed_years_ago=7)

    apply()

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.kind == "survivor_support"
    assert Incident.objects.filter(case=case).values_list("forms", flat=True).get() == ["physical"]
    # Her task and the risk review her incident set due.
    assert (Note.objects.filter(case=case).count(), Task.objects.filter(case=case).count()) == (
        1,
        2,
    )


def test_anonymised_data_is_gone_from_the_database_too(world: World) -> None:
    person, case = person_with_case(world, closed_years_ago=7)
    note = Note.objects.get(case=case)

    apply()

    # Still a token (of an empty value), never the old one and never plaintext.
    (phone, real_address) = raw_columns("people_person", "phone, real_address", person.pk)
    assert phone is None and real_address is None
    (text,) = raw_columns("cases_note", "text", note.pk)
    assert text.startswith("v1:")
    assert Note.objects.get(pk=note.pk).text == ""
    for value in (CLOSED_PHONE, CLOSED_NOTE, CLOSED_NARRATIVE, CLOSED_TASK):
        assert value not in text


def test_it_keeps_a_person_whose_cases_closed_five_years_ago(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=5)

    assert apply() == {"anonymised": 0, "deleted": 0, "failed": 0}

    person = Person.objects.get(pk=person.pk)
    assert person.anonymised_at is None
    assert person.phone == CLOSED_PHONE


def test_an_open_case_protects_her_however_old_the_others_are(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=9)
    case_with_records(world, person, closed_years_ago=None)

    assert apply()["anonymised"] == 0
    assert Person.objects.get(pk=person.pk).phone == CLOSED_PHONE


def test_a_case_on_hold_protects_her_too(world: World) -> None:
    person, case = person_with_case(world, closed_years_ago=None)
    case_update(
        actor=Actor.system(),
        case=case,
        expected_version=case.version,
        key_worker=world.caseworker,
        status=CaseStatus.ON_HOLD,
    )

    assert apply()["anonymised"] == 0


def test_the_organisations_own_period_counts(world: World) -> None:
    use_policy(world, RetentionAction.ANONYMISE, years=4)
    person, _ = person_with_case(world, closed_years_ago=5)

    assert apply()["anonymised"] == 1


def test_it_leaves_a_tombstone_and_nothing_else_about_her(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=7)

    apply()

    [event] = tombstones("person.retention_anonymised")
    assert event.actor_id is None and event.actor_label == "system"
    assert event.object_type == "people.person"
    assert event.object_id == str(person.pk)
    assert event.subject_organisation_id == world.womens_aid.pk
    assert event.reason == (
        "policy: anonymise after 6 years; cases 1, incidents 1, notes 1, tasks 2, "
        "assessments 0, safety-plan items 0, referrals 0, consents 0"
    )


def test_it_anonymises_a_person_once(world: World) -> None:
    person_with_case(world, closed_years_ago=7)

    apply()
    assert apply()["anonymised"] == 0
    assert len(tombstones("person.retention_anonymised")) == 1


def test_delete_mode_deletes_her_record_cases_and_memberships(world: World) -> None:
    use_policy(world, RetentionAction.DELETE)
    household = people.household_create(actor=Actor.system(), organisation=world.womens_aid)
    person, case = person_with_case(world, closed_years_ago=7, household=household)

    assert apply() == {"anonymised": 0, "deleted": 1, "failed": 0}

    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Incident.objects.filter(case_id=case.pk).exists()
    assert not Note.objects.filter(case_id=case.pk).exists()
    assert not Task.objects.filter(case_id=case.pk).exists()
    assert not HouseholdMember.objects.filter(person_id=person.pk).exists()
    # A household with no one left in it and no case goes too.
    assert not Household.objects.filter(pk=household.pk).exists()
    [event] = tombstones("person.retention_deleted")
    assert event.object_id == str(person.pk)
    assert event.reason.startswith("policy: delete after 6 years; cases 1,")


def test_delete_mode_also_deletes_records_anonymised_before(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=7)
    apply()
    use_policy(world, RetentionAction.DELETE)

    assert apply()["deleted"] == 1
    assert not Person.objects.filter(pk=person.pk).exists()


def test_she_is_anonymised_even_if_someone_else_in_her_household_has_an_open_case(
    world: World, casework: Casework
) -> None:
    # Her own cases are closed long enough; the open case is her mother's, about her mother.
    person, _ = person_with_case(world, closed_years_ago=7, household=casework.household)

    assert apply()["anonymised"] == 1
    assert Person.objects.get(pk=person.pk).anonymised_at is not None
    # The open cases and their people are untouched.
    survivor = Person.objects.get(pk=casework.survivor.pk)
    assert survivor.anonymised_at is None and survivor.given_name == "Ana"


def test_in_delete_mode_the_household_stays_for_the_open_case(
    world: World, casework: Casework
) -> None:
    use_policy(world, RetentionAction.DELETE)
    person, _ = person_with_case(world, closed_years_ago=7, household=casework.household)

    apply()

    assert Household.objects.filter(pk=casework.household.pk).exists()
    assert list(
        HouseholdMember.objects.filter(household=casework.household)
        .order_by("pk")
        .values_list("person_id", flat=True)
    ) == [casework.survivor.pk, casework.man.pk]


def test_a_person_without_a_case_is_kept_while_her_household_has_an_open_case(
    world: World, casework: Casework
) -> None:
    child = people.person_create(
        actor=Actor.system(), organisation=world.womens_aid, given_name="Lucía"
    )
    people.household_member_add(
        actor=Actor.system(), household=casework.household, person=child, relationship="child"
    )
    Person.objects.filter(pk=child.pk).update(created_at=LONG_AGO)

    assert child not in due_people(world.womens_aid, today=today())


def test_a_person_without_any_case_counts_from_her_record(world: World) -> None:
    person = people.person_create(
        actor=Actor.system(), organisation=world.womens_aid, given_name="Lucía"
    )
    assert person not in due_people(world.womens_aid, today=today())

    Person.objects.filter(pk=person.pk).update(created_at=LONG_AGO)

    assert person in due_people(world.womens_aid, today=today())


def test_the_period_is_counted_in_whole_years_and_29_february_is_handled() -> None:
    assert years_before(datetime.date(2026, 3, 1), 6) == datetime.date(2020, 3, 1)
    assert years_before(datetime.date(2024, 2, 29), 1) == datetime.date(2023, 2, 28)


def test_a_failure_leaves_the_person_unchanged_and_the_others_go_on(
    world: World, monkeypatch
) -> None:
    first, _ = person_with_case(world, closed_years_ago=7, given_name="Uno")
    second, _ = person_with_case(world, closed_years_ago=7, given_name="Dos")
    original = retention._anonymise

    def fail_for_first(person):
        if person.pk == first.pk:
            original(person)  # changes made, then refused: all must roll back
            raise ProtectedError("still referenced", set())
        return original(person)

    monkeypatch.setattr(retention, "_anonymise", fail_for_first)

    report = retention_apply(actor=Actor.system(), today=today())

    assert report.failed == [first.pk] and report.anonymised == [second.pk]
    assert Person.objects.get(pk=first.pk).phone == CLOSED_PHONE
    assert [e.object_id for e in tombstones("person.retention_anonymised")] == [str(second.pk)]


def test_the_dry_run_changes_nothing(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=7)
    events_before = AuditEvent.objects.count()
    out = StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    assert "Women's Aid A: 1 to anonymise (after 6 years)" in out.getvalue()
    assert "Dry run: nothing changed." in out.getvalue()
    assert Person.objects.get(pk=person.pk).phone == CLOSED_PHONE
    assert AuditEvent.objects.count() == events_before


def test_the_command_applies_the_policy(world: World) -> None:
    person, _ = person_with_case(world, closed_years_ago=7)
    out = StringIO()

    call_command("apply_retention", stdout=out)

    assert "Retention applied: 1 anonymised, 0 deleted, 0 failed." in out.getvalue()
    assert "Rosa" not in out.getvalue()
    assert Person.objects.get(pk=person.pk).anonymised_at is not None


def test_the_task_applies_the_policy_and_returns_counts_only(world: World) -> None:
    person_with_case(world, closed_years_ago=7)

    assert apply_retention.call() == {"anonymised": 1, "deleted": 0, "failed": 0}


@pytest.mark.parametrize("years", [0, 101])
def test_a_period_out_of_bounds_is_refused(world: World, years: int) -> None:
    world.womens_aid.retention_years = years
    with pytest.raises(ValidationError):
        world.womens_aid.full_clean()
