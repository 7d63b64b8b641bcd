import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.core.locking import StaleVersion
from accord.people import services
from accord.people.models import Person, Relationship
from accord.testing import SURVIVOR_ADDRESS, Casework, World


def test_identity_contact_and_location_are_encrypted_at_rest(casework: Casework) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT family_name, phone, real_address FROM people_person WHERE id = %s",
            [casework.survivor.pk],
        )
        row = cursor.fetchone()
    assert all(value.startswith("v1:") for value in row)
    # Base64 could spell a short name by chance; these cannot appear in it.
    assert "García" not in "".join(row) and SURVIVOR_ADDRESS not in "".join(row)


def test_the_blind_index_finds_her_by_normalised_name_and_birth_date(casework: Casework) -> None:
    index = services.name_dob_index("  ANA ", "garcía", datetime.date(1990, 4, 2))
    assert Person.objects.filter(name_dob_index=index).get() == casework.survivor
    other = services.name_dob_index("Ana", "García", datetime.date(1990, 4, 3))
    assert not Person.objects.filter(name_dob_index=other).exists()


def test_an_update_records_which_fields_changed_never_their_values(
    world: World, casework: Casework
) -> None:
    services.person_update(
        actor=Actor.for_user(world.caseworker),
        person=casework.survivor,
        expected_version=casework.survivor.version,
        phone="+34 699 000 000",
    )
    event = AuditEvent.objects.filter(action="person.changed").get()
    assert event.reason == "phone"


def test_a_stale_person_update_is_refused(world: World, casework: Casework) -> None:
    actor = Actor.for_user(world.caseworker)
    version = casework.survivor.version
    services.person_update(
        actor=actor, person=casework.survivor, expected_version=version, nationality="ES"
    )
    with pytest.raises(StaleVersion):
        services.person_update(
            actor=actor, person=casework.survivor, expected_version=version, nationality="IT"
        )


@pytest.mark.parametrize(
    "day", [datetime.date(1850, 1, 1), timezone.localdate() + datetime.timedelta(days=1)]
)
def test_an_impossible_birth_date_is_refused(world: World, day: datetime.date) -> None:
    with pytest.raises(ValidationError):
        services.person_create(
            actor=Actor.for_user(world.caseworker),
            organisation=world.womens_aid,
            given_name="X",
            date_of_birth=day,
        )
    assert not Person.objects.exists()


def test_a_person_joins_a_household_once(world: World, casework: Casework) -> None:
    with pytest.raises(ValidationError):
        services.household_member_add(
            actor=Actor.for_user(world.caseworker),
            household=casework.household,
            person=casework.survivor,
            relationship=Relationship.SURVIVOR,
        )
