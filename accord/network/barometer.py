"""The barometer: municipalities and regions ranked on the services they provide, by a scoring
scheme defined as data (accord/network/indicators/barometer.yaml, loaded as versions).

Each measure's figure becomes a score from 0 to 100 (the share of its target reached, capped at
the target); the composite score is the weighted mean of the provision measures. Reported
prevalence is shown apart and never scored.

Small populations: a rate per 10 000 inhabitants comes with its 95 % Wilson score interval
(the count as a proportion of the population), carried through to the score and the composite;
each area's rank is then the range of ranks its interval allows (Goldstein and Spiegelhalter's
rank intervals): a village with three shelter places is "somewhere between 2nd and 9th", not a
precise 4th. docs/decisions/0033-barometer-intervals-not-shrinkage.md says why intervals and not
empirical-Bayes shrinkage.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from accord.core.disclosure import Cell, is_small, primary

SHIPPED_SCORING = "barometer.yaml"
KINDS = ("rate", "share", "days")
GROUPS = ("provision", "prevalence")
PER = 10_000
Z = 1.959964  # two-sided 95 %
_MEASURE_FIELDS = {"slug", "label", "kind", "group", "better", "target", "weight", "basis"}
_SCHEME_FIELDS = {"slug", "version", "label", "measures"}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _measure_problems(measure: Any, where: str) -> list[str]:
    if not isinstance(measure, dict):
        return [f"{where}: a measure is a mapping of fields"]
    problems = [
        f"{where}.{name}: missing" for name in sorted(_MEASURE_FIELDS - {"basis"} - set(measure))
    ]
    problems += [
        f"{where}.{name}: unknown field" for name in sorted(set(measure) - _MEASURE_FIELDS)
    ]
    for name in ("label", "basis"):
        text = measure.get(name, {"en": "-"})
        plain = name == "basis" and isinstance(text, str) and text.strip()
        if not (isinstance(text, dict) and text.get("en")) and not plain:
            problems.append(f"{where}.{name}: a mapping of language to text, with at least en")
    for name, allowed in (("kind", KINDS), ("group", GROUPS), ("better", ("higher", "lower"))):
        if name in measure and measure[name] not in allowed:
            problems.append(f"{where}.{name}: {measure[name]!r} is not one of {', '.join(allowed)}")
    if "target" in measure and not (_number(measure["target"]) and measure["target"] > 0):
        problems.append(f"{where}.target: a number above 0")
    if "weight" in measure and not (_number(measure["weight"]) and measure["weight"] >= 0):
        problems.append(f"{where}.weight: a number from 0")
    if measure.get("group") == "prevalence" and measure.get("weight"):
        problems.append(f"{where}.weight: prevalence is never scored (weight 0)")
    return problems


def parse_scoring(text: str) -> list[dict[str, Any]]:
    """The schemes of a scoring file, checked, or ValidationError listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValidationError([f"not YAML: {error}"]) from error
    schemes = data.get("schemes") if isinstance(data, dict) else None
    if not isinstance(schemes, list) or not schemes:
        raise ValidationError(["schemes: a list of scoring schemes"])
    problems = []
    for index, scheme in enumerate(schemes):
        where = f"schemes[{index}]"
        if not isinstance(scheme, dict):
            problems.append(f"{where}: a scheme is a mapping of fields")
            continue
        problems += [f"{where}.{name}: missing" for name in sorted(_SCHEME_FIELDS - set(scheme))]
        problems += [
            f"{where}.{name}: unknown field" for name in sorted(set(scheme) - _SCHEME_FIELDS)
        ]
        if not isinstance(scheme.get("version", 1), int) or scheme.get("version", 1) < 1:
            problems.append(f"{where}.version: a whole number from 1")
        measures = scheme.get("measures", [])
        if not isinstance(measures, list) or not measures:
            problems.append(f"{where}.measures: a list of measures")
            continue
        slugs = [m.get("slug") for m in measures if isinstance(m, dict)]
        if len(slugs) != len(set(slugs)):
            problems.append(f"{where}.measures: a measure appears twice")
        for number, measure in enumerate(measures):
            problems += _measure_problems(measure, f"{where}.measures[{number}]")
        if not any(
            isinstance(m, dict) and m.get("group") == "provision" and m.get("weight")
            for m in measures
        ):
            problems.append(f"{where}.measures: at least one scored provision measure")
    if problems:
        raise ValidationError(problems)
    return schemes


