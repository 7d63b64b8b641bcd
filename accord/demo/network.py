"""The demo network: the European Network Hub (this installation's network-hub organisation)
with twelve members in eight countries and synthetic submissions for the last eight ended
quarters, and Riverton as a locality that computes, reviews and submits its own tables.

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
    IndicatorDefinition,
    Member,
    PartnershipModel,
    Report,
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
