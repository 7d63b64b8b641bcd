"""`case_accesses`: how each persona reaches each case of a shared household, in bulk."""

from accord.access.fields import Relation
from accord.access.policy import case_accesses, visible_to
from accord.cases.models import Case
from accord.testing import Casework, World

from .helpers import open_cases


def test_it_gives_each_persona_the_relation_of_the_rule_table(
    world: World, casework: Casework
) -> None:
    her, his = casework.her_case, casework.his_case
    expected = {
        world.caseworker: {her: Relation.OWNING_TEAM, his: None},
        world.manager: {her: Relation.OWNING_TEAM, his: None},
        world.dpo: {her: Relation.DPO, his: None},
        world.admin: {her: None, his: None},
        world.facilitator: {her: None, his: Relation.PROGRAMME_TEAM},
        world.police_liaison: {her: None, his: None},
        world.outsider: {her: None, his: None},
    }
    cases = list(Case.objects.select_related("team__service"))
    for user, relations in expected.items():
        accesses = case_accesses(user, cases)
        for case, relation in relations.items():
            assert accesses[case.pk].relation == relation, (user, case)


def test_it_costs_one_query_her_standing_whatever_the_number_of_cases(
    world: World, casework: Casework, django_assert_num_queries
) -> None:
    """One read of her memberships (`standing_of`) answers both halves of the rule, the owning
    side and the DPO's, for every case of the page: one query for 1 case as for 11."""
    for more in [0, 10]:
        open_cases(world, more)
        cases = list(visible_to(world.dpo, Case).select_related("team__service"))
        with django_assert_num_queries(1):
            accesses = case_accesses(world.dpo, cases)
        assert len(accesses) == 1 + more
        assert {access.relation for access in accesses.values()} == {Relation.DPO}


def test_the_survivor_side_reads_his_programme_status_and_he_never_hers(
    world: World, casework: Casework
) -> None:
    from accord.access.policy import case_access

    assert case_access(world.caseworker, casework.her_case).reads_household_programme_status()
    assert not case_access(world.facilitator, casework.his_case).reads_household_programme_status()
    assert not case_access(world.dpo, casework.her_case).reads_household_programme_status()
