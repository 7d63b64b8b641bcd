"""The demo locality's directory and its cooperation protocols, made through the real services
(so the audit log is true). Idempotent: an entry or a protocol (by title) that exists is left
alone. Called at the end of accord.demo.locality.seed_demo_locality; the demo referrals follow the
protocols (`seed_demo_referrals`)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import Organisation, Service, Team, User
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind
from accord.demo.locality import HOUSEHOLDS, ORGANISATIONS
from accord.people import services as people
from accord.people.models import (
    ConsentGiver,
    ConsentMethod,
    ConsentScope,
    Gender,
    HouseholdMember,
    Person,
    Relationship,
)
from accord.referrals import services
from accord.referrals.models import DirectoryEntry, Protocol, Referral

# service name → (offers, languages, catchment, self-referrals, accepted case kinds, how to refer)
ENTRIES: dict[str, tuple[list[str], list[str], str, bool, list[str], str]] = {
    "Women's Support Service": (
        ["helpline_24_7", "outreach", "advocacy", "counselling", "legal", "empowerment"],
        ["en", "es", "ar"],
        "Riverton and the valley",
        True,
        ["survivor_support"],
        "Call the helpline any time, or send a referral through Accord.",
    ),
    "Riverton Refuge": (
        ["shelter", "childrens_therapy", "housing_support"],
        ["en", "es"],
        "Riverton; women from anywhere who need to move",
        True,
        ["survivor_support", "child"],
        "Through the helpline of the Women's Support Service: the refuge's address is never given.",
    ),
    "Partner Support": (
        ["outreach", "advocacy"],
        ["en", "es"],
        "Partners of men on the Change Programme",
        False,
        ["partner_support"],
        "Offered automatically when a man enrols on the programme.",
    ),
    "Men's Behaviour Change Programme": (
        ["programme_for_men", "counselling"],
        ["en"],
        "Riverton",
        True,
        ["perpetrator_programme"],
        "Men may call themselves; courts and probation refer through Accord.",
    ),
    "Domestic Abuse Unit": (
        ["advocacy"],
        ["en"],
        "Riverton police district",
        False,
        [],
        "Dial 999 in an emergency; otherwise through the unit's duty officer.",
    ),
    "Probation": (
        ["programme_for_men"],
        ["en"],
        "Riverton court area",
        False,
        [],
        "Through the offender manager named in the court order.",
    ),
    "Children's Services": (
        ["childrens_therapy", "advocacy"],
        ["en"],
        "Riverton Council area",
        False,
        ["child"],
        "Through the Family Safeguarding front door, through Accord.",
    ),
    "Community Safety": (
        ["advocacy"],
        ["en"],
        "Riverton Council area",
        False,
        [],
        "Risk-conference referrals through the coordinator.",
    ),
    "Community Mentors": (
        ["interpreting", "empowerment", "outreach"],
        ["en", "es", "ar", "ro", "so"],
        "Riverton",
        True,
        ["survivor_support"],
        "Call the mentors' line; a mentor speaking her language calls back.",
    ),
    "Network Hub": ([], ["en"], "Europe", False, [], "For member organisations only."),
    "Health Safeguarding": (
        [],
        ["en"],
        "Riverton",
        False,
        [],
        "Through the hospital's safeguarding lead.",
    ),
    "Housing Options": (
        ["housing_support"],
        ["en"],
        "Riverton",
        True,
        [],
        "Call Housing Options; say it is about domestic abuse.",
    ),
}

# A stand-in for a scanned, signed agreement: a PDF header is all the checks look at.
DEMO_PDF = b"%PDF-1.4\n% Demo cooperation protocol (fictional)\n%%EOF\n"

# (title, valid from, valid to, {organisation slug: (signatory, role)}, {(from, to): categories})
PROTOCOLS: list[
    tuple[
        str,
        datetime.date,
        datetime.date | None,
        dict[str, tuple[str, str]],
        dict[tuple[str, str], list[str]],
    ]
] = [
    (
        "Women's Aid and the Change Programme",
        datetime.date(2025, 1, 1),
        None,
        {
            "riverton-womens-aid": ("Example Director", "Chief executive"),
            "riverton-change": ("Sample Lead", "Programme director"),
        },
        {
            # Her side sees his programme status; the programme gets what she fears only as risk
            # (safety-information items that never name her as the source).
            ("riverton-change", "riverton-womens-aid"): ["programme_status"],
            ("riverton-womens-aid", "riverton-change"): ["risk"],
        },
    ),
    (
        "Police referrals to Women's Aid",
        datetime.date(2025, 1, 1),
        None,
        {
            "riverton-police": ("Placeholder Superintendent", "Area commander"),
            "riverton-womens-aid": ("Example Director", "Chief executive"),
        },
        {("riverton-police", "riverton-womens-aid"): ["identity", "contact", "risk"]},
    ),
    (
        "Children's services and Women's Aid",
        datetime.date(2025, 1, 1),
        None,
        {
            "riverton-council": ("Fictional Head", "Director of children's services"),
            "riverton-womens-aid": ("Example Director", "Chief executive"),
        },
        {
            ("riverton-council", "riverton-womens-aid"): ["identity", "contact", "risk"],
            ("riverton-womens-aid", "riverton-council"): ["identity", "risk"],
        },
    ),
    (
        # A survivor case can be referred on: to the mentors who speak her language.
        "Women's Aid and the Migrant Women's Network",
        datetime.date(2025, 1, 1),
        None,
        {
            "riverton-womens-aid": ("Example Director", "Chief executive"),
            "riverton-migrant-womens-network": ("Example Coordinator", "Network coordinator"),
        },
        {("riverton-womens-aid", "riverton-migrant-womens-network"): ["identity", "contact"]},
    ),
    (
        # Community-to-service referrals (accord/community): her first name, with her consent.
        "Community referrals from the Migrant Women's Network",
        datetime.date(2025, 1, 1),
        None,
        {
            "riverton-migrant-womens-network": ("Sample Coordinator", "Network coordinator"),
            "riverton-womens-aid": ("Example Director", "Chief executive"),
        },
        {("riverton-migrant-womens-network", "riverton-womens-aid"): ["identity"]},
    ),
    (
        "Probation and the Change Programme (pilot)",
        datetime.date(2023, 1, 1),
        datetime.date(2024, 12, 31),
        {
            "riverton-probation": ("Sample Manager", "Head of probation delivery"),
            "riverton-change": ("Sample Lead", "Programme director"),
        },
        {
            ("riverton-probation", "riverton-change"): ["identity", "contact", "risk"],
            ("riverton-change", "riverton-probation"): ["programme_status"],
        },
    ),
]


def _version(protocol: Protocol) -> int:
    return Protocol.objects.values_list("version", flat=True).get(pk=protocol.pk)


def _seed_protocol(
    actor: Actor,
    title: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    signatories: dict[str, tuple[str, str]],
    flows: dict[tuple[str, str], list[str]],
) -> None:
    organisations = Organisation.objects.in_bulk(list(signatories), field_name="slug")
    first, *others = signatories
    protocol = services.protocol_create(
        actor=actor,
        organisation=organisations[first],
        title=title,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    for slug in others:
        services.protocol_party_add(
            actor=actor,
            protocol=protocol,
            expected_version=_version(protocol),
            organisation=organisations[slug],
        )
    for party in protocol.parties.all():
        name, role = signatories[party.organisation.slug]
        services.protocol_party_sign(
            actor=actor,
            party=party,
            expected_version=_version(protocol),
            signatory_name=name,
            signatory_role=role,
            signed_on=valid_from - datetime.timedelta(days=14),
        )
    for (source, target), categories in flows.items():
        services.protocol_flow_set(
            actor=actor,
            protocol=protocol,
            expected_version=_version(protocol),
            from_organisation=organisations[source],
            to_organisation=organisations[target],
            categories=categories,
        )
    services.protocol_document_attach(
        actor=actor,
        protocol=protocol,
        expected_version=_version(protocol),
        document=SimpleUploadedFile(f"{title}.pdf", DEMO_PDF, content_type="application/pdf"),
    )
    services.protocol_activate(actor=actor, protocol=protocol, expected_version=_version(protocol))


@transaction.atomic
def seed_demo_directory_and_protocols() -> None:
    actor = Actor.system()
    described = set(DirectoryEntry.objects.values_list("service_id", flat=True))
    demo = Service.objects.filter(
        organisation__slug__in=[slug for slug, _name, _services in ORGANISATIONS],
        name__in=list(ENTRIES),
    )
    for service in demo.exclude(pk__in=described):
        offers, languages, catchment, self_referrals, case_kinds, how = ENTRIES[service.name]
        services.directory_entry_update(
            actor=actor,
            service=service,
            offers=offers,
            languages=languages,
            catchment=catchment,
            accepts_self_referrals=self_referrals,
            accepted_case_kinds=case_kinds,
            how_to_refer=how,
        )
    existing = set(Protocol.objects.values_list("title", flat=True))
    for title, valid_from, valid_to, signatories, flows in PROTOCOLS:
        if title not in existing:
            _seed_protocol(actor, title, valid_from, valid_to, signatories, flows)
    seed_demo_referrals()


# --- referrals ------------------------------------------------------------------------------------

# Police referrals to the Women's Support Service, as the police system sends them in: one in
# every state a referral can reach. Invented names only.
POLICE_REFERRALS: list[tuple[str, str, str]] = [
    # (given name, family name, what becomes of it)
    ("Example", "Waiting", "sent"),
    ("Sample", "Overdue", "overdue"),
    ("Fictional", "Accepted", "accepted"),
    ("Placeholder", "Declined", "declined"),
    ("Example", "Closed", "closed"),
    ("Sample", "Withdrawn", "withdrawn"),
]


@transaction.atomic
def seed_demo_referrals() -> None:
    """Referrals in every state between the Riverton organisations, through the services:
    inbound ones from the police, and ones made from Women's Aid's cases of children."""
    _seed_police_referrals()
    _seed_children_referrals()


def _seed_police_referrals() -> None:
    """Idempotent: once the police have referred anyone, nothing more is made."""
    police_team = Team.objects.filter(
        service__organisation__slug="riverton-police", name="Domestic Abuse Unit"
    ).first()
    support = Service.objects.filter(
        organisation__slug="riverton-womens-aid", name="Women's Support Service"
    ).first()
    if police_team is None or support is None:
        return
    if Referral.objects.filter(from_team=police_team).exists():
        return
    police = Actor.for_user(User.objects.get(username="police"))
    caseworker_user = User.objects.get(username="caseworker")
    caseworker = Actor.for_user(caseworker_user)
    outreach = Team.objects.get(service=support, name="Outreach")
    for given_name, family_name, outcome in POLICE_REFERRALS:
        referral = services.referral_inbound(
            actor=police,
            from_team=police_team,
            to_service=support,
            case_kind="survivor_support",
            person={"given_name": given_name, "family_name": family_name},
            risk_level="medium",
            consent_stated_on=datetime.date(2025, 1, 15),
        )
        if outcome == "overdue":
            # Sent today, so not late yet: the demo moves its deadline back to show the flags.
            Referral.objects.filter(pk=referral.pk).update(
                due_on=referral.due_on - datetime.timedelta(days=7)
            )
            services.referral_overdue_notify(actor=Actor.system(), today=referral.due_on)
        elif outcome in {"accepted", "closed"}:
            referral = services.referral_accept(
                actor=caseworker,
                referral=referral,
                expected_version=referral.version,
                team=outreach,
                key_worker=caseworker_user,
            )
            if outcome == "closed":
                services.referral_close(
                    actor=caseworker,
                    referral=referral,
                    expected_version=referral.version,
                    by_sender=False,
                )
        elif outcome == "declined":
            services.referral_decline(
                actor=caseworker,
                referral=referral,
                expected_version=referral.version,
                reason="already_known",
            )
        elif outcome == "withdrawn":
            services.referral_withdraw(
                actor=police, referral=referral, expected_version=referral.version
            )
    # A draft: her caseworker starts a referral of a survivor's child to children's services.
    children = Service.objects.filter(
        organisation__slug="riverton-council", name="Children's Services"
    ).first()
    case = Case.objects.filter(team=outreach, kind="survivor_support").order_by("pk").first()
    if children is not None and case is not None:
        services.referral_draft(actor=caseworker, case=case, to_service=children, case_kind="child")


# Women's Aid's own cases of the women's children (her caseworker sees them with their mother),
# referred to the council's children's services under the protocol between the two, each on a
# caregiver's consent and the child's own assent: one waiting, one accepted (the council's
# Family Safeguarding team opens its own case), one declined. The last is not referred: a case
# to refer through the pages, in a demo or in the browser test.
CHILD_REFERRALS: list[tuple[str, str, datetime.date, str, str]] = [
    # (given name, family name, date of birth, mother's given name, what becomes of it)
    ("Lily", "Sample", datetime.date(2014, 1, 20), "Alice", "sent"),
    ("Tia", "Example", datetime.date(2011, 6, 12), "Bea", "accepted"),
    ("Rio", "Fictional", datetime.date(2019, 8, 5), "Cora", "declined"),
    ("Leo", "Example", datetime.date(2015, 10, 4), "Bea", ""),
]


def _mother(given_name: str, family_name: str) -> tuple[Person | None, dict[str, str]]:
    """The mother's record at Women's Aid (through the blind index) and her demo addresses."""
    for members in HOUSEHOLDS:
        her = members[0]
        if (her.given_name, her.family_name) == (given_name, family_name):
            index = people.name_dob_index(her.given_name, her.family_name, her.date_of_birth)
            person = Person.objects.filter(
                organisation__slug="riverton-womens-aid", name_dob_index=index
            ).first()
            addresses = {
                key: her.person[key]
                for key in ("real_address", "substitute_address")
                if her.person.get(key)
            }
            return person, addresses
    return None, {}


def _seed_children_referrals() -> None:
    """Idempotent: a child already on Women's Aid's record is left alone."""
    outreach = Team.objects.filter(
        service__organisation__slug="riverton-womens-aid", name="Outreach"
    ).first()
    safeguarding = Team.objects.filter(
        service__organisation__slug="riverton-council", name="Family Safeguarding"
    ).first()
    if outreach is None or safeguarding is None:
        return
    womens_aid = outreach.service.organisation
    council = safeguarding.service.organisation
    caseworker_user = User.objects.get(username="caseworker")
    caseworker = Actor.for_user(caseworker_user)
    socialworker_user = User.objects.get(username="socialworker")
    socialworker = Actor.for_user(socialworker_user)
    today = timezone.localdate()
    for given_name, family_name, born, mother_name, outcome in CHILD_REFERRALS:
        index = people.name_dob_index(given_name, family_name, born)
        if Person.objects.filter(organisation=womens_aid, name_dob_index=index).exists():
            continue
        mother, addresses = _mother(mother_name, family_name)
        child = people.person_create(
            actor=caseworker,
            organisation=womens_aid,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=born,
            gender=Gender.NOT_STATED,
            safe_contact_times="Only through their mother",
            **addresses,
        )
        membership = HouseholdMember.objects.filter(person=mother).first() if mother else None
        household = membership.household if membership else None
        if household is not None:
            people.household_member_add(
                actor=caseworker, household=household, person=child, relationship=Relationship.CHILD
            )
        case = cases.case_open(
            actor=caseworker,
            kind=CaseKind.CHILD,
            person=child,
            team=outreach,
            key_worker=caseworker_user,
            household=household,
            opened_on=today - datetime.timedelta(days=30),
        )
        if not outcome:
            continue
        for given_by in (ConsentGiver.CAREGIVER, ConsentGiver.CHILD_ASSENT):
            people.consent_record(
                actor=caseworker,
                person=child,
                scope=ConsentScope.REFERRAL_TO_ORGANISATION,
                organisation=council,
                given_by=given_by,
                caregiver_name=f"{mother_name} {family_name}"
                if given_by == ConsentGiver.CAREGIVER
                else "",
                method=ConsentMethod.WRITTEN,
                given_on=today - datetime.timedelta(days=7),
                case=case,
            )
        referral = services.referral_draft(
            actor=caseworker, case=case, to_service=safeguarding.service
        )
        referral = services.referral_send(
            actor=caseworker, referral=referral, expected_version=referral.version
        )
        if outcome == "accepted":
            services.referral_accept(
                actor=socialworker,
                referral=referral,
                expected_version=referral.version,
                team=safeguarding,
                key_worker=socialworker_user,
            )
        elif outcome == "declined":
            services.referral_decline(
                actor=socialworker,
                referral=referral,
                expected_version=referral.version,
                reason="outside_criteria",
            )
