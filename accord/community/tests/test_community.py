import datetime

import pytest
from django.utils import timezone

from accord.access.policy import visible_to
from accord.accounts.models import Role
from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases.models import Case
from accord.community import services
from accord.community.models import Accompaniment, EarlyContact, MentorProfile
from accord.community.tests.helpers import build_network, contact, protocol_to_womens_aid
from accord.referrals.models import Referral, ReferralStatus
from accord.testing import client_for, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def network(world):
    return build_network(world)


def test_it_records_an_anonymous_early_contact_through_the_page(network) -> None:
    client = client_for(network.mentor)
    assert client.get("/community/contacts/new/").status_code == 200
    response = client.post(
        "/community/contacts/new/",
        {
            "contacted_on": TODAY().isoformat(),
            "community": "Eritrean",
            "language": "Tigrinya",
            "concern": "physical",
            "offered": ["listening", "accompaniment"],
        },
    )
    assert response.status_code == 302
    found = EarlyContact.objects.get()
    assert (found.mentor, found.language, found.offered) == (
        network.mentor,
        "Tigrinya",
        ["listening", "accompaniment"],
    )
    assert AuditEvent.objects.filter(action="early_contact.recorded").count() == 1


def test_it_refuses_an_early_contact_dated_in_the_future(network) -> None:
    response = client_for(network.mentor).post(
        "/community/contacts/new/",
        {
            "contacted_on": (TODAY() + datetime.timedelta(days=1)).isoformat(),
            "community": "Eritrean",
            "language": "Tigrinya",
            "concern": "physical",
        },
    )
    assert response.status_code == 400
    assert "future" in response.content.decode()
    assert not EarlyContact.objects.exists()


def test_it_denies_the_contact_pages_to_anyone_but_a_mentor(world, network) -> None:
    for user in (world.caseworker, world.manager, world.facilitator):
        client = client_for(user)
        assert client.get("/community/contacts/new/").status_code == 404
        assert client.get("/community/profile/").status_code == 404


def test_it_shows_a_mentor_her_own_contacts_only(network) -> None:
    mine = contact(network)
    hers = contact(network, network.other_mentor)
    client = client_for(network.mentor)
    assert client.get(f"/community/contacts/{mine.pk}/").status_code == 200
    assert client.get(f"/community/contacts/{hers.pk}/").status_code == 404
    assert client.post(f"/community/contacts/{hers.pk}/accompaniment/", {}).status_code == 404
    assert client.post(f"/community/contacts/{hers.pk}/refer/", {}).status_code == 404
    assert list(visible_to(network.mentor, EarlyContact)) == [mine]


def test_it_records_an_accompaniment_of_an_early_contact(network) -> None:
    found = contact(network)
    client = client_for(network.mentor)
    response = client.post(
        f"/community/contacts/{found.pk}/accompaniment/",
        {"appointment_on": TODAY().isoformat(), "destination": "health", "took_place": "on"},
    )
    assert response.status_code == 302
    accompaniment = Accompaniment.objects.get()
    assert accompaniment.early_contact == found and accompaniment.took_place
    assert client.get(f"/community/accompaniments/{accompaniment.pk}/").status_code == 200
    assert (
        client_for(network.other_mentor)
        .get(f"/community/accompaniments/{accompaniment.pk}/")
        .status_code
        == 404
    )


def test_it_refuses_a_past_accompaniment_dated_in_the_future(network) -> None:
    found = contact(network)
    response = client_for(network.mentor).post(
        f"/community/contacts/{found.pk}/accompaniment/",
        {
            "appointment_on": (TODAY() + datetime.timedelta(days=3)).isoformat(),
            "destination": "health",
            "took_place": "on",
        },
    )
    assert response.status_code == 400
    assert not Accompaniment.objects.exists()


def test_it_lets_her_caseworker_ask_a_mentor_and_opens_only_that_to_the_mentor(
    world, casework
) -> None:
    case = casework.her_case
    # A mentor of her own organisation, even in the team that owns the case.
    own_mentor = make_user("outreach_mentor", world.outreach, Role.MENTOR, first_name="Hala")
    url = f"/community/cases/{case.reference}/accompaniments/"
    client = client_for(world.caseworker)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "mentor": own_mentor.pk,
            "appointment_on": (TODAY() + datetime.timedelta(days=5)).isoformat(),
            "destination": "court",
        },
    )
    assert response.status_code == 302
    accompaniment = Accompaniment.objects.get()
    mentor = client_for(own_mentor)
    page = mentor.get(f"/community/accompaniments/{accompaniment.pk}/")
    assert page.status_code == 200
    assert case.reference in page.content.decode() and "Ana" in page.content.decode()
    # Nothing of the case file: the case page, its endpoint and its forms stay 404 to her.
    assert mentor.get(f"/cases/{case.reference}/").status_code == 404
    assert mentor.get(f"/api/v1/cases/{case.reference}/").status_code == 404
    assert mentor.get(url).status_code == 404
    assert "García" not in page.content.decode()
    assert AuditEvent.objects.filter(action="accompaniment.viewed").count() == 1


def test_it_opens_no_case_of_her_own_team_to_a_mentor(world, casework) -> None:
    # Without the rule, her team's membership would open every case the team owns.
    team_mentor = make_user("outreach_mentor", world.outreach, Role.MENTOR)
    client = client_for(team_mentor)
    assert not visible_to(team_mentor, Case).exists()
    assert client.get(f"/cases/{casework.her_case.reference}/").status_code == 404
    assert client.get(f"/api/v1/cases/{casework.her_case.reference}/").status_code == 404
    assert client.get("/cases/").content.decode().count(casework.her_case.reference) == 0


