import io
import json

import pytest
from django.core.management import CommandError, call_command

from accord.network.models import IndicatorDefinition
from accord.network.periods import Period
from accord.network.reporting import period_tables
from accord.network.tests.helpers import build_network, survivor_with_incident

pytestmark = pytest.mark.django_db


def test_indicators_compute_prints_exactly_what_would_be_sent(world) -> None:
    build_network(world)
    for name in "ABCDEF":
        survivor_with_incident(world, name=name)
    survivor_with_incident(world, name="G", forms=("sexual",))
    out = io.StringIO()
    call_command("indicators_compute", "--period", "2026-Q3", "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == period_tables(Period(2026, 3))
    gbvims = next(t for t in printed if t["indicator"] == "incidents-gbvims")
    cells = {tuple(c["key"]): c for c in gbvims["cells"]}
    assert cells[("sexual_assault",)]["value"] is None and cells[("sexual_assault",)]["flag"] == "C"
    assert any(c["flag"] == "D" for c in gbvims["cells"])
    assert "partner-contact-coverage" not in {t["indicator"] for t in printed}


def test_indicators_compute_refuses_a_malformed_period(world) -> None:
    with pytest.raises(CommandError, match="not a period"):
        call_command("indicators_compute", "--period", "2026-Q7")


def test_loading_twice_changes_nothing_and_a_changed_definition_is_refused(db, tmp_path) -> None:
    call_command("load_indicators", stdout=io.StringIO())
    count = IndicatorDefinition.objects.count()
    call_command("load_indicators", stdout=io.StringIO())
    assert IndicatorDefinition.objects.count() == count == 10
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        "indicators:\n  - {slug: risk-level-mix, version: 1, label: {en: X}, unit: persons,"
        " counting: stock, standard: accord, dimensions: [risk_level]}\n"
    )
    with pytest.raises(CommandError, match="new version"):
        call_command("load_indicators", str(changed), stdout=io.StringIO())


def test_a_broken_definitions_file_names_every_problem(db, tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "indicators:\n  - {slug: x, version: 0, label: {es: X}, unit: metres, counting: events,"
        " standard: accord, dimensions: [colour]}\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("load_indicators", str(broken), stdout=io.StringIO())
    text = str(error.value)
    for fragment in ["version", "label", "metres", "colour"]:
        assert fragment in text
    assert IndicatorDefinition.objects.count() == 0
