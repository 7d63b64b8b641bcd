"""Reads of the network pages, each from the access module's rows (accord.network.access)."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from accord.access.policy import AnyUser, get_visible_or_404, visible_to
from accord.core.disclosure import Cell
from accord.network import access, barometer
from accord.network.compute import Key
from accord.network.dimensions import TOTAL
from accord.network.hub import combined
from accord.network.models import (
    Area,
    AreaReturn,
    IndicatorDefinition,
    Member,
    Report,
    ScoringScheme,
    Submission,
)
from accord.network.reporting import current_definitions
from accord.network.tables import cells_of


def members(user: AnyUser, filters: Mapping[str, Any]) -> QuerySet[Member]:
    """The directory, searched by name, city or description and filtered by country,
    partnership model and service."""
    rows = visible_to(user, Member).order_by("name")
    if text := (filters.get("q") or "").strip():
        rows = rows.filter(
            Q(name__icontains=text) | Q(city__icontains=text) | Q(description__icontains=text)
        )
    if country := filters.get("country"):
        rows = rows.filter(country=country)
    if model := filters.get("partnership_model"):
        rows = rows.filter(partnership_model=model)
    if service := filters.get("service"):
        # JSON lists are searched the portable way (SQLite has no JSON containment).
        rows = rows.filter(pk__in=[m.pk for m in rows if service in m.services])
    return rows


def countries(user: AnyUser) -> list[str]:
    return sorted(set(visible_to(user, Member).values_list("country", flat=True)))


def member_or_404(user: AnyUser, slug: str) -> Member:
    return get_visible_or_404(user, Member, slug=slug)


def reports(user: AnyUser) -> QuerySet[Report]:
    return visible_to(user, Report).select_related("prepared_by", "approved_by")


def report_or_404(user: AnyUser, uid: object) -> Report:
    try:
        return reports(user).get(uid=uid)
    except (Report.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing


def definitions_for_comparison() -> list[IndicatorDefinition]:
    return [definition for definition in current_definitions() if definition.available]


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    country: str
    cells: list[Cell | None]  # one per period; None: nothing submitted


@dataclass(frozen=True)
class Comparison:
    definition: IndicatorDefinition
    key: Key
    periods: list[str]
    members: list[ComparisonRow]
    countries: list[ComparisonRow]
    network: ComparisonRow


def comparison(user: AnyUser, definition: IndicatorDefinition, key: Key | None) -> Comparison:
    """One cell of an indicator (the grand total unless another is chosen) across members,
    countries and periods. A country's and the network's figures are sums of members'
    published cells only (accord.network.hub.combined): a member's hidden cell is never
    recoverable from them by difference."""
    key = key or tuple(TOTAL for _name in definition.dimensions)
    submissions = list(
        visible_to(user, Submission)
        .filter(indicator=definition, current=True)
        .select_related("member")
        .order_by("member__name", "period")
    )
    periods = sorted({submission.period for submission in submissions})
    by_member: dict[Member, dict[str, dict[Key, Cell]]] = defaultdict(dict)
    for submission in submissions:
        by_member[submission.member][submission.period] = cells_of({"cells": submission.cells})

    def row(label: str, country: str, tables: list[dict[str, dict[Key, Cell]]]) -> ComparisonRow:
        cells = []
        for period in periods:
            present = [table[period] for table in tables if period in table]
            cells.append(combined(present).get(key) if present else None)
        return ComparisonRow(label=label, country=country, cells=cells)

    member_rows = [row(m.name, m.country, [t]) for m, t in by_member.items()]
    by_country: dict[str, list[dict[str, dict[Key, Cell]]]] = defaultdict(list)
    for member, tables in by_member.items():
        by_country[member.country].append(tables)
    country_rows = [row(code, code, tables) for code, tables in sorted(by_country.items())]
    return Comparison(
        definition=definition,
        key=key,
        periods=periods,
        members=member_rows,
        countries=country_rows,
        network=row("", "", list(by_member.values())),
    )


def scoring_scheme() -> ScoringScheme | None:
    """The latest version of the barometer's scoring."""
    return ScoringScheme.objects.order_by("slug", "-version").first()


@dataclass(frozen=True)
class BarometerChoices:
    """What the barometer can show: the latest scoring, the years and countries with figures."""

    scheme: ScoringScheme
    years: list[int]
    countries: list[str]


def barometer_choices_or_404(user: AnyUser) -> BarometerChoices:
    """The barometer's scoring, years (latest first) and countries; 404 for whoever may not
    see it or when there is nothing to rank."""
    if not access.may_see_barometer(user):
        raise Http404
    scheme = scoring_scheme()
    years = list(AreaReturn.objects.order_by("-year").values_list("year", flat=True).distinct())
    if scheme is None or not years:
        raise Http404
    countries = list(
        AreaReturn.objects.order_by("area__country")
        .values_list("area__country", flat=True)
        .distinct()
    )
    return BarometerChoices(scheme=scheme, years=years, countries=countries)


def barometer_ranking(
    choices: BarometerChoices, *, year: int, country: str = ""
) -> barometer.Ranking:
    """The areas' returns of a year (of one country if named) ranked by the scoring."""
    returns = AreaReturn.objects.filter(year=year).select_related("area")
    if country:
        returns = returns.filter(area__country=country)
    return barometer.rank(choices.scheme.measures, year, returns)


def areas_kept_or_404(user: AnyUser) -> list[Area]:
    """The areas whose figures the user keeps; 404 for whoever keeps none."""
    areas = list(access.areas_kept_by(user).order_by("country", "name"))
    if not areas:
        raise Http404
    return areas


def area_returns(user: AnyUser, areas: list[Area]) -> list[AreaReturn]:
    """The figures recorded for these areas that the user reads, latest year first (one
    query)."""
    return list(
        visible_to(user, AreaReturn)
        .filter(area__in=areas)
        .select_related("area")
        .order_by("area__country", "area__name", "-year")
    )


def area_return(area: Area, year: int) -> AreaReturn | None:
    """An area's figures for a year; the caller has the area from `areas_kept_or_404`."""
    return AreaReturn.objects.filter(area=area, year=year).select_related("area").first()
