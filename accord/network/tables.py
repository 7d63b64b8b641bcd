"""Indicator tables: the full cross of an indicator's disaggregations with their totals ("_T"),
the relations an attacker knows between the cells (totals, the other breakdowns of the same
count, a year against its quarters), and their protection through accord.core.disclosure
before anything leaves the locality.

A table as it is sent (JSON):

    {"indicator": "survivors-supported", "version": 1, "period": "2026-Q3",
     "unit": "persons", "dimensions": ["sex", "age_group"],
     "cells": [{"key": ["woman", "_T"], "value": 12, "flag": ""},
               {"key": ["man", "18-29"], "value": null, "flag": "C"}, ...]}
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import product
from typing import Any

from django.conf import settings

from accord.core.disclosure import Cell, Relation, protect, rounded
from accord.network.compute import Counts, Key
from accord.network.dimensions import DIMENSIONS, TOTAL
from accord.network.models import Counting, IndicatorDefinition
from accord.network.periods import Period


def _codes(name: str) -> tuple[str, ...]:
    dimension = DIMENSIONS[name]
    return dimension.values if dimension.multiple else (*dimension.values, TOTAL)


def cube_keys(dimensions: Sequence[str]) -> list[Key]:
    return list(product(*(_codes(name) for name in dimensions)))


def with_totals(counts: Counts, dimensions: Sequence[str]) -> Counts:
    """Every cell of the cube: the counts, and each total as the sum of its parts."""
    cube = {}
    for key in cube_keys(dimensions):
        cube[key] = sum(
            n
            for inner, n in counts.items()
            if all(code in (TOTAL, part) for code, part in zip(key, inner, strict=True))
        )
    return cube


def table_relations(dimensions: Sequence[str], tag: Hashable = None) -> list[Relation]:
    """Within one table: each total is the sum of its parts, along every additive dimension
    and for every combination of the others (so the margins and the body are all tied)."""
    relations = []
    for key in cube_keys(dimensions):
        for position, name in enumerate(dimensions):
            if key[position] != TOTAL:
                continue
            parts = [
                (tag, (*key[:position], code, *key[position + 1 :]))
                for code in DIMENSIONS[name].values
            ]
            relations.append(Relation.total((tag, key), parts))
    return relations


def period_relations(dimensions: Sequence[str], counting: str, year: Period) -> list[Relation]:
    """A year against its quarters, cell by cell, as the indicator's counting allows."""
    relations = []
    quarters = [str(quarter) for quarter in year.quarters()]
    for key in cube_keys(dimensions):
        whole = (str(year), key)
        parts = [(quarter, key) for quarter in quarters]
        if counting == Counting.EVENTS:
            relations.append(Relation.total(whole, parts))
        elif counting == Counting.STOCK:
            relations.append(Relation.total(whole, [parts[-1]]))
        else:
            relations.append(Relation.at_most([whole], parts))
            relations += [Relation.at_most([part], [whole]) for part in parts]
    return relations


def protected_cells(
    definition: IndicatorDefinition,
    counts_by_period: Mapping[Period, Counts],
    *,
    sent: Mapping[str, dict[Key, Cell]] | None = None,
    threshold: int | None = None,
) -> dict[tuple[str, Key], Cell]:
    """The cells of the year and its quarters, protected together; `sent` are the tables
    already sent for some of these periods: their hidden cells stay hidden and their published
    ones are hidden now only as a last resort."""
    dimensions = definition.dimensions
    counts = {}
    relations = []
    year = next(iter(counts_by_period)).year_period()
    for period, raw in counts_by_period.items():
        for key, n in with_totals(raw, dimensions).items():
            counts[(str(period), key)] = n
        relations += table_relations(dimensions, str(period))
    relations += period_relations(dimensions, definition.counting, year)
    hidden, fixed = [], []
    for label, cells in (sent or {}).items():
        for key, cell in cells.items():
            (hidden if cell.suppressed else fixed).append((label, key))
    return protect(counts, relations, threshold, hidden=hidden, fixed=fixed)


def table_json(definition: IndicatorDefinition, period: Period, cells: Mapping[Key, Cell]) -> dict:
    base = getattr(settings, "ACCORD_NETWORK_ROUNDING_BASE", 0)
    shown = rounded(cells, base)
    return {
        "indicator": definition.slug,
        "version": definition.version,
        "period": str(period),
        "unit": definition.unit,
        "dimensions": list(definition.dimensions),
        "rounding": base if base > 1 else 0,
        "cells": [
            {"key": list(key), "value": cell.value, "flag": cell.flag}
            for key, cell in shown.items()
        ],
    }


def cells_of(table: Mapping[str, Any]) -> dict[Key, Cell]:
    return {
        tuple(cell["key"]): Cell(value=cell["value"], flag=cell.get("flag", ""))
        for cell in table["cells"]
    }


def published_and_hidden(
    tables: Iterable[tuple[Hashable, Mapping[Key, Cell]]],
) -> tuple[dict[Hashable, int], list[Hashable]]:
    published, hidden = {}, []
    for tag, cells in tables:
        for key, cell in cells.items():
            if cell.suppressed:
                hidden.append((tag, key))
            else:
                published[(tag, key)] = cell.value
    return published, hidden
