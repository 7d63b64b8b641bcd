"""Who may work a team's cases (key workers, task assignees, opening a case), and who reads a
case's incidents."""

from accord.access.fields import Relation
from accord.access.policy import CaseAccess, case_access, case_workers, may_open_case
from accord.cases.models import Case, Incident
from accord.testing import Casework, World


def test_it_names_the_teams_casework_roles_and_the_services_managers(world: World) -> None:
    assert set(case_workers(world.outreach)) == {world.caseworker, world.manager}


def test_it_leaves_out_the_dpo_the_admin_and_other_organisations(world: World) -> None:
    workers = set(case_workers(world.outreach))
    for user in [world.dpo, world.admin, world.facilitator, world.police_liaison, world.outsider]:
        assert user not in workers, user


def test_it_lets_a_case_worker_open_a_case_in_her_team_only(world: World) -> None:
    assert may_open_case(world.caseworker, world.outreach)
    assert may_open_case(world.facilitator, world.group_work)
    assert not may_open_case(world.caseworker, world.group_work)
    assert not may_open_case(world.facilitator, world.outreach)
    assert not may_open_case(world.dpo, world.outreach)


def test_incidents_are_read_by_the_owning_side_only(world: World, casework: Casework) -> None:
    assert case_access(world.caseworker, casework.her_case).reads_records(Incident)
    assert case_access(world.facilitator, casework.his_case).reads_records(Incident)
    assert not case_access(world.dpo, casework.her_case).reads_records(Incident)
    assert not case_access(world.facilitator, casework.her_case).reads_records(Incident)


def test_a_partner_support_worker_reads_the_incidents_of_her_own_case() -> None:
    access = CaseAccess(case=Case(kind="partner_support"), relation=Relation.PARTNER_SUPPORT)
    assert access.reads_records(Incident)
