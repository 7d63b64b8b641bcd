"""`case_accesses` (the caseload's field rules for a whole page) gives the same relation as
`relation_to_case` asked case by case, for every persona."""

from accord.access.fields import Relation
from accord.access.policy import case_accesses, relation_to_case, visible_to
from accord.cases.models import Case
from accord.core.testing import Casework, World


def test_it_matches_the_one_by_one_answer_for_every_persona(
    world: World, casework: Casework
) -> None:
    cases = list(Case.objects.select_related("team__service"))
    for user in [
        world.caseworker,
        world.manager,
        world.dpo,
        world.admin,
        world.facilitator,
        world.police_liaison,
        world.outsider,
    ]:
        accesses = case_accesses(user, cases)
        for case in cases:
            assert accesses[case.pk].relation == relation_to_case(user, case), (user, case)


def test_it_costs_two_queries_whatever_the_number_of_cases(
    world: World, casework: Casework, django_assert_num_queries
) -> None:
    cases = list(visible_to(world.dpo, Case).select_related("team__service"))
    with django_assert_num_queries(2):
        accesses = case_accesses(world.dpo, cases)
    assert {access.relation for access in accesses.values()} == {Relation.DPO}


def test_the_survivor_side_reads_his_programme_status_and_he_never_hers(
    world: World, casework: Casework
) -> None:
    from accord.access.policy import case_access

    assert case_access(world.caseworker, casework.her_case).reads_household_programme_status()
    assert not case_access(world.facilitator, casework.his_case).reads_household_programme_status()
    assert not case_access(world.dpo, casework.her_case).reads_household_programme_status()
