"""Suppression tested as an attacker would: given everything published (cells, totals, other
periods), solve the linear constraints for the least and greatest value of each hidden cell.
The attacker here is written afresh (scipy's linprog over the published table), not the
module's own check, and is shown to catch a planted naive, primary-only suppression."""

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from accord.core.disclosure import CONFIDENTIAL, SECONDARY, Relation, primary, protect
from accord.network.dimensions import TOTAL
from accord.network.models import Counting, IndicatorDefinition
from accord.network.periods import Period
from accord.network.tables import protected_cells, with_totals

THRESHOLD = 5
YEAR = Period(2026)


def attack(cells: dict, relations: list[tuple[dict, bool]]) -> dict:
    """Interval of each hidden cell. `relations`: ({key: coefficient}, equal) with
    sum(coefficient * cell) == 0, or <= 0 when not equal."""
    hidden = [key for key, cell in cells.items() if cell.value is None]
    index = {key: i for i, key in enumerate(hidden)}
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for terms, equal in relations:
        row = np.zeros(len(hidden))
        known = 0.0
        for key, coefficient in terms.items():
            if key in index:
                row[index[key]] += coefficient
            else:
                known += coefficient * cells[key].value
        if row.any():
            (a_eq if equal else a_ub).append(row)
            (b_eq if equal else b_ub).append(-known)
    found = {}
    for key in hidden:
        c = np.zeros(len(hidden))
        c[index[key]] = 1
        arguments = {
            "A_eq": a_eq or None,
            "b_eq": b_eq or None,
            "A_ub": a_ub or None,
            "b_ub": b_ub or None,
            "bounds": [(0, None)] * len(hidden),
        }
        low, high = linprog(c, **arguments), linprog(-c, **arguments)
        found[key] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return found


def narrow(cells: dict, relations) -> list:
    return [key for key, (lo, hi) in attack(cells, relations).items() if hi - lo <= THRESHOLD]


def grid_relations(rows: int, cols: int, tag=None) -> list[tuple[dict, bool]]:
    """A two-way table with row, column and grand totals (TOTAL), as an attacker writes it."""
    relations = []
    for r in [*range(rows), TOTAL]:
        terms = {(tag, (r, c)): 1 for c in range(cols)}
        terms[(tag, (r, TOTAL))] = -1
        relations.append((terms, True))
    for c in [*range(cols), TOTAL]:
        terms = {(tag, (r, c)): 1 for r in range(rows)}
        terms[(tag, (TOTAL, c))] = -1
        relations.append((terms, True))
    return relations


def grid_counts(body: list[list[int]], tag=None) -> dict:
    rows, cols = len(body), len(body[0])
    counts = {}
    for r, c in itertools.product([*range(rows), TOTAL], [*range(cols), TOTAL]):
        rs = range(rows) if r == TOTAL else [r]
        cs = range(cols) if c == TOTAL else [c]
        counts[(tag, (r, c))] = sum(body[i][j] for i in rs for j in cs)
    return counts


def as_relations(relations: list[tuple[dict, bool]]) -> list[Relation]:
    return [Relation(terms=tuple(terms.items()), equal=equal) for terms, equal in relations]


tables = st.integers(2, 4).flatmap(
    lambda rows: st.integers(2, 4).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=cols, max_size=cols
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=tables)
def test_no_hidden_cell_of_a_table_can_be_narrowed(body) -> None:
    counts = grid_counts(body)
    relations = grid_relations(len(body), len(body[0]))
    cells = protect(counts, as_relations(relations), THRESHOLD)
    assert narrow(cells, relations) == []
    for key, n in counts.items():
        if 0 < n < THRESHOLD:
            assert cells[key].suppressed and cells[key].flag == CONFIDENTIAL
        elif cells[key].suppressed:
            assert cells[key].flag == SECONDARY
        else:
            assert cells[key].value == n


QUARTER = st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=2), min_size=2, max_size=2)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies=st.lists(QUARTER, min_size=4, max_size=4))
def test_no_hidden_cell_can_be_narrowed_from_the_year_and_its_quarters(bodies) -> None:
    labels = ["Q1", "Q2", "Q3", "Q4"]
    counts, relations = {}, []
    for label, body in zip(labels, bodies, strict=True):
        counts |= grid_counts(body, label)
        relations += grid_relations(2, 2, label)
    year = [[sum(b[r][c] for b in bodies) for c in range(2)] for r in range(2)]
    counts |= grid_counts(year, "Y")
    relations += grid_relations(2, 2, "Y")
    for key in [k for (tag, k) in counts if tag == "Y"]:
        terms = {(label, key): 1 for label in labels}
        terms[("Y", key)] = -1
        relations.append((terms, True))
    cells = protect(counts, as_relations(relations), THRESHOLD)
    assert narrow(cells, relations) == []


def naive(counts: dict) -> dict:
    return {key: primary(n, THRESHOLD) for key, n in counts.items()}


def test_the_attacker_catches_a_naive_primary_only_suppression() -> None:
    counts = grid_counts([[3, 20], [12, 30]])
    relations = grid_relations(2, 2)
    assert narrow(naive(counts), relations) == [(None, (0, 0))]
    assert narrow(protect(counts, as_relations(relations), THRESHOLD), relations) == []