def test_it_offers_only_the_mentors_of_her_own_organisation(world, casework, network) -> None:
    own_mentor = make_user("outreach_mentor", world.outreach, Role.MENTOR, first_name="Hala")
    url = f"/community/cases/{casework.her_case.reference}/accompaniments/"
    client = client_for(world.caseworker)
    page = client.get(url).content.decode()
    assert "Hala" in page
    # Another organisation's mentor is neither listed nor accepted.
    assert "Amina" not in page
    response = client.post(
        url,
        {
            "mentor": network.mentor.pk,
            "appointment_on": (TODAY() + datetime.timedelta(days=5)).isoformat(),
            "destination": "court",
        },
    )
    assert response.status_code == 400
    assert not Accompaniment.objects.exists()
    assert list(visible_to(world.caseworker, MentorProfile)) == []
    services.mentor_profile_save(
        actor=Actor.for_user(own_mentor),
        mentor=own_mentor,
        expected_version=None,
        languages=["Arabic"],
        communities=[],
        training="",
        availability="",
    )
    assert [p.user for p in visible_to(world.caseworker, MentorProfile)] == [own_mentor]


def test_it_denies_the_case_accompaniment_page_across_the_barrier(world, casework) -> None:
    url = f"/community/cases/{casework.her_case.reference}/accompaniments/"
    for user in (world.facilitator, world.outsider, world.dpo):
        assert client_for(user).get(url).status_code == 404


def test_it_refers_a_contact_with_her_consent_through_the_referral_engine(world, network) -> None:
    protocol_to_womens_aid(world, network)
    found = contact(network)
    response = client_for(network.mentor).post(
        f"/community/contacts/{found.pk}/refer/",
        {
            "given_name": "Layla",
            "to_service": world.support_service.pk,
            "consent_method": "verbal_witnessed",
            "witness_name": "Example Witness",
        },
    )
    assert response.status_code == 302, response.content.decode()
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.SENT
    assert referral.consent is not None
    assert referral.payload["identity"]["given_name"] == "Layla"
    found.refresh_from_db()
    assert found.referral == referral and found.referral_followed
    # The case that carries the referral opens to no mentor: she follows it from her contact.
    assert referral.from_case.key_worker is None
    for mentor in (network.mentor, network.other_mentor):
        assert client_for(mentor).get(f"/cases/{referral.from_case.reference}/").status_code == 404
    page = client_for(network.mentor).get(f"/community/contacts/{found.pk}/")
    assert referral.reference in page.content.decode()


def test_it_refuses_a_referral_without_a_protocol_and_saves_nothing(world, network) -> None:
    found = contact(network)
    response = client_for(network.mentor).post(
        f"/community/contacts/{found.pk}/refer/",
        {
            "given_name": "Layla",
            "to_service": world.support_service.pk,
            "consent_method": "written",
        },
    )
    assert response.status_code == 400
    assert not Referral.objects.exists()
    assert not Case.objects.filter(team=network.team).exists()


def test_it_saves_a_mentor_profile_and_lists_it_to_caseworkers(world, network) -> None:
    client = client_for(network.mentor)
    assert client.get("/community/profile/").status_code == 200
    response = client.post(
        "/community/profile/",
        {"languages": "Arabic, French", "communities": "Syrian", "availability": "Mornings"},
    )
    assert response.status_code == 302
    assert network.mentor.mentor_profile.languages == ["Arabic", "French"]


def test_it_records_a_coordination_meeting(world, network) -> None:
    client = client_for(network.mentor)
    assert client.get("/community/meetings/").status_code == 200
    response = client.post(
        "/community/meetings/",
        {
            "held_on": TODAY().isoformat(),
            "title": "How referrals from the network are answered",
            "organisations": [world.womens_aid.pk, network.organisation.pk],
            "networks": "Syrian women's group",
        },
    )
    assert response.status_code == 302
    # Women's Aid A was there: its people read it; the unrelated organisation does not.
    assert "How referrals" in client_for(world.manager).get("/community/meetings/").content.decode()
    assert client_for(world.outsider).get("/community/meetings/").status_code == 404


def test_it_reports_contacts_with_small_counts_suppressed(network) -> None:
    for number in range(6):
        contact(network, language="Arabic" if number < 5 else "Tigrinya")
    services.mentor_profile_save(
        actor=Actor.for_user(network.mentor),
        mentor=network.mentor,
        expected_version=None,
        languages=["Arabic"],
        communities=[],
        training="",
        availability="",
    )
    client = client_for(network.mentor)
    response = client.get("/community/report/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "fewer than 5" in text  # Tigrinya: one contact
    assert "No mentor speaks" in text and "Tigrinya" in text


def test_it_denies_the_report_and_home_to_others(world, network) -> None:
    for user in (world.caseworker, world.facilitator, world.outsider):
        client = client_for(user)
        assert client.get("/community/report/").status_code == 404
        assert client.get("/community/meetings/").status_code == 404
        # The landing page holds nothing of anyone's: it only says where mentors' work is.
        assert "Record an early contact" not in client.get("/community/").content.decode()
    assert (
        "Record an early contact" in client_for(network.mentor).get("/community/").content.decode()
    )
