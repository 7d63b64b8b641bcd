"""The demo network: the European Network Hub (this installation's network-hub organisation)
with twelve members in eight countries and synthetic submissions for the last eight ended
quarters, Riverton as a locality that computes, reviews and submits its own tables, and the
hub's barometer: fourteen municipalities and regions of the members' countries with two years
of service figures (one of them a small town, whose rank is a wide range).

The members' names are invented (no real organisation's figures are made up); their partnership
models are the patterns WWP EN's members describe. The counts are drawn from a seeded random
generator, protected as a locality protects them (accord.network.tables) and received through
the hub's own checks (accord.network.services.submission_receive). Idempotent: a member, a
submission or a report that exists is left alone."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import Organisation, ServiceKind, User
from accord.audit.context import Actor
from accord.core.disclosure import protect
from accord.network import services
from accord.network.models import (
    Area,
    AreaKind,
    AreaReturn,
    IndicatorDefinition,
    Member,
    PartnershipModel,
    Report,
    ScoringScheme,
    Submission,
)
from accord.network.periods import Period
from accord.network.tables import cube_keys, table_json, table_relations, with_totals

P = PartnershipModel
S = ServiceKind
# slug, name, country, city, partnership model, services, member since, scale (caseload size)
MEMBERS = [
    (
        "riverton",
        "Riverton Partnership",
        "GB",
        "Riverton",
        P.ESTABLISHED,
        [S.SURVIVOR_SUPPORT, S.PERPETRATOR_PROGRAMME, S.PARTNER_SUPPORT],
        "2019-05-01",
        0,
    ),
    (
        "north-coast",
        "North Coast Men's Programme",
        "GB",
        "Northport",
        P.COMBINED,
        [S.PERPETRATOR_PROGRAMME, S.PARTNER_SUPPORT, S.CHILDRENS_SERVICES],
        "2014-02-01",
        60,
    ),
    (
        "liffey",
        "Liffey Change Network",
        "IE",
        "Dublin",
        P.UMBRELLA,
        [S.PERPETRATOR_PROGRAMME, S.PARTNER_SUPPORT],
        "2012-09-01",
        45,
    ),
    (
        "shannon",
        "Shannon Family Safety",
        "IE",
        "Limerick",
        P.REFERRAL,
        [S.PERPETRATOR_PROGRAMME],
        "2017-01-15",
        12,
    ),
    (
        "danube",
        "Danube Anti-Violence Partnership",
        "AT",
        "Vienna",
        P.ESTABLISHED,
        [S.PERPETRATOR_PROGRAMME, S.SURVIVOR_SUPPORT],
        "2011-06-01",
        70,
    ),
    (
        "vltava",
        "Vltava Counselling Centre",
        "CZ",
        "Prague",
        P.REFERRAL,
        [S.PERPETRATOR_PROGRAMME, S.PROBATION],
        "2016-03-01",
        20,
    ),
    (
        "sava",
        "Sava Shelter and Programme",
        "HR",
        "Zagreb",
        P.COMBINED,
        [S.SURVIVOR_SUPPORT, S.PERPETRATOR_PROGRAMME, S.HOUSING],
        "2015-10-01",
        35,
    ),
    (
        "troodos",
        "Troodos Family Violence Association",
        "CY",
        "Nicosia",
        P.COMBINED,
        [S.SURVIVOR_SUPPORT, S.PERPETRATOR_PROGRAMME, S.COMMUNITY],
        "2013-04-01",
        40,
    ),
    (
        "vitosha",
        "Vitosha Family Support",
        "BG",
        "Sofia",
        P.COMBINED,
        [S.SURVIVOR_SUPPORT, S.PERPETRATOR_PROGRAMME],
        "2018-11-01",
        15,
    ),
    (
        "iskar",
        "Iskar Women's Centre",
        "BG",
        "Pleven",
        P.WOMENS_INITIATIVE,
        [S.SURVIVOR_SUPPORT, S.PERPETRATOR_PROGRAMME],
        "2021-02-01",
        8,
    ),
    (
        "neretva",
        "Neretva Men's Centre",
        "BA",
        "Mostar",
        P.WOMENS_INITIATIVE,
        [S.PERPETRATOR_PROGRAMME, S.SURVIVOR_SUPPORT],
        "2019-09-01",
        10,
    ),
    (
        "graz",
        "Styria Coordination Table",
        "AT",
        "Graz",
        P.UMBRELLA,
        [S.SOCIAL_SERVICES, S.PERPETRATOR_PROGRAMME, S.SURVIVOR_SUPPORT],
        "2020-01-01",
        25,
    ),
]
# The indicators the demo members send (the rest are Riverton's own, computed for real).
DEMO_INDICATORS = (
    "survivors-supported",
    "incidents-gbvims",
    "risk-level-mix",
    "programme-outcomes",
)


def last_quarters(count: int, today: datetime.date) -> list[Period]:
    """The last `count` quarters that have ended, oldest first."""
    quarter = Period(today.year, (today.month - 1) // 3 + 1)
    found = []
    while len(found) < count:
        quarter = (
            Period(quarter.year, quarter.quarter - 1)
            if quarter.quarter > 1
            else Period(quarter.year - 1, 4)
        )
        found.append(quarter)
    return list(reversed(found))


def _member(actor: Actor, entry: tuple, riverton: Organisation | None) -> Member:
    slug, name, country, city, model, kinds, since, _scale = entry
    member = Member.objects.filter(slug=slug).first()
    if member is not None:
        return member
    # No service account: the demo's members hand their tables to the hub in this same
    # installation. A real member gets one with `manage.py network_member_create`.
    return services.member_create(
        actor=actor,
        slug=slug,
        name=name,
        country=country,
        city=city,
        partnership_model=model,
        services=[str(kind) for kind in kinds],
        member_since=datetime.date.fromisoformat(since),
        description="",
        contact_name="",
        contact_email=f"network@{slug}.example",
        organisation=riverton if slug == "riverton" else None,
    )


def _synthetic_table(
    definition: IndicatorDefinition, period: Period, scale: int, rng: random.Random
) -> dict:
    inner = [key for key in cube_keys(definition.dimensions) if "_T" not in key]
    counts = {}
    for key in inner:
        # Many cells empty, most others moderate, now and then a small one: what a member's
        # table looks like (and what suppression is for).
        draw = rng.random()
        if draw < 0.55:
            counts[key] = 0
        elif draw < 0.62:
            counts[key] = rng.randint(1, 4)
        else:
            counts[key] = max(5, round(rng.gauss(scale / 3, scale / 8)))
    cube = {(None, key): n for key, n in with_totals(counts, definition.dimensions).items()}
    cells = protect(cube, table_relations(definition.dimensions))
    return table_json(definition, period, {key: cell for (_tag, key), cell in cells.items()})


def _seed_members_submissions(
    actor: Actor, members: list[tuple[Member, int]], quarters: list[Period]
) -> None:
    definitions = {
        d.slug: d
        for d in IndicatorDefinition.objects.filter(slug__in=DEMO_INDICATORS).order_by("version")
    }
    for member, scale in members:
        if scale == 0 or Submission.objects.filter(member=member).exists():
            continue
        rng = random.Random(member.slug)  # noqa: S311 - synthetic demo figures
        tables = [
            _synthetic_table(definitions[slug], quarter, scale, rng)
            for quarter in quarters
            for slug in DEMO_INDICATORS
        ]
        services.submission_receive(
            actor=actor, member=member, payload={"member": member.slug, "tables": tables}
        )


def _seed_riverton(riverton: Member, quarters: list[Period]) -> None:
    """Riverton's analyst prepares its last two quarters, its admin approves; the older one is
    handed to the hub (here the same installation), the newer waits to be sent."""
    analyst = User.objects.filter(username="analyst").first()
    approver = User.objects.filter(username="admin").first()
    if analyst is None or approver is None:
        return
    for number, quarter in enumerate(quarters[-2:]):
        if Report.objects.filter(period=str(quarter)).exists():
            continue
        report = services.report_prepare(actor=Actor.for_user(analyst), period=str(quarter))
        report = services.report_approve(
            actor=Actor.for_user(approver), report=report, expected_version=report.version
        )
        if number == 0:
            receipt = services.submission_receive(
                actor=Actor.system(),
                member=riverton,
                payload=services.report_payload(report, member=riverton.slug),
            )
            services.report_received(actor=Actor.for_user(analyst), report=report, receipt=receipt)


# The barometer's areas: slug, name, country, kind, the member working there, inhabitants, and
# how well served it is (0 to 1: drives the synthetic figures). Names are real places, the
# figures are invented.
AREAS = [
    ("riverton", "Riverton", "GB", AreaKind.MUNICIPALITY, "riverton", 182_000, 0.9),
    ("northport", "Northport", "GB", AreaKind.MUNICIPALITY, "north-coast", 96_000, 0.7),
    ("dublin", "Dublin City", "IE", AreaKind.MUNICIPALITY, "liffey", 592_000, 0.8),
    ("limerick", "Limerick", "IE", AreaKind.MUNICIPALITY, "shannon", 102_000, 0.5),
    ("kilrush", "Kilrush", "IE", AreaKind.MUNICIPALITY, None, 2_700, 0.6),
    ("vienna", "Vienna", "AT", AreaKind.REGION, "danube", 1_982_000, 0.95),
    ("styria", "Styria", "AT", AreaKind.REGION, "graz", 1_265_000, 0.75),
    ("prague", "Prague", "CZ", AreaKind.REGION, "vltava", 1_357_000, 0.55),
    ("zagreb", "City of Zagreb", "HR", AreaKind.REGION, "sava", 767_000, 0.6),
    ("nicosia", "Nicosia", "CY", AreaKind.REGION, "troodos", 351_000, 0.65),
    ("sofia", "Sofia City", "BG", AreaKind.REGION, "vitosha", 1_275_000, 0.4),
    ("pleven", "Pleven", "BG", AreaKind.REGION, "iskar", 224_000, 0.3),
    ("mostar", "Mostar", "BA", AreaKind.MUNICIPALITY, "neretva", 105_000, 0.35),
    ("northport-county", "Northport County", "GB", AreaKind.REGION, None, 410_000, 0.5),
]


def _area_figures(
    served: float, population: int, year_offset: int, rng: random.Random, *, answers: bool
) -> dict[str, object]:
    # Each figure moves with how well served the area is, with some noise; the later year a
    # little better (services grow).
    level = min(1.0, max(0.05, served + 0.05 * year_offset + rng.uniform(-0.1, 0.1)))
    per = population / 10_000
    figures: dict[str, object] = {
        "shelter-places": round(per * level),
        "advocates": round(per * 0.5 * level),
        "protocols-in-force": [min(4, round(4 * level + rng.uniform(-0.5, 0.5))), 4],
        "programme-available": [1 if level > 0.35 else 0, 1],
        "reported-incidents": round(per * rng.uniform(20, 45)),
    }
    if answers:
        figures["answer-days"] = max(1, round(6 - 5 * level + rng.uniform(-1, 1)))
    return figures


def _seed_barometer(actor: Actor, members: dict[str, Member], today: datetime.date) -> None:
    if not ScoringScheme.objects.exists():
        services.scoring_load_shipped(actor=actor)
    scheme = ScoringScheme.objects.order_by("slug", "-version").first()
    years = [today.year - 2, today.year - 1]
    for slug, name, country, kind, member, population, served in AREAS:
        area = Area.objects.filter(slug=slug).first() or services.area_create(
            actor=actor,
            slug=slug,
            name=name,
            country=country,
            kind=kind,
            member=members.get(member) if member else None,
        )
        rng = random.Random(f"barometer-{slug}")  # noqa: S311 - synthetic demo figures
        for offset, year in enumerate(years):
            # Pleven did not report its answer times last year: listed, not ranked.
            answers = not (slug == "pleven" and year == years[-1])
            figures = _area_figures(served, population, offset, rng, answers=answers)
            if AreaReturn.objects.filter(area=area, year=year).exists():
                continue
            services.area_return_record(
                actor=actor,
                area=area,
                year=year,
                population=population,
                figures=figures,
                scheme=scheme,
            )


@transaction.atomic
def seed_demo_network() -> None:
    actor = Actor.system()
    if not IndicatorDefinition.objects.exists():
        services.indicators_load_shipped(actor=actor)
    riverton_organisation = Organisation.objects.filter(slug="riverton-womens-aid").first()
    members = [(_member(actor, entry, riverton_organisation), entry[-1]) for entry in MEMBERS]
    quarters = last_quarters(8, timezone.localdate())
    _seed_members_submissions(actor, members, quarters)
    _seed_riverton(members[0][0], quarters)
    _seed_barometer(
        actor, {member.slug: member for member, _scale in members}, timezone.localdate()
    )
