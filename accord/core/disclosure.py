"""Small counts in published figures: the one rule every report and indicator follows.

A count below the threshold (5 unless the deployment says otherwise) is not shown, because a
handful of cases in a small place can point to a person. Primary suppression is decided here;
secondary (complementary) suppression, which stops a hidden cell being recovered from totals,
is decided here too, for a whole set of linked cells (`protect`): totals, other breakdowns of
the same count and other periods are linear relations between cells, and a hidden cell must
keep, against an attacker who solves them, an interval wider than the threshold. Zero is shown:
it points to nobody. The flags are SDMX's confidentiality status (CL_CONF_STATUS): "C" for a
small count, "D" for a cell hidden so that a small one cannot be worked out.
"""

import math
import os
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

# HiGHS needs numpy only to pass arrays. numpy, on its first import, starts an OpenBLAS thread per
# further core, and that thread spins while HiGHS solves: measured, 1.7 times the CPU for the
# same wall time, taken from the other requests (or test workers) on the machine. Set before
# the first import of numpy, which is the solver's (below); a deployment may still choose.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

CONFIDENTIAL = "C"
SECONDARY = "D"


def small_cell_threshold() -> int:
    return settings.ACCORD_SMALL_CELL_THRESHOLD


@dataclass(frozen=True)
class Cell:
    """A published count: its value, or None when it is suppressed, and why."""

    value: int | None
    flag: str = ""

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        if self.value is None and self.flag == SECONDARY:
            return _("not shown, so that a small count cannot be worked out")
        if self.value is None:
            return _("fewer than %(threshold)d") % {"threshold": small_cell_threshold()}
        return str(self.value)


def is_small(count: int, threshold: int | None = None) -> bool:
    limit = small_cell_threshold() if threshold is None else threshold
    return 0 < count < limit