def figure_problems(measures: list[dict[str, Any]], figures: Any) -> list[str]:
    """What is wrong with an area's figures for these measures (empty: nothing), each problem
    naming its measure in the reader's language. A measure may be missing (the area is then
    listed, not ranked); a figure present must be of its kind."""
    if not isinstance(figures, dict):
        return [_("The figures are a mapping of measure to figure.")]
    by_slug = {measure["slug"]: measure for measure in measures}
    problems = [
        _("%(measure)s is not a measure of the scoring.") % {"measure": slug}
        for slug in sorted(set(figures) - set(by_slug), key=str)
    ]
    for slug, value in figures.items():
        measure = by_slug.get(slug)
        if measure is None:
            continue
        if measure["kind"] in {"rate", "days"} and not (_number(value) and value >= 0):
            problems.append(
                _("%(measure)s: a number from 0, not %(value)s.")
                % {"measure": label(measure), "value": value}
            )
        if measure["kind"] == "share" and not (
            isinstance(value, list)
            and len(value) == 2
            and all(_number(part) for part in value)
            and 0 <= value[0] <= value[1]
            and value[1] > 0
        ):
            problems.append(
                _(
                    "%(measure)s: how many are in place (from 0) out of how many are required "
                    "(at least 1, and not fewer than are in place)."
                )
                % {"measure": label(measure)}
            )
    return problems


def population_problems(population: Any) -> list[str]:
    """An area's inhabitants: a whole number from 1 (every rate is per inhabitant)."""
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        return [
            _("Inhabitants: a whole number from 1, not %(value)s (every rate is per inhabitant).")
            % {"value": population}
        ]
    return []


def wilson(count: float, population: int) -> tuple[float, float]:
    """The 95 % Wilson score interval of count / population (a proportion)."""
    p = min(1.0, count / population)
    denominator = 1 + Z * Z / population
    centre = (p + Z * Z / (2 * population)) / denominator
    half = Z * math.sqrt(p * (1 - p) / population + Z * Z / (4 * population**2)) / denominator
    # At a count of 0 the lower end is 0 exactly (not a rounding error above it).
    low = 0.0 if count <= 0 else max(0.0, centre - half)
    return low, min(1.0, centre + half)


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float

    @property
    def has_interval(self) -> bool:
        return self.high - self.low > 1e-9


def estimate(measure: Mapping[str, Any], figure: Any, population: int) -> Estimate:
    """The measure's figure as shown: a rate per 10 000 with its interval, a share, or days."""
    if measure["kind"] == "rate":
        low, high = wilson(figure, population)
        return Estimate(figure / population * PER, low * PER, high * PER)
    if measure["kind"] == "share":
        achieved, required = figure
        return Estimate(achieved / required, achieved / required, achieved / required)
    return Estimate(float(figure), float(figure), float(figure))


def prevalence_cell(
    measure: Mapping[str, Any], figure: Any, population: int
) -> Estimate | Cell | None:
    """A reported count counts people's experiences of violence: from 1 to below the small-cell
    threshold it is not shown (flag C, as in every table that leaves a locality), nor its rate,
    from which the count would follow by the inhabitants shown beside it. Provision figures
    (places, advocates, protocols, days) count services, not people, and are shown as they
    are. No total or other breakdown of these counts is published, so a hidden one cannot be
    worked out: primary suppression is enough here."""
    if figure is None:
        return None
    if measure["kind"] == "rate" and is_small(round(figure)):
        return primary(round(figure))
    return estimate(measure, figure, population)


def score_of(measure: Mapping[str, Any], value: float) -> float:
    """0 to 100: the share of the target reached (for "lower is better", target over value)."""
    target = measure["target"]
    if measure["better"] == "higher":
        return 100 * min(1.0, value / target)
    return 100.0 if value <= target else 100 * target / value


def measure_score(measure: Mapping[str, Any], shown: Estimate) -> Estimate:
    # The score rises with the figure ("higher") or falls with it ("lower"): the interval's
    # ends map to the score's ends, swapped when lower is better.
    ends = sorted((score_of(measure, shown.low), score_of(measure, shown.high)))
    return Estimate(score_of(measure, shown.value), ends[0], ends[1])


