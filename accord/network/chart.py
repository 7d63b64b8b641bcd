"""The comparison chart as an SVG drawn on the server (as accord/risk/chart.py): one line per
country over the periods; a hidden figure is a gap in the line, never a guess. The table next
to it is the text alternative."""

import io
import os

from django.conf import settings
from django.utils.translation import gettext as _

from accord.network.selectors import Comparison

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def comparison_svg(comparison: Comparison) -> bytes:
    os.environ.setdefault("MPLCONFIGDIR", str(settings.BASE_DIR / "var" / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "accord"

    figure = Figure(figsize=(7, 3))
    axes = figure.add_subplot()
    positions = list(range(len(comparison.periods)))
    for number, row in enumerate(comparison.countries):
        values = [
            cell.value if cell is not None and not cell.suppressed else float("nan")
            for cell in row.cells
        ]
        axes.plot(
            positions,
            values,
            marker=MARKERS[number % len(MARKERS)],
            linewidth=1.2,
            label=row.label,
        )
    axes.set_xticks(positions, comparison.periods, rotation=45, ha="right", fontsize=8)
    axes.set_ylabel(str(comparison.definition.get_unit_display()))
    axes.set_ylim(bottom=0)
    axes.spines[["top", "right"]].set_visible(False)
    if comparison.countries:
        axes.legend(loc="upper left", fontsize=8, frameon=False, ncols=4, title=_("Country"))
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
