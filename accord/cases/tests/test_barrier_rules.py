"""The information barrier in the access module (docs/product.md §4.1), case by case."""

from accord.access.fields import FieldClass, Relation
from accord.access.policy import case_access, visible_to
from accord.cases.models import Case, Note
from accord.people.models import Person
from accord.testing import Casework, World


def test_her_caseworker_reaches_her_case_and_record(world: World, casework: Casework) -> None:
    assert list(visible_to(world.caseworker, Case)) == [casework.her_case]
    assert list(visible_to(world.caseworker, Person)) == [casework.survivor]
    access = case_access(world.caseworker, casework.her_case)
    assert access.relation is Relation.OWNING_TEAM
    assert access.reads(FieldClass.CONTACT)
    assert access.reads(FieldClass.DISCLOSURE)
    assert access.may_reveal_location()
    assert not access.reads(FieldClass.LOCATION)


def test_the_facilitator_never_reaches_her_case_or_record(world: World, casework: Casework) -> None:
    assert list(visible_to(world.facilitator, Case)) == [casework.his_case]
    assert casework.survivor not in visible_to(world.facilitator, Person)
    assert not visible_to(world.facilitator, Note).filter(case=casework.her_case).exists()
    access = case_access(world.facilitator, casework.her_case)
    assert access.relation is None
    for field_class in FieldClass:
        assert not access.reads(field_class)


def test_the_manager_reaches_every_case_of_her_service(world: World, casework: Casework) -> None:
    assert list(visible_to(world.manager, Case)) == [casework.her_case]


def test_the_dpo_reaches_administrative_fields_only(world: World, casework: Casework) -> None:
    access = case_access(world.dpo, casework.her_case)
    assert access.relation is Relation.DPO
    assert access.reads(FieldClass.ADMINISTRATIVE)
    assert not access.reads(FieldClass.IDENTITY)
    assert not access.reads(FieldClass.DISCLOSURE)
    assert not access.may_work


def test_admins_outsiders_and_police_reach_nothing(world: World, casework: Casework) -> None:
    for user in [world.admin, world.outsider, world.police_liaison]:
        assert not visible_to(user, Case).exists(), user
        assert not visible_to(user, Person).exists(), user
