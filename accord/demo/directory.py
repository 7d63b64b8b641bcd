"""The demo locality's directory and its cooperation protocols, made through the real services
(so the audit log is true). Idempotent: an entry or a protocol (by title) that exists is left
alone. Called from accord.demo.locality.seed_demo_locality, before the demo referrals
(accord.demo.referrals), which follow these protocols."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accord.accounts.models import Organisation, Service
from accord.audit.context import Actor
from accord.demo.locality import ORGANISATIONS
from accord.directory import services as directory
from accord.directory.models import DirectoryEntry, Protocol

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
    protocol = directory.protocol_create(
        actor=actor,
        organisation=organisations[first],
        title=title,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    for slug in others:
        directory.protocol_party_add(
            actor=actor,
            protocol=protocol,
            expected_version=_version(protocol),
            organisation=organisations[slug],
        )
    for party in protocol.parties.all():
        name, role = signatories[party.organisation.slug]
        directory.protocol_party_sign(
            actor=actor,
            party=party,
            expected_version=_version(protocol),
            signatory_name=name,
            signatory_role=role,
            signed_on=valid_from - datetime.timedelta(days=14),
        )
    for (source, target), categories in flows.items():
        directory.protocol_flow_set(
            actor=actor,
            protocol=protocol,
            expected_version=_version(protocol),
            from_organisation=organisations[source],
            to_organisation=organisations[target],
            categories=categories,
        )
    directory.protocol_document_attach(
        actor=actor,
        protocol=protocol,
        expected_version=_version(protocol),
        document=SimpleUploadedFile(f"{title}.pdf", DEMO_PDF, content_type="application/pdf"),
    )
    directory.protocol_activate(actor=actor, protocol=protocol, expected_version=_version(protocol))


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
        directory.directory_entry_update(
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
