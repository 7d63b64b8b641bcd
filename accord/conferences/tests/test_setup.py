"""Setting a conference up (pages): creating it, changing it, its member agencies and their
representatives. Only a conference coordinator sets one up, only the coordinating side changes
it; everyone else gets 404. Bad input: a clear message, nothing saved, an audit event for every
write that happened."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Membership, Role
from accord.audit.models import AuditEvent
from accord.conferences.models import Conference, ConferenceMember, Meeting
from accord.conferences.tests.helpers import _team
from accord.testing import client_for, make_user

pytestmark = pytest.mark.django_db

FUTURE = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def _new(cw, **extra: str) -> dict[str, str]:
    team = cw.conference.team
    return {
        "name": "Eastwick MARAC",
        "area": "Eastwick",
        "team": str(team.pk),
        "schedule": "FREQ=MONTHLY;BYDAY=+1WE",
        "first_meeting_at": f"{FUTURE}T10:00",
        "time_zone": "Europe/London",
        "chair": str(cw.coordinator.pk),
        **extra,
    }


def test_a_coordinator_sets_up_a_conference(cw) -> None:
    client = client_for(cw.coordinator)
    assert "Set up a risk conference" in client.get(reverse("conferences:list")).content.decode()
    assert client.get(reverse("conferences:create")).status_code == 200
    response = client.post(reverse("conferences:create"), _new(cw))
    conference = Conference.objects.get(name="Eastwick MARAC")
    assert response.status_code == 302
    assert response["Location"] == reverse("conferences:conference", args=[conference.pk])
    assert conference.team == cw.conference.team and conference.chair == cw.coordinator
    created = AuditEvent.objects.filter(action="conference.created", object_id=str(conference.pk))
    assert created.exists()


@pytest.mark.parametrize("persona", ["caseworker", "police_liaison", "admin", "outsider"])
def test_nobody_but_a_coordinator_sets_one_up(cw, persona) -> None:
    user = getattr(cw.world, persona)
    client = client_for(user)
    listing = client.get(reverse("conferences:list")).content.decode()
    assert "Set up a risk conference" not in listing
    assert client.get(reverse("conferences:create")).status_code == 404
    assert client.post(reverse("conferences:create"), _new(cw)).status_code == 404
    assert not Conference.objects.filter(name="Eastwick MARAC").exists()


def test_a_coordinator_sets_up_only_for_her_own_team(cw) -> None:
    data = _new(cw, team=str(cw.world.outreach.pk))
    response = client_for(cw.coordinator).post(reverse("conferences:create"), data)
    assert response.status_code == 400
    assert not Conference.objects.filter(name="Eastwick MARAC").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schedule": "every other day"}, "recurrence rule"),
        ({"name": "Riverton MARAC"}, "Another conference has this name"),
        ({"time_zone": "Mars/Olympus"}, "known time zone"),
        ({"name": ""}, "This field is required"),
        ({"chair": str(0)}, "Select a valid choice"),
    ],
)
def test_bad_set_up_input_is_refused_and_nothing_saved(cw, change, message) -> None:
    before = Conference.objects.count()
    response = client_for(cw.coordinator).post(reverse("conferences:create"), _new(cw, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Conference.objects.count() == before


def test_the_chair_must_work_in_the_conference(cw) -> None:
    response = client_for(cw.coordinator).post(
        reverse("conferences:edit", args=[cw.conference.pk]),
        {**_new(cw, name="Riverton MARAC"), "chair": str(cw.world.outsider.pk), "version": "1"},
    )
    assert response.status_code == 400
    cw.conference.refresh_from_db()
    assert cw.conference.chair is None


def test_the_coordinating_side_changes_the_conference(cw) -> None:
    url = reverse("conferences:edit", args=[cw.conference.pk])
    client = client_for(cw.coordinator)
    assert client.get(url).status_code == 200
    data = {
        **_new(cw, name="Riverton MARAC", area="Riverton and Eastwick"),
        "chair": str(cw.world.police_liaison.pk),  # works in a member agency
        "version": "1",
    }
    assert client.post(url, data).status_code == 302
    cw.conference.refresh_from_db()
    assert cw.conference.area == "Riverton and Eastwick"
    assert cw.conference.chair == cw.world.police_liaison and cw.conference.version == 2
    assert AuditEvent.objects.filter(action="conference.updated").count() == 1
    # Stale: both versions side by side, nothing changed.
    stale = client.post(url, {**data, "area": "Elsewhere"})
    assert stale.status_code == 409
    cw.conference.refresh_from_db()
    assert cw.conference.area == "Riverton and Eastwick"


@pytest.mark.parametrize("persona", ["police_liaison", "outsider", "admin"])
def test_a_member_or_anyone_else_does_not_change_it(cw, persona) -> None:
    client = client_for(getattr(cw.world, persona))
    url = reverse("conferences:edit", args=[cw.conference.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {**_new(cw), "version": "1"}).status_code == 404
    cw.conference.refresh_from_db()
    assert cw.conference.area == "Riverton"


def _probation(cw):
    team = _team("probation", "Probation", "probation", "Offender management")
    officer = make_user("probation_officer", team, Role.CASEWORKER)
    return team, Membership.objects.get(user=officer, team=team)


def test_the_coordinator_adds_and_removes_member_agencies(cw) -> None:
    team, membership = _probation(cw)
    client = client_for(cw.coordinator)
    detail = client.get(reverse("conferences:conference", args=[cw.conference.pk])).content
    assert "Offender management" in detail.decode()
    url = reverse("conferences:member_add", args=[cw.conference.pk])
    assert client.post(url, {"membership": str(membership.pk)}).status_code == 302
    member = ConferenceMember.objects.get(conference=cw.conference, team=team)
    assert member.representative == membership.user
    assert AuditEvent.objects.filter(action="conference.member_added", reason=str(team.pk)).exists()
    remove = reverse("conferences:member_remove", args=[cw.conference.pk, member.pk])
    assert client.post(remove).status_code == 302
    assert not ConferenceMember.objects.filter(pk=member.pk).exists()
    assert AuditEvent.objects.filter(
        action="conference.member_removed", reason=str(team.pk)
    ).exists()


def test_no_agency_or_a_duplicate_member_is_refused(cw) -> None:
    client = client_for(cw.coordinator)
    url = reverse("conferences:member_add", args=[cw.conference.pk])
    before = ConferenceMember.objects.count()
    empty = client.post(url, {})
    assert empty.status_code == 400 and "This field is required" in empty.content.decode()
    # Housing is a member already: its people are not offered again.
    housing = Membership.objects.get(user=cw.housing_officer)
    duplicate = client.post(url, {"membership": str(housing.pk)})
    assert duplicate.status_code == 400 and "Select a valid choice" in duplicate.content.decode()
    assert ConferenceMember.objects.count() == before


def test_the_chairs_own_agency_stays_while_she_chairs(cw) -> None:
    Conference.objects.filter(pk=cw.conference.pk).update(chair=cw.world.police_liaison)
    member = ConferenceMember.objects.get(conference=cw.conference, team=cw.police_team)
    url = reverse("conferences:member_remove", args=[cw.conference.pk, member.pk])
    response = client_for(cw.coordinator).post(url)
    assert response.status_code == 400 and "name another chair first" in response.content.decode()
    assert ConferenceMember.objects.filter(pk=member.pk).exists()


@pytest.mark.parametrize("persona", ["police_liaison", "outsider"])
def test_nobody_else_adds_or_removes_members(cw, persona) -> None:
    _team_, membership = _probation(cw)
    client = client_for(getattr(cw.world, persona))
    add = reverse("conferences:member_add", args=[cw.conference.pk])
    assert client.post(add, {"membership": str(membership.pk)}).status_code == 404
    member = ConferenceMember.objects.get(conference=cw.conference, team=cw.housing_team)
    remove = reverse("conferences:member_remove", args=[cw.conference.pk, member.pk])
    assert client.post(remove).status_code == 404
    assert ConferenceMember.objects.filter(pk=member.pk).exists()


def test_a_member_of_another_conference_is_missing_here(cw) -> None:
    member = ConferenceMember.objects.get(conference=cw.conference, team=cw.housing_team)
    other = Conference.objects.create(
        name="Other",
        area="Other",
        team=cw.conference.team,
        schedule="FREQ=MONTHLY",
        first_meeting_at=timezone.now(),
    )
    url = reverse("conferences:member_remove", args=[other.pk, member.pk])
    assert client_for(cw.coordinator).post(url).status_code == 404


def test_an_emergency_meeting_on_a_day_gone_by_is_refused(cw) -> None:
    url = reverse("conferences:meeting_emergency", args=[cw.conference.pk])
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client_for(cw.coordinator).post(url, {"starts_at": f"{yesterday}T10:00"})
    assert response.status_code == 400 and "day gone by" in response.content.decode()
    assert not Meeting.objects.exists()
