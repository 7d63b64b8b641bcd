"""seed_scale: synthetic volume for the benchmarks, written in bulk but still encrypted."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accord.accounts.models import Organisation, User
from accord.audit.models import AuditEvent
from accord.cases.classification import classify_gbvims
from accord.cases.models import Case, CaseStatus, Incident, Note, Task
from accord.people.models import Household, HouseholdMember, Person

BENCH_USERNAME = "scale-bench"


def raw_column(table: str, column: str) -> list[str | None]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def seeded(db, settings) -> None:
    settings.DEBUG = True
    call_command("seed_scale", "--cases", "50")


def test_it_creates_the_cases_and_what_hangs_off_them(seeded) -> None:
    assert Case.objects.count() == 50
    assert Person.objects.count() == 50
    assert Organisation.objects.filter(slug__startswith="scale-").count() == 4
    assert Organisation.objects.exclude(slug__startswith="scale-").count() == 0
    assert Household.objects.exists()
    assert HouseholdMember.objects.count() == Case.objects.exclude(household=None).count()
    assert Incident.objects.exists() and Note.objects.exists() and Task.objects.exists()
    assert Case.objects.filter(status=CaseStatus.OPEN).exists()
    # The constraints hold: closed cases have a date and a reason, others neither.
    assert not Case.objects.filter(status=CaseStatus.CLOSED, closed_on=None).exists()
    assert not Case.objects.exclude(status=CaseStatus.CLOSED).exclude(closure_reason="").exists()


def test_it_encrypts_what_it_writes_in_bulk(seeded) -> None:
    for table, column in [
        ("people_person", "given_name"),
        ("people_person", "date_of_birth"),
        ("cases_note", "text"),
        ("cases_task", "title"),
    ]:
        values = raw_column(table, column)
        assert values and all(value.startswith("v1:") for value in values), (table, column)
    person = Person.objects.first()
    assert isinstance(person.given_name, str) and not person.given_name.startswith("v1:")
    assert len(person.name_dob_index) == 64
    note = Note.objects.first()
    assert note.text and not note.text.startswith("v1:")


def test_it_writes_one_audit_event_for_the_bulk(seeded) -> None:
    seeded_events = AuditEvent.objects.filter(action="scale.seeded")
    assert seeded_events.count() == 1
    assert "50 cases" in seeded_events.get().reason
    # Nothing per row; only the benchmark user's own account events.
    assert not AuditEvent.objects.filter(action__in=["case.opened", "person.created"]).exists()


def test_it_gives_the_benchmark_user_a_caseload_and_an_authenticator(seeded) -> None:
    from allauth.mfa.utils import is_mfa_enabled

    user = User.objects.get(username=BENCH_USERNAME)
    assert is_mfa_enabled(user)
    assert not user.has_usable_password()
    assert Case.objects.filter(key_worker=user).exists()
    assert user.memberships.get().team.cases.count() >= Case.objects.filter(key_worker=user).count()


def test_it_refuses_a_database_seeded_already(seeded) -> None:
    with pytest.raises(CommandError, match="already"):
        call_command("seed_scale", "--cases", "5")
    assert Case.objects.count() == 50


def test_it_refuses_outside_demo_mode(db, settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_scale", "--cases", "5")
    assert not Case.objects.exists()
    assert not Organisation.objects.exists()


def test_it_writes_more_incidents_in_sql_classified_and_without_narratives(db, settings) -> None:
    settings.DEBUG = True
    call_command("seed_scale", "--cases", "20", "--incidents", "3000")
    bulk = Incident.objects.filter(narrative=None, case__kind="survivor_support")
    assert bulk.count() >= 3000
    assert len(set(Incident.objects.values_list("uid", flat=True))) == Incident.objects.count()
    for incident in bulk[:200]:
        assert 1 <= len(incident.forms) <= 3
        assert incident.gbvims_type == classify_gbvims(
            incident.forms, penetration=incident.penetration
        )
    # Spread over the cases and the two years before today.
    assert bulk.values("case").distinct().count() > 1
    assert bulk.values("occurred_on").distinct().count() > 300
