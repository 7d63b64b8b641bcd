"""Her standing (`roles.standing_of`) is read once per request and never outlives it: a
membership removed between two requests is seen on the next one, two users of one thread each
get their own, and every service that changes who works which team forgets it at once."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accord.access import roles
from accord.access.fields import Relation
from accord.access.policy import case_access
from accord.accounts import services as accounts
from accord.accounts.models import Membership, Role
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.testing import SURVIVOR_PHONE, Casework, World, client_for, make_user


def _case_url(casework: Casework) -> str:
    return f"/cases/{casework.her_case.reference}/"


def _dpo_who_was_her_colleague(world: World, casework: Casework) -> bool:
    """A caseworker of her team who is also its DPO reads her phone (the owning team's column);
    her casework membership is removed between two requests of one session: the second page
    must follow the DPO's column (her phone on request only). True when it does."""
    dual = make_user("dual_role", world.outreach, Role.CASEWORKER)
    accounts.membership_create(actor=Actor.system(), user=dual, team=world.outreach, role=Role.DPO)
    client = client_for(dual)
    first = client.get(_case_url(casework))
    assert first.status_code == 200
    assert SURVIVOR_PHONE in first.content.decode()
    # As an organisation admin deletes it (the admin writes no service call of its own).
    Membership.objects.filter(user=dual, role=Role.CASEWORKER).delete()
    second = client.get(_case_url(casework))
    assert second.status_code == 200
    return SURVIVOR_PHONE not in second.content.decode()


def test_a_membership_removed_mid_session_is_seen_on_the_next_request(
    world: World, casework: Casework
) -> None:
    assert _dpo_who_was_her_colleague(world, casework)


def test_a_memo_kept_between_requests_would_be_caught(
    world: World, casework: Casework, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planted leak: a scope that keeps one memo for every request (no reset)."""
    kept: dict[int, roles.Standing] = {}

    @contextmanager
    def leaky_scope() -> Iterator[None]:
        roles._standings.set(kept)
        yield

    monkeypatch.setattr(roles, "standing_scope", leaky_scope)
    assert not _dpo_who_was_her_colleague(world, casework)
    roles._standings.set(None)


def test_no_memo_outlives_its_request(world: World, casework: Casework) -> None:
    client_for(world.caseworker).get(_case_url(casework))
    assert roles._standings.get() is None


def test_two_users_in_one_thread_each_get_their_own(world: World, casework: Casework) -> None:
    with roles.standing_scope():
        hers = roles.standing_of(world.caseworker)
        his = roles.standing_of(world.facilitator)
        assert hers.worked_team_ids == {world.outreach.pk}
        assert his.worked_team_ids == {world.group_work.pk}
        assert roles.standing_of(world.caseworker) is hers
        assert case_access(world.caseworker, casework.her_case).relation == Relation.OWNING_TEAM
        assert case_access(world.facilitator, casework.her_case).relation is None
    # Sequential requests of the two, in this thread: each page is the reader's own.
    assert SURVIVOR_PHONE in client_for(world.caseworker).get(_case_url(casework)).content.decode()
    assert client_for(world.facilitator).get(_case_url(casework)).status_code == 404


def test_a_membership_created_in_the_request_is_seen_at_once(world: World) -> None:
    with roles.standing_scope():
        assert world.group_work.pk not in roles.standing_of(world.caseworker).worked_team_ids
        accounts.membership_create(
            actor=Actor.system(),
            user=world.caseworker,
            team=world.group_work,
            role=Role.FACILITATOR,
        )
        assert world.group_work.pk in roles.standing_of(world.caseworker).worked_team_ids


def test_a_team_created_in_the_request_is_worked_by_its_service_s_manager_at_once(
    world: World,
) -> None:
    with roles.standing_scope():
        before = roles.standing_of(world.manager).worked_team_ids
        team = accounts.team_create(
            actor=Actor.system(), service=world.support_service, name="Refuge"
        )
        assert roles.standing_of(world.manager).worked_team_ids == before | {team.pk}


def test_an_admin_change_of_a_membership_is_seen_by_the_event_it_writes(
    world: World, casework: Casework
) -> None:
    """The admin's change is audited as made by the team the admin acts for after the change."""
    from accord.accounts.audited_admin import AuditedAdmin
    from accord.accounts.models import Team

    other = Team.objects.get(name="Helpline")
    with roles.standing_scope():
        assert roles.standing_of(world.admin).memberships[0].team_id == world.outreach.pk
        membership = Membership.objects.get(user=world.admin)
        membership.team = other
        membership.save()
        request = RequestFactory().post("/admin/accounts/membership/")
        request.user = world.admin
        request.session = {}  # type: ignore[assignment]
        AuditedAdmin(Membership, admin.site)._audit(request, membership, "changed")
    event = AuditEvent.objects.filter(action="membership.admin_changed").latest("seq")
    assert event.acting_team_id == other.pk
