"""Community mentors through the API (/community/…, /accompaniments/…, /cases/{ref}/
accompaniments/): the same rules as the pages — a mentor's own contacts and accompaniments,
of a woman's case its reference and her first name only, mentors of the reader's own
organisation only."""

import datetime

import pytest
from django.utils import timezone

from accord.accounts.models import Role
from accord.api.tests.casework import case_url, post
from accord.audit.models import AuditEvent
from accord.community.models import Accompaniment, EarlyContact
from accord.community.tests.helpers import build_network, contact
from accord.testing import Casework, World, client_for, make_user

pytestmark = pytest.mark.django_db

IN_FIVE_DAYS = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
CONTACT = {
    "contacted_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
    "community": "Syrian",
    "language": "Arabic",
    "concern": "economic",
    "offered": ["listening"],
}


@pytest.fixture
def network(world):
    return build_network(world)


def test_a_mentor_records_and_lists_her_own_early_contacts(network) -> None:
    client = client_for(network.mentor)
    created = post(client, "/api/v1/community/contacts/", CONTACT)
    assert created.status_code == 201, created.content
    assert set(created.json()) >= {"id", "community", "concern", "referral"}
    assert "name" not in created.json()
    contact(network, network.other_mentor)
    listed = client.get("/api/v1/community/contacts/").json()
    assert [row["id"] for row in listed] == [created.json()["id"]]
    assert client.get(f"/api/v1/community/contacts/{created.json()['id']}/").status_code == 200


def test_a_contact_is_404_to_anyone_but_her_mentor(world, network) -> None:
    found = contact(network)
    for user in (network.other_mentor, world.caseworker, world.manager, world.dpo):
        client = client_for(user)
        assert client.get(f"/api/v1/community/contacts/{found.pk}/").status_code == 404
        assert client.get("/api/v1/community/contacts/").json() == []
    # Only a mentor records one.
    assert (
        post(client_for(world.caseworker), "/api/v1/community/contacts/", CONTACT).status_code
        == 404
    )


def test_a_contact_dated_in_the_future_is_refused_and_nothing_saved(network) -> None:
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(
        client_for(network.mentor),
        "/api/v1/community/contacts/",
        {**CONTACT, "contacted_on": tomorrow},
    )
    assert response.status_code == 400
    assert not EarlyContact.objects.exists()


def test_a_mentor_accompanies_the_woman_of_her_contact(network) -> None:
    found = contact(network)
    client = client_for(network.mentor)
    url = f"/api/v1/community/contacts/{found.pk}/accompaniments/"
    created = post(client, url, {"appointment_on": IN_FIVE_DAYS, "destination": "health"})
    assert created.status_code == 201, created.content
    assert created.json()["case"] is None and created.json()["first_name"] is None
    other = client_for(network.other_mentor)
    assert (
        post(other, url, {"appointment_on": IN_FIVE_DAYS, "destination": "health"}).status_code
        == 404
    )
    assert other.get(f"/api/v1/accompaniments/{created.json()['id']}/").status_code == 404


def test_her_caseworker_asks_a_mentor_of_her_organisation(
    world: World, casework: Casework, network
) -> None:
    own_mentor = make_user("outreach_mentor", world.outreach, Role.MENTOR, first_name="Hala")
    client = client_for(world.caseworker)
    mentors = client.get("/api/v1/community/mentors/").json()
    assert [row["id"] for row in mentors] == [own_mentor.pk]
    url = case_url(casework.her_case, "accompaniments/")
    refused = post(
        client,
        url,
        {"mentor": network.mentor.pk, "appointment_on": IN_FIVE_DAYS, "destination": "court"},
    )
    assert refused.status_code == 400
    assert not Accompaniment.objects.exists()
    created = post(
        client,
        url,
        {"mentor": own_mentor.pk, "appointment_on": IN_FIVE_DAYS, "destination": "court"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["first_name"] == "Ana"
    assert [row["id"] for row in client.get(url).json()] == [created.json()["id"]]
    # The mentor: the reference and the first name, audited; the case endpoints stay 404.
    mentor = client_for(own_mentor)
    mine = mentor.get("/api/v1/accompaniments/").json()
    assert [(row["case"], row["first_name"]) for row in mine] == [
        (casework.her_case.reference, "Ana")
    ]
    assert (
        mentor.get(f"/api/v1/accompaniments/{created.json()['id']}/").json()["first_name"] == "Ana"
    )
    assert AuditEvent.objects.filter(action="accompaniment.viewed").count() == 2
    for path in ("", "accompaniments/", "notes/"):
        assert mentor.get(case_url(casework.her_case, path)).status_code == 404


def test_the_case_accompaniments_are_404_across_the_barrier(
    world: World, casework: Casework, network
) -> None:
    url = case_url(casework.her_case, "accompaniments/")
    for user in (world.facilitator, world.outsider, world.dpo, network.mentor):
        assert client_for(user).get(url).status_code == 404
    # Another organisation's staff are never listed: the network's mentors see each other only.
    for user in (world.caseworker, world.facilitator, world.outsider):
        assert client_for(user).get("/api/v1/community/mentors/").json() == []
    listed = client_for(network.mentor).get("/api/v1/community/mentors/").json()
    assert {row["id"] for row in listed} == {network.mentor.pk, network.other_mentor.pk}
