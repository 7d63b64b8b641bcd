import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accord.access.policy import (
    Action,
    administered_organisations,
    get_visible_or_404,
    may,
    visible_to,
)
from accord.accounts.models import Membership, Organisation, Team, User
from accord.testing import World


def test_a_caseworker_sees_the_teams_of_her_organisation_only(world: World) -> None:
    assert list(visible_to(world.caseworker, Team)) == [world.outreach]


def test_forbidden_and_missing_raise_the_same_404(world: World) -> None:
    with pytest.raises(Http404):
        get_visible_or_404(world.caseworker, Team, pk=world.group_work.pk)
    with pytest.raises(Http404):
        get_visible_or_404(world.caseworker, Team, pk=987654)
    with pytest.raises(Http404):
        get_visible_or_404(world.caseworker, Team, pk="not-a-number")


def test_anonymous_users_reach_nothing(world: World) -> None:
    for model in [Organisation, Team, Membership, User]:
        assert not visible_to(AnonymousUser(), model).exists()


def test_an_admin_administers_her_own_organisation_only(world: World) -> None:
    assert list(administered_organisations(world.admin)) == [world.womens_aid]
    assert may(world.admin, Action.ADMINISTER, world.womens_aid)
    assert not may(world.admin, Action.ADMINISTER, world.programme)
    assert not may(world.caseworker, Action.ADMINISTER, world.womens_aid)


def test_an_admin_sees_the_users_of_her_organisation_only(world: World) -> None:
    usernames = set(visible_to(world.admin, User).values_list("username", flat=True))
    assert usernames == {"caseworker_a", "manager_a", "dpo_a", "admin_a"}
    assert not visible_to(world.caseworker, User).exists()


def test_only_a_dpo_may_read_the_audit_log(world: World) -> None:
    assert may(world.dpo, Action.READ_AUDIT)
    for user in [world.caseworker, world.manager, world.admin, world.facilitator, world.outsider]:
        assert not may(user, Action.READ_AUDIT), user