def primary(count: int, threshold: int | None = None) -> Cell:
    """The cell for one count, suppressed when it is small."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    if is_small(count, threshold):
        return Cell(value=None, flag=CONFIDENTIAL)
    return Cell(value=count)


# --- secondary (complementary) suppression ----------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """A linear relation an attacker knows between cells: sum(coefficient * cell) = 0, or <= 0
    when `equal` is False. A total is `parts - total = 0`; the persons of a year against those
    of its quarters (a person may come in several) are `year - sum(quarters) <= 0` and
    `quarter - year <= 0` for each quarter."""

    terms: tuple[tuple[Hashable, int], ...]
    equal: bool = True

    @classmethod
    def total(cls, total: Hashable, parts: Iterable[Hashable]) -> "Relation":
        return cls(terms=((total, -1), *((part, 1) for part in parts)))

    @classmethod
    def at_most(cls, smaller: Iterable[Hashable], larger: Iterable[Hashable]) -> "Relation":
        """sum(smaller) <= sum(larger)."""
        return cls(
            terms=(*((key, 1) for key in smaller), *((key, -1) for key in larger)), equal=False
        )

    @property
    def keys(self) -> tuple[Hashable, ...]:
        return tuple(key for key, _coefficient in self.terms)


class _System:
    """The relations as an attacker's linear programme over the hidden cells, solved with HiGHS
    (highspy): one model, the objective changed for each cell and bound, and a cell hidden
    later added to it (`hide`) rather than the model built again."""

    def __init__(
        self,
        published: Mapping[Hashable, int],
        hidden: Iterable[Hashable],
        relations: Iterable[Relation],
    ) -> None:
        import numpy as np
        from highspy import kHighsInf
        from highspy._core import _Highs  # the binding itself: the wrapper prints a banner

        self.published = dict(published)
        self.column = {key: index for index, key in enumerate(sorted(set(hidden), key=repr))}
        size = len(self.column)
        self.solver = _Highs()
        # Small models, solved many times: no presolve, no thread pool to start; and the primal
        # simplex (strategy 4), because only the objective changes between most solves, which
        # leaves the last basis feasible. Measured on the demo's quarterly report: 3.3 s with
        # a model built per round and the default (dual) simplex, 2.3 s with `hide`, 0.55 s
        # with `hide` and the primal.
        options = (
            ("output_flag", False),
            ("presolve", "off"),
            ("threads", 1),
            ("simplex_strategy", 4),
        )
        for option, value in options:
            self.solver.setOptionValue(option, value)
        self.solver.addVars(size, np.zeros(size), np.full(size, kHighsInf))
        # Every relation is a row, even one whose cells are all published: hiding one of them
        # later gives it a term. A published cell's part sits in the row's bounds; a row with no
        # hidden cell binds nothing yet (free), as published figures need not add up exactly.
        self.bounds: list[tuple[float, float]] = []
        self.rows_of: dict[Hashable, list[tuple[int, int]]] = {}
        for relation in relations:
            coefficients: dict[Hashable, int] = {}
            for key, coefficient in relation.terms:
                coefficients[key] = coefficients.get(key, 0) + coefficient
            number = len(self.bounds)
            row: dict[int, float] = {}
            constant = 0.0
            for key, coefficient in coefficients.items():
                if not coefficient:
                    continue
                self.rows_of.setdefault(key, []).append((number, coefficient))
                if key in self.column:
                    row[self.column[key]] = coefficient
                else:
                    constant += coefficient * self.published[key]
            upper = -constant
            lower = upper if relation.equal else -kHighsInf
            self.bounds.append((lower, upper))
            if not row:
                lower, upper = -kHighsInf, kHighsInf
            self.solver.addRow(
                lower,
                upper,
                len(row),
                np.array(list(row), dtype=np.int32),
                np.array(list(row.values()), dtype=np.float64),
            )
        self.current: int | None = None

    def hide(self, key: Hashable) -> None:
        """One more cell hidden: its count leaves the bounds of its rows and becomes a column.
        The solver keeps its basis, so the next solves start from the last answer."""
        import numpy as np
        from highspy import kHighsInf

        value = self.published.pop(key)
        rows = self.rows_of.get(key, [])
        for number, coefficient in rows:
            lower, upper = self.bounds[number]
            self.bounds[number] = (lower + coefficient * value, upper + coefficient * value)
            self.solver.changeRowBounds(number, *self.bounds[number])
        self.column[key] = len(self.column)
        self.solver.addCol(
            0.0,
            0.0,
            kHighsInf,
            len(rows),
            np.array([number for number, _coefficient in rows], dtype=np.int32),
            np.array([coefficient for _number, coefficient in rows], dtype=np.float64),
        )

    def _solve(self, key: Hashable, *, maximise: bool) -> float | None:
        """The bound, or None when the cell is unbounded that way."""
        from highspy import HighsModelStatus, ObjSense

        index = self.column[key]
        if self.current != index:
            if self.current is not None:
                self.solver.changeColCost(self.current, 0.0)
            self.solver.changeColCost(index, 1.0)
            self.current = index
        self.solver.changeObjectiveSense(ObjSense.kMaximize if maximise else ObjSense.kMinimize)
        self.solver.run()
        status = self.solver.getModelStatus()
        if status == HighsModelStatus.kOptimal:
            return self.solver.getInfo().objective_function_value
        if status == HighsModelStatus.kInfeasible:
            raise ValueError("the published cells contradict the relations")
        return None

    def interval(self, key: Hashable) -> tuple[float, float]:
        upper = self._solve(key, maximise=True)
        if upper is None:
            return 0.0, math.inf
        return self._solve(key, maximise=False) or 0.0, upper

    def narrow(self, key: Hashable, limit: int) -> bool:
        """Whether the attacker pins the cell within `limit`: the greatest value first, as it
        often decides alone (unbounded: safe; at most `limit`: exposed, as no count is below
        zero)."""
        upper = self._solve(key, maximise=True)
        if upper is None:
            return False
        if upper <= limit + 1e-6:
            return True
        return upper - (self._solve(key, maximise=False) or 0.0) <= limit + 1e-6


def intervals(
    published: Mapping[Hashable, int],
    hidden: Iterable[Hashable],
    relations: Iterable[Relation],
) -> dict[Hashable, tuple[float, float]]:
    """What an attacker learns of each hidden cell: the least and the greatest value it can
    take given the published cells, the relations and that no count is negative (a linear
    programme per bound; math.inf when nothing bounds it)."""
    system = _System(published, hidden, relations)
    return {key: system.interval(key) for key in system.column}


def exposed(
    published: Mapping[Hashable, int],
    hidden: Iterable[Hashable],
    relations: Iterable[Relation],
    threshold: int | None = None,
) -> list[Hashable]:
    """The hidden cells an attacker narrows to an interval no wider than the threshold."""
    limit = small_cell_threshold() if threshold is None else threshold
    system = _System(published, hidden, list(relations))
    return [key for key in system.column if system.narrow(key, limit)]


def protect(
    counts: Mapping[Hashable, int],
    relations: Iterable[Relation],
    threshold: int | None = None,
    *,
    hidden: Iterable[Hashable] = (),
    fixed: Iterable[Hashable] = (),
) -> dict[Hashable, Cell]:
    """The cells of a set of linked counts as they may be published.

    Primary suppression (`primary`) first; then, while an attacker solving the relations could
    narrow a hidden cell to an interval no wider than the threshold, one more cell is hidden:
    among the published cells related to the exposed one, the smallest non-zero count (the
    least information lost), a part before a total. `hidden` must stay hidden whatever their
    count (hidden in a period already sent); `fixed` were published already and are chosen
    only when nothing else is left. Hiding a cell only widens every interval, so a cell found
    safe stays safe and each is checked until it is; it ends, because each round hides one
    more cell and a table with every cell hidden tells nothing."""
    limit = small_cell_threshold() if threshold is None else threshold
    relations = list(relations)
    fixed = set(fixed)
    cells = {key: primary(count, limit) for key, count in counts.items()}
    for key in hidden:
        if key in cells and not cells[key].suppressed:
            cells[key] = Cell(value=None, flag=SECONDARY)
    totals = {
        key for relation in relations for key, coefficient in relation.terms if coefficient < 0
    }
    related: dict[Hashable, set[Hashable]] = {}
    for relation in relations:
        for key in relation.keys:
            related.setdefault(key, set()).update(relation.keys)
    queue = sorted((key for key, cell in cells.items() if cell.suppressed), key=repr)
    system = _System(
        {key: cell.value for key, cell in cells.items() if not cell.suppressed},
        [key for key, cell in cells.items() if cell.suppressed],
        relations,
    )
    published = system.published  # the system's own: a cell it hides leaves it
    while queue:
        while queue and not system.narrow(queue[0], limit):
            queue.pop(0)
        if not queue:
            break
        target = queue[0]
        neighbours = _nearest_published(target, related, published)
        if not neighbours:  # pragma: no cover - with nothing published around, it is unbounded
            queue.pop(0)
            continue
        choice = min(
            neighbours,
            key=lambda key: (
                key in fixed,
                published[key] == 0,
                key in totals,
                published[key],
                repr(key),
            ),
        )
        cells[choice] = Cell(value=None, flag=SECONDARY)
        system.hide(choice)
        queue.append(choice)
    return cells


def _nearest_published(
    target: Hashable, related: Mapping[Hashable, set[Hashable]], published: Mapping[Hashable, int]
) -> list[Hashable]:
    """The published cells closest to `target` through the relations: those sharing a relation
    with it, or, when every such cell is hidden already, with the hidden cells around it, and
    so on outwards (what pins the cell down is then further away)."""
    seen = {target}
    frontier = [target]
    while frontier:
        around = {key for cell in frontier for key in related.get(cell, ())} - seen
        found = [key for key in around if key in published]
        if found:
            return found
        seen |= around
        frontier = list(around)
    return []


def rounded(cells: Mapping[Hashable, Cell], base: int) -> dict[Hashable, Cell]:
    """Published counts rounded to the nearest multiple of `base`, after the suppression
    pattern was decided on the true counts (rounding first would let small cells through)."""
    if base <= 1:
        return dict(cells)
    return {
        key: cell if cell.suppressed else Cell(value=base * round(cell.value / base))
        for key, cell in cells.items()
    }
