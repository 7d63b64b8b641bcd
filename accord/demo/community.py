"""The community mentor's demo (CommunityLinkage): Amina's profile, her anonymous early contacts
of the last weeks, an accompaniment, a community referral to the Women's Support Service with
the woman's consent (through the referral engine, on the network's protocol with Women's Aid in
accord/demo/directory.py), and a coordination meeting. Idempotent: a mentor with contacts is
left alone."""

import datetime

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import Organisation, Service, Team, User
from accord.audit.context import Actor
from accord.community import services
from accord.community.models import EarlyContact

# (days ago, community, language, concern, offered, a referral followed)
CONTACTS: list[tuple[int, str, str, str, list[str], bool]] = [
    (40, "Syrian", "Arabic", "psychological", ["listening", "information"], False),
    (33, "Moroccan", "Arabic", "economic", ["information"], True),
    (27, "Romanian", "Romanian", "physical", ["safety", "accompaniment"], False),
    (20, "Syrian", "Arabic", "coercive_control", ["listening"], False),
    (12, "Somali", "Somali", "fgm", ["information", "interpreting"], False),
    (6, "Syrian", "Arabic", "physical", ["listening", "safety"], False),
]


@transaction.atomic
def seed_demo_community() -> None:
    mentor = User.objects.get(username="mentor")
    if EarlyContact.objects.filter(mentor=mentor).exists():
        return
    actor = Actor.for_user(mentor)
    team = Team.objects.get(service__name="Community Mentors", name="Mentors")
    today = timezone.localdate()
    services.mentor_profile_save(
        actor=actor,
        mentor=mentor,
        expected_version=None,
        languages=["Arabic", "French", "English"],
        communities=["Syrian", "Moroccan"],
        training="CommunityLinkage mentor training (40 hours), 2025; GBV early identification.",
        availability="Weekday mornings; Saturday at the community centre",
    )
    contacts = [
        services.early_contact_record(
            actor=actor,
            mentor=mentor,
            team=team,
            contacted_on=today - datetime.timedelta(days=days),
            community=community,
            language=language,
            concern=concern,
            offered=offered,
            referral_followed=followed,
        )
        for days, community, language, concern, offered, followed in CONTACTS
    ]
    services.accompaniment_record(
        actor=actor,
        mentor=mentor,
        early_contact=contacts[2],
        appointment_on=today - datetime.timedelta(days=25),
        destination="health",
        language="Romanian",
        took_place=True,
    )
    services.community_referral_send(
        actor=actor,
        contact=contacts[5],
        given_name="Sample",
        to_service=Service.objects.get(name="Women's Support Service"),
        consent_method="written",
    )
    services.coordination_meeting_record(
        actor=actor,
        team=team,
        held_on=today - datetime.timedelta(days=14),
        title="How the network's referrals are answered",
        organisations=Organisation.objects.filter(
            slug__in=["riverton-migrant-womens-network", "riverton-womens-aid"]
        ),
        networks="Syrian women's group; Somali mothers' circle",
        agreed="Women's Aid calls back within two working days, with an Arabic interpreter.",
    )
