"""Setting a conference up through the API: the same rules as the pages. Only a conference
coordinator sets one up, for one of her own teams; only the coordinating side changes it, adds
or removes member agencies and schedules or calls meetings; everyone else gets 404. Bad input:
400 saying why, nothing saved; a stale version: 409."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.conferences.models import Conference, ConferenceMember, Meeting, MeetingKind
from accord.testing import client_for

pytestmark = pytest.mark.django_db

FUTURE = timezone.now() + datetime.timedelta(days=30)


def _new(cw, **extra: object) -> dict[str, object]:
    return {
        "name": "Eastwick MARAC",
        "area": "Eastwick",
        "team": cw.conference.team_id,
        "schedule": "FREQ=MONTHLY;BYDAY=+1WE",
        "first_meeting_at": FUTURE.isoformat(),
        "time_zone": "Europe/London",
        "chair": cw.coordinator.pk,
        **extra,
    }


def _post(user, url: str, data: object = None):  # noqa: ANN001, ANN202 - User, test response
    return client_for(user).post(url, data, content_type="application/json")


def test_a_coordinator_sets_up_a_conference_for_her_team(cw) -> None:
    response = _post(cw.coordinator, reverse("api:conferences"), _new(cw))
    assert response.status_code == 201
    conference = Conference.objects.get(name="Eastwick MARAC")
    assert response.json()["id"] == conference.pk and response.json()["version"] == 1
    assert conference.team == cw.conference.team and conference.chair == cw.coordinator
    assert AuditEvent.objects.filter(
        action="conference.created", object_id=str(conference.pk)
    ).exists()


@pytest.mark.parametrize("persona", ["caseworker", "police_liaison", "admin", "outsider"])
def test_nobody_but_a_coordinator_sets_one_up(cw, persona) -> None:
    response = _post(getattr(cw.world, persona), reverse("api:conferences"), _new(cw))
    assert response.status_code == 404
    assert not Conference.objects.filter(name="Eastwick MARAC").exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"team": 0}, "team", "Ensure this value is greater than or equal to 1"),
        ({"team": 99_999}, "team", "teams in which you are a conference coordinator"),
        ({"schedule": "every other day"}, "schedule", "recurrence rule"),
        ({"name": "Riverton MARAC"}, "name", "Another conference has this name"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "known time zone"),
        ({"chair": 99_999}, "chair", "must work in the coordinating team"),
        ({"first_meeting_at": "next week"}, "first_meeting_at", "Datetime has wrong format"),
    ],
)
def test_bad_set_up_input_is_a_400_saying_why_and_nothing_saved(cw, change, field, message) -> None:
    before = Conference.objects.count()
    response = _post(cw.coordinator, reverse("api:conferences"), _new(cw, **change))
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert Conference.objects.count() == before


def test_a_coordinator_sets_up_only_for_her_own_team(cw) -> None:
    response = _post(
        cw.coordinator, reverse("api:conferences"), _new(cw, team=cw.world.outreach.pk)
    )
    assert response.status_code == 400
    assert not Conference.objects.filter(name="Eastwick MARAC").exists()


def test_the_conference_reads_to_whoever_reaches_it(cw) -> None:
    url = reverse("api:conference", args=[cw.conference.pk])
    body = client_for(cw.world.police_liaison).get(url).json()
    assert body["name"] == "Riverton MARAC" and body["team"] == cw.conference.team_id
    assert client_for(cw.world.outsider).get(url).status_code == 404
    assert (
        client_for(cw.world.police_liaison)
        .get(reverse("api:conference", args=[99_999]))
        .status_code
        == 404
    )


def _change(cw, **extra: object) -> dict[str, object]:
    return {**_new(cw, name="Riverton MARAC", area="Riverton and Eastwick"), "version": 1, **extra}


def test_the_coordinating_side_changes_it_and_a_stale_version_is_a_409(cw) -> None:
    url = reverse("api:conference", args=[cw.conference.pk])
    client = client_for(cw.coordinator)
    response = client.put(url, _change(cw), content_type="application/json")
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = client.put(url, _change(cw, area="Nowhere"), content_type="application/json")
    assert stale.status_code == 409 and stale.json()["version"] == 2
    cw.conference.refresh_from_db()
    assert cw.conference.area == "Riverton and Eastwick"
    assert AuditEvent.objects.filter(action="conference.updated").count() == 1


@pytest.mark.parametrize("persona", ["police_liaison", "caseworker", "outsider"])
def test_a_member_or_anyone_else_does_not_change_it(cw, persona) -> None:
    url = reverse("api:conference", args=[cw.conference.pk])
    response = client_for(getattr(cw.world, persona)).put(
        url, _change(cw), content_type="application/json"
    )
    assert response.status_code == 404
    cw.conference.refresh_from_db()
    assert cw.conference.area == "Riverton" and cw.conference.version == 1


def test_the_chair_must_work_in_the_conference(cw) -> None:
    url = reverse("api:conference", args=[cw.conference.pk])
    response = client_for(cw.coordinator).put(
        url, _change(cw, chair=cw.world.outsider.pk), content_type="application/json"
    )
    assert response.status_code == 400 and "chair" in response.json()
    cw.conference.refresh_from_db()
    assert cw.conference.chair is None and cw.conference.version == 1


def test_members_are_read_by_whoever_reaches_the_conference(cw) -> None:
    url = reverse("api:conference-members", args=[cw.conference.pk])
    rows = client_for(cw.world.police_liaison).get(url).json()
    assert {row["team"] for row in rows} == set(
        ConferenceMember.objects.filter(conference=cw.conference).values_list("team_id", flat=True)
    )
    assert client_for(cw.world.outsider).get(url).status_code == 404


def test_the_coordinator_adds_and_removes_a_member_agency(cw) -> None:
    url = reverse("api:conference-members", args=[cw.conference.pk])
    outsider = cw.world.outsider
    team = outsider.memberships.get().team
    response = _post(cw.coordinator, url, {"team": team.pk, "representative": outsider.pk})
    assert response.status_code == 201
    member = ConferenceMember.objects.get(conference=cw.conference, team=team)
    assert response.json()["representative"] == outsider.pk
    again = _post(cw.coordinator, url, {"team": team.pk, "representative": outsider.pk})
    assert again.status_code == 400 and "already a member" in again.content.decode()
    one = reverse("api:conference-member", args=[cw.conference.pk, member.pk])
    assert client_for(cw.world.police_liaison).delete(one).status_code == 404
    assert client_for(cw.coordinator).delete(one).status_code == 204
    assert not ConferenceMember.objects.filter(pk=member.pk).exists()
    assert client_for(cw.coordinator).delete(one).status_code == 404
    assert AuditEvent.objects.filter(action="conference.member_removed").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"team": 99_999, "representative": "outsider"}, "Choose the agency"),
        ({"team": 99_999, "representative": "nobody"}, "Choose the agency"),
        ({"team": "housing", "representative": "nobody"}, "must belong to the member team"),
        ({"team": "housing", "representative": "outsider"}, "must belong to the member team"),
    ],
)
def test_a_member_needs_its_own_representative(cw, data, message) -> None:
    named = {"housing": cw.housing_team.pk, "outsider": cw.world.outsider.pk, "nobody": 99_999}
    data = {key: named.get(value, value) for key, value in data.items()}
    # Housing is a member already: take it out first so that only the representative is wrong.
    ConferenceMember.objects.filter(conference=cw.conference, team=cw.housing_team).delete()
    before = ConferenceMember.objects.count()
    url = reverse("api:conference-members", args=[cw.conference.pk])
    response = _post(cw.coordinator, url, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert ConferenceMember.objects.count() == before


def test_a_member_of_another_conference_is_missing_here(cw) -> None:
    other = _post(cw.coordinator, reverse("api:conferences"), _new(cw)).json()["id"]
    member = ConferenceMember.objects.filter(conference=cw.conference).first()
    url = reverse("api:conference-member", args=[other, member.pk])
    assert client_for(cw.coordinator).delete(url).status_code == 404
    assert ConferenceMember.objects.filter(pk=member.pk).exists()


def test_the_coordinator_schedules_and_calls_meetings_nobody_else(cw) -> None:
    next_url = reverse("api:conference-next-meeting", args=[cw.conference.pk])
    emergency_url = reverse("api:conference-emergency-meeting", args=[cw.conference.pk])
    soon = {"starts_at": (timezone.now() + datetime.timedelta(days=2)).isoformat()}
    assert _post(cw.world.police_liaison, next_url).status_code == 404
    assert _post(cw.world.police_liaison, emergency_url, soon).status_code == 404
    assert not Meeting.objects.filter(conference=cw.conference).exists()
    scheduled = _post(cw.coordinator, next_url)
    assert scheduled.status_code == 201
    called = _post(cw.coordinator, emergency_url, soon)
    assert called.status_code == 201 and called.json()["kind"] == MeetingKind.EMERGENCY
    assert Meeting.objects.filter(conference=cw.conference).count() == 2


def test_an_emergency_meeting_on_a_day_gone_by_is_refused(cw) -> None:
    url = reverse("api:conference-emergency-meeting", args=[cw.conference.pk])
    past = {"starts_at": (timezone.now() - datetime.timedelta(days=3)).isoformat()}
    response = _post(cw.coordinator, url, past)
    assert response.status_code == 400
    assert not Meeting.objects.filter(conference=cw.conference).exists()