def weighted(measures: list[dict[str, Any]], scores: Mapping[str, Estimate]) -> Estimate:
    """The composite: the weighted mean of the scores, and of their ends (every measure at its
    worst, every one at its best: a wide, honest interval)."""
    total = sum(m["weight"] for m in measures)
    ends = [
        sum(m["weight"] * getattr(scores[m["slug"]], end) for m in measures) / total
        for end in ("value", "low", "high")
    ]
    return Estimate(*ends)


@dataclass(frozen=True)
class Line:
    """One area's row: its figures, its scores and its place."""

    area: Any
    population: int
    shown: dict[str, Estimate]
    scores: dict[str, Estimate]
    composite: Estimate | None
    missing: list[str]
    # In the order of the ranking's measures and prevalence measures (None: no figure; a Cell:
    # a small count, not shown).
    cells: list[tuple[Estimate | None, Estimate | None]]
    prevalence_cells: list[Estimate | Cell | None]
    rank: int | None = None
    best_rank: int | None = None
    worst_rank: int | None = None


@dataclass(frozen=True)
class Ranking:
    year: int
    measures: list[dict[str, Any]]
    prevalence: list[dict[str, Any]]
    ranked: list[Line]
    unranked: list[Line]

    @property
    def measure_labels(self) -> list[tuple[str, dict[str, Any]]]:
        return [(label(m), m) for m in self.measures]

    @property
    def measure_bases(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Each measure's label and where its target comes from, in the reader's language."""
        return [(label(m), basis(m), m) for m in self.measures]

    @property
    def prevalence_labels(self) -> list[tuple[str, dict[str, Any]]]:
        return [(label(m), m) for m in self.prevalence]

    @property
    def lines(self) -> list[Line]:
        return [*self.ranked, *self.unranked]


def in_language(text: Mapping[str, str] | str) -> str:
    """A text of a scoring file in the reader's language (English where it has none); a scheme
    loaded before its texts were translated may hold one plain text."""
    if isinstance(text, str):
        return text
    language = (translation.get_language() or "en").split("-")[0]
    return text.get(language) or text["en"]


def label(entry: Mapping[str, Any]) -> str:
    return in_language(entry["label"])


def basis(measure: Mapping[str, Any]) -> str:
    return in_language(measure.get("basis") or "")


def rank(measures: list[dict[str, Any]], year: int, returns: Iterable[Any]) -> Ranking:
    """The ranking of the areas' returns for a year (each with .area, .population, .figures)."""
    scored = [m for m in measures if m["group"] == "provision" and m["weight"]]
    shown_measures = [m for m in measures if m["group"] == "provision"]
    prevalence = [m for m in measures if m["group"] == "prevalence"]
    lines = []
    for entry in returns:
        shown = {
            m["slug"]: estimate(m, entry.figures[m["slug"]], entry.population)
            for m in shown_measures
            if m["slug"] in entry.figures
        }
        scores = {
            m["slug"]: measure_score(m, shown[m["slug"]]) for m in scored if m["slug"] in shown
        }
        missing = [label(m) for m in scored if m["slug"] not in shown]
        composite = None if missing else weighted(scored, scores)
        lines.append(
            Line(
                area=entry.area,
                population=entry.population,
                shown=shown,
                scores=scores,
                composite=composite,
                missing=missing,
                cells=[(shown.get(m["slug"]), scores.get(m["slug"])) for m in shown_measures],
                prevalence_cells=[
                    prevalence_cell(m, entry.figures.get(m["slug"]), entry.population)
                    for m in prevalence
                ],
            )
        )
    complete = sorted(
        (line for line in lines if line.composite is not None),
        key=lambda line: (-line.composite.value, line.area.name),
    )
    ranked = []
    for position, line in enumerate(complete, start=1):
        others = [other.composite for other in complete if other is not line]
        surely_above = sum(1 for other in others if other.low > line.composite.high)
        surely_below = sum(1 for other in others if other.high < line.composite.low)
        ranked.append(
            replace(
                line,
                rank=position,
                best_rank=1 + surely_above,
                worst_rank=len(complete) - surely_below,
            )
        )
    unranked = sorted(
        (line for line in lines if line.composite is None), key=lambda line: line.area.name
    )
    return Ranking(
        year=year,
        measures=shown_measures,
        prevalence=prevalence,
        ranked=ranked,
        unranked=unranked,
    )
