"""Who accessed this record: /audit/record/."""

import pytest
from django.test import Client

from accord.accounts.models import Team, User
from accord.audit.tests.helpers import record
from accord.testing import World, client_for

DENIED = ["caseworker", "manager", "admin", "facilitator", "police_liaison", "outsider"]


def url_for(object_type: str, object_id: object, **extra: object) -> str:
    query = "&".join(f"{key}={value}" for key, value in extra.items())
    return f"/audit/record/?object_type={object_type}&object_id={object_id}&{query}"


def outreach_url(world: World, **extra: object) -> str:
    return url_for("accounts.team", world.outreach.pk, **extra)


def views_of_outreach(world: World, count: int) -> None:
    record(
        world.caseworker,
        count=count,
        object_type="accounts.team",
        object_id=str(world.outreach.pk),
        subject_organisation_id=world.womens_aid.pk,
    )


def test_it_lists_the_events_about_a_record_newest_first(world: World) -> None:
    views_of_outreach(world, 2)

    response = client_for(world.dpo).get(outreach_url(world))

    assert response.status_code == 200
    events = [row.event for row in response.context["rows"]]
    assert [event.action for event in events] == ["case.viewed", "case.viewed", "team.created"]
    assert [event.seq for event in events] == sorted((e.seq for e in events), reverse=True)
    assert response.context["rows"][0].acting_organisation == "Women's Aid A"
    assert b"caseworker_a" in response.content


def test_it_pages_long_histories(world: World) -> None:
    views_of_outreach(world, 60)
    client = client_for(world.dpo)

    first = client.get(outreach_url(world))
    second = client.get(outreach_url(world, page=2))

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 11
    assert b"page=2" in first.content


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1" * 400])
def test_it_copes_with_any_page_number(world: World, page: str) -> None:
    response = client_for(world.dpo).get(outreach_url(world, page=page))

    assert response.status_code == 200


def test_it_hides_another_organisations_records(world: World, other_dpo: User) -> None:
    elsewhere = Team.objects.get(service__organisation=world.unrelated)
    url = url_for("accounts.team", elsewhere.pk)

    mine = client_for(world.dpo).get(url)
    theirs = client_for(other_dpo).get(url)

    assert mine.context["rows"] == []
    assert b"No events match." in mine.content
    assert [row.event.action for row in theirs.context["rows"]] == ["team.created"]


def test_it_hides_our_records_from_the_other_dpo(world: World, other_dpo: User) -> None:
    views_of_outreach(world, 2)

    response = client_for(other_dpo).get(outreach_url(world))

    assert response.context["rows"] == []


@pytest.mark.parametrize("persona", DENIED)
def test_it_is_missing_for_anyone_else(world: World, persona: str) -> None:
    response = client_for(getattr(world, persona)).get(outreach_url(world))

    assert response.status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in(world: World) -> None:
    response = Client().get(outreach_url(world))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("object_type=accounts.team&object_id=" + "9" * 65, "at most 64 characters"),
        ("object_type=accounts.team&object_id=", "Enter the id of the record."),
        ("object_type=accounts.team&object_id=%20%20", "Enter the id of the record."),
        ("object_type=audit.auditevent&object_id=1", "Select a valid choice."),
        ("object_type=nonsense&object_id=1", "Select a valid choice."),
        ("object_id=1", "This field is required."),
        ("object_type=accounts.team&object_id=1%00", "Null characters are not allowed."),
    ],
)
def test_it_explains_bad_input(world: World, query: str, message: str) -> None:
    response = client_for(world.dpo).get(f"/audit/record/?{query}")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "rows" not in response.context


@pytest.mark.parametrize("count", [5, 50])
def test_it_needs_the_same_queries_however_many_events(
    world: World, count: int, django_assert_num_queries
) -> None:
    views_of_outreach(world, count)
    client = client_for(world.dpo)
    client.get("/audit/")  # the first request of a session writes its timestamps

    # 1. session, 2. user, 3. has she a TOTP authenticator (MFA middleware),
    # 4. is she a DPO anywhere, 5. count of matching events (paginator),
    # 6. the page of events, 7. names of the acting organisations on the page.
    with django_assert_num_queries(7):
        response = client.get(outreach_url(world))

    assert response.context["page"].paginator.count == count + 1  # + team.created
