"""The network's charts as SVG drawn on the server (as accord/risk/chart.py): the hub's
comparison (one line per country over the periods; a hidden figure is a gap in the line, never
a guess) and the barometer (each ranked area's score with its interval). Each SVG carries its
own title and description; the table next to it on the page is the text alternative."""

import io
import os
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _

from accord.network.barometer import Ranking
from accord.network.selectors import Comparison

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
WIDTH = 7  # inches; pages show a chart at 100 pixels an inch


def _figure(height: float):
    # Matplotlib caches fonts under its config directory: keep it inside the project's var/.
    os.environ.setdefault("MPLCONFIGDIR", str(settings.BASE_DIR / "var" / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    # Text stays text (no embedded glyphs), and ids do not vary between runs.
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "accord"
    return Figure(figsize=(WIDTH, height))


def _svg(figure, *, title: str, description: str) -> bytes:
    """The drawing with a <title> and <desc> first in it (what a screen reader announces when
    the SVG is opened on its own)."""
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue().decode()
    start = text.index("<svg")
    end = text.index(">", start) + 1
    head = text[start : end - 1] + ' role="img" aria-labelledby="chart-title chart-desc">'
    labels = (
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(description)}</desc>'
    )
    return (text[:start] + head + labels + text[end:]).encode()


def comparison_svg(comparison: Comparison) -> bytes:
    figure = _figure(3)
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
    return _svg(
        figure,
        title=comparison.definition.title,
        description=_(
            "One line per country over the periods; a hidden figure is a gap in the line. "
            "The same figures are in the tables of the page."
        ),
    )


def barometer_height(ranking: Ranking) -> float:
    """The chart's height in inches: a row for each ranked area."""
    return max(2.0, 0.9 + 0.3 * len(ranking.ranked))


def barometer_svg(ranking: Ranking, title: str) -> bytes:
    """Each ranked area's composite score (0 to 100) as a point with its interval as a bar,
    the best at the top: where two bars overlap, the order between those areas is not sure."""
    figure = _figure(barometer_height(ranking))
    axes = figure.add_subplot()
    lines = list(reversed(ranking.ranked))
    positions = list(range(len(lines)))
    values = [line.composite.value for line in lines]
    axes.errorbar(
        values,
        positions,
        xerr=[
            [line.composite.value - line.composite.low for line in lines],
            [line.composite.high - line.composite.value for line in lines],
        ],
        fmt="o",
        color="#1f4e79",
        ecolor="#555555",
        elinewidth=1.2,
        capsize=3,
    )
    axes.set_yticks(positions, [f"{line.rank}. {line.area.name}" for line in lines], fontsize=8)
    axes.set_xlim(0, 100)
    axes.set_xlabel(_("Score (0 to 100) with its interval"))
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(
        figure,
        title=f"{title} · {ranking.year}",
        description=_(
            "Each ranked area's score as a point and its interval as a bar, the best at the "
            "top; where bars overlap, the order of those areas is not sure. The same figures "
            "are in the table of the page."
        ),
    )