def test_the_attacker_catches_a_year_that_gives_a_quarter_away() -> None:
    # Each quarter alone is safe (a small cell and its complement), but the year's published
    # cells, less the other quarters', pin the small cell down.
    bodies = [[[3, 6], [6, 20]], [[10, 10], [10, 10]], [[10, 10], [10, 10]], [[10, 10], [10, 10]]]
    labels = ["Q1", "Q2", "Q3", "Q4"]
    counts, relations = {}, []
    for label, body in zip(labels, bodies, strict=True):
        counts |= grid_counts(body, label)
        relations += grid_relations(2, 2, label)
    quarter_only = protect(counts, as_relations(relations), THRESHOLD)
    year = [[sum(b[r][c] for b in bodies) for c in range(2)] for r in range(2)]
    year_counts = grid_counts(year, "Y")
    cells = quarter_only | naive(year_counts)
    linked = relations + grid_relations(2, 2, "Y")
    for key in [k for (tag, k) in year_counts]:
        terms = {(label, key): 1 for label in labels}
        terms[("Y", key)] = -1
        linked.append((terms, True))
    assert ("Q1", (0, 0)) in narrow(cells, linked)
    counts |= year_counts
    assert narrow(protect(counts, as_relations(linked), THRESHOLD), linked) == []


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_an_indicator_cube_is_protected_across_its_breakdowns_and_periods(data) -> None:
    definition = IndicatorDefinition(
        slug="t", version=1, unit="persons", counting=Counting.PERSONS, dimensions=["risk_level"]
    )
    codes = ["standard", "medium", "high", "not_assessed"]
    counts = {
        period: {(code,): data.draw(st.integers(0, 9)) for code in codes}
        for period in YEAR.quarters()
    }
    # Persons counted once: a year has at least its largest quarter, at most their sum.
    counts[YEAR] = {}
    for code in codes:
        each = [counts[q][(code,)] for q in YEAR.quarters()]
        counts[YEAR][(code,)] = data.draw(st.integers(max(each), sum(each)))
    cells = protected_cells(definition, counts, threshold=THRESHOLD)
    relations = []
    for period in YEAR.linked():
        label = str(period)
        terms = {(label, (code,)): 1 for code in codes}
        terms[(label, (TOTAL,))] = -1
        relations.append((terms, True))
    for key in [*((c,) for c in codes), (TOTAL,)]:
        quarters = [(str(q), key) for q in YEAR.quarters()]
        whole = (str(YEAR), key)
        relations.append(({whole: 1, **{q: -1 for q in quarters}}, False))
        relations += [({q: 1, whole: -1}, False) for q in quarters]
    published = {k: c for k, c in cells.items()}
    truth = {
        (str(p), k): v
        for p, raw in counts.items()
        for k, v in with_totals(raw, ["risk_level"]).items()
    }
    assert all(c.value in (None, truth[k]) for k, c in published.items())
    assert narrow(published, relations) == []


def test_rounding_comes_after_suppression() -> None:
    from accord.core.disclosure import rounded

    counts = grid_counts([[6, 7], [3, 12]])
    cells = protect(counts, as_relations(grid_relations(2, 2)), THRESHOLD)
    shown = rounded(cells, 5)
    assert shown[(None, (1, 0))].suppressed
    assert all(c.value % 5 == 0 for c in shown.values() if not c.suppressed)


MEMBERS = st.lists(
    st.lists(st.lists(st.integers(0, 9), min_size=3, max_size=3), min_size=2, max_size=2),
    min_size=2,
    max_size=3,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies=MEMBERS)
def test_the_hubs_combined_table_gives_no_members_hidden_cell_away(bodies) -> None:
    from accord.network.hub import combined

    published_tables, relations = {}, []
    for number, body in enumerate(bodies):
        relations_here = grid_relations(2, 3, number)
        cells = protect(grid_counts(body, number), as_relations(relations_here), THRESHOLD)
        published_tables[number] = {key: cell for (_tag, key), cell in cells.items()}
        relations += relations_here
    total = combined(published_tables.values())
    everything = {
        (number, key): cell
        for number, cells in published_tables.items()
        for key, cell in cells.items()
    }
    everything |= {("all", key): cell for key, cell in total.items()}
    relations += grid_relations(2, 3, "all")
    for key in total:
        terms = {(number, key): 1 for number in published_tables}
        terms[("all", key)] = -1
        relations.append((terms, True))
    assert narrow(everything, relations) == []


def test_a_naive_combined_table_would_give_a_members_cell_away() -> None:
    # Summing the members' true counts and publishing the sum would let the other member's
    # published cell be subtracted: the attacker catches it.
    a = protect(
        grid_counts([[3, 20, 20], [20, 20, 20]], "a"),
        as_relations(grid_relations(2, 3, "a")),
        THRESHOLD,
    )
    b = protect(
        grid_counts([[10, 20, 20], [20, 20, 20]], "b"),
        as_relations(grid_relations(2, 3, "b")),
        THRESHOLD,
    )
    truth = grid_counts([[13, 40, 40], [40, 40, 40]], "all")
    naive_total = {key: primary(n, THRESHOLD) for key, n in truth.items()}
    relations = grid_relations(2, 3, "a") + grid_relations(2, 3, "b")
    for _tag, key in truth:
        relations.append(({("a", key): 1, ("b", key): 1, ("all", key): -1}, True))
    assert ("a", (0, 0)) in narrow(a | b | naive_total, relations)
