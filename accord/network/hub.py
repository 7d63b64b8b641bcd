"""What the hub checks of a submission before it stores anything, and its combined tables.

A submission is refused whole, with every problem named, when a table names an indicator
version the hub does not know, a count is negative or not a whole number, a small count is
shown, a hidden cell has no confidentiality flag, the cells are not the indicator's cube, a
hidden cell can be worked out from the others (the attacker's linear programme), or the member
named is not the one whose token sent it.

Combined tables (a country, every member) show a cell only when every member's cell in it was
published: each combined figure is then a sum of figures already public, so no member's hidden
cell can be recovered from it by difference (`combined`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accord.core.disclosure import CONFIDENTIAL, SECONDARY, Cell, exposed, small_cell_threshold
from accord.network.compute import Key
from accord.network.models import IndicatorDefinition
from accord.network.periods import Period
from accord.network.tables import cube_keys, published_and_hidden, table_relations


@dataclass(frozen=True)
class Checked:
    definition: IndicatorDefinition
    period: Period
    cells: dict[Key, Cell]
    raw: dict[str, Any]


def _table_problems(table: Any, index: int) -> tuple[list[str], Checked | None]:
    where = _("Table %(number)d") % {"number": index + 1}
    if not isinstance(table, dict):
        return [_("%(where)s: not a table.") % {"where": where}], None
    try:
        period = Period.parse(str(table.get("period", "")))
    except ValidationError:
        return [_("%(where)s: the period is not a quarter or a year.") % {"where": where}], None
    version = table.get("version")
    # A version that no database integer holds is as unknown as any other.
    known = isinstance(version, int) and not isinstance(version, bool) and 0 < version < 2**31
    definition = (
        IndicatorDefinition.objects.filter(
            slug=str(table.get("indicator", ""))[:60], version=version
        ).first()
        if known
        else None
    )
    if definition is None:
        return [
            _("%(where)s: the hub knows no indicator %(indicator)s version %(version)s.")
            % {"where": where, "indicator": table.get("indicator"), "version": table.get("version")}
        ], None
    name = f"{where} ({definition.slug} v{definition.version}, {period})"
    cells = table.get("cells")
    if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
        return [_("%(where)s: cells must be a list.") % {"where": name}], None
    problems = []
    threshold = small_cell_threshold()
    found: dict[Key, Cell] = {}
    for cell in cells:
        key = tuple(cell.get("key") or ())
        value = cell.get("value")
        flag = cell.get("flag", "")
        if value is None:
            if flag not in {CONFIDENTIAL, SECONDARY}:
                problems.append(
                    _("%(where)s: the hidden cell %(key)s has no confidentiality flag (C or D).")
                    % {"where": name, "key": "/".join(map(str, key))}
                )
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(
                _("%(where)s: the cell %(key)s is not a count (negative or not a whole number).")
                % {"where": name, "key": "/".join(map(str, key))}
            )
            continue
        elif 0 < value < threshold:
            problems.append(
                _("%(where)s: the cell %(key)s shows a count below %(threshold)d.")
                % {"where": name, "key": "/".join(map(str, key)), "threshold": threshold}
            )
        found[key] = Cell(value=value, flag=flag)
    if problems:
        return problems, None
    if set(found) != set(cube_keys(definition.dimensions)) or len(found) != len(cells):
        return [
            _("%(where)s: the cells are not those of the indicator's disaggregations.")
            % {"where": name}
        ], None
    checked = Checked(definition=definition, period=period, cells=found, raw=table)
    return [], checked


def check_submission(payload: Any, *, member_slug: str) -> tuple[list[str], list[Checked]]:
    """Every problem of a submission (empty: it may be stored) and its checked tables."""
    if not isinstance(payload, dict):
        return [_("The submission must be a JSON object.")], []
    problems = []
    if payload.get("member") != member_slug:
        problems.append(
            _("This token submits for %(member)s only, not for %(other)s.")
            % {"member": member_slug, "other": payload.get("member")}
        )
    tables = payload.get("tables")
    if not isinstance(tables, list) or not tables:
        return [*problems, _("The submission has no tables.")], []
    checked = []
    for index, table in enumerate(tables):
        table_problems, result = _table_problems(table, index)
        problems += table_problems
        if result is not None:
            checked.append(result)
    seen = set()
    for table in checked:
        key = (table.definition.pk, str(table.period))
        if key in seen:
            problems.append(
                _("%(indicator)s for %(period)s appears twice.")
                % {"indicator": table.definition.slug, "period": table.period}
            )
        seen.add(key)
        problems += recoverable(table)
    return problems, checked


def recoverable(table: Checked) -> list[str]:
    """The hub's own attack on one table: any hidden cell pinned down by its totals."""
    if (table.raw.get("rounding") or 0) > 1:
        # Rounded counts need not add up; rounding after suppression only widens intervals.
        return []
    published, hidden = published_and_hidden([(None, table.cells)])
    relations = table_relations(table.definition.dimensions, None)
    try:
        weak = exposed(published, hidden, relations)
    except ValueError:
        return [
            _("%(indicator)s for %(period)s: the totals do not add up.")
            % {"indicator": table.definition.slug, "period": table.period}
        ]
    return [
        _(
            "%(indicator)s for %(period)s: the hidden cell %(key)s can be worked out from "
            "the totals."
        )
        % {"indicator": table.definition.slug, "period": table.period, "key": "/".join(key)}
        for _tag, key in weak
    ]


def combined(tables: Iterable[Mapping[Key, Cell]]) -> dict[Key, Cell]:
    """The sum of several members' tables of one indicator and period, cell by cell: hidden
    wherever any member's cell is hidden (then flagged as secondary)."""
    total: dict[Key, Cell] = {}
    for cells in tables:
        for key, cell in cells.items():
            before = total.get(key, Cell(value=0))
            if before.suppressed or cell.suppressed:
                total[key] = Cell(value=None, flag=SECONDARY)
            else:
                total[key] = Cell(value=before.value + cell.value)
    return total
