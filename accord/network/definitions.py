"""Reading indicator definitions files (YAML) and loading them as new versions. Every problem is
named with the indicator and field it concerns, and a file with any problem loads nothing."""

from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError

from accord.network.dimensions import DIMENSIONS
from accord.network.models import Counting, Standard, Unit

SHIPPED = Path(__file__).parent / "indicators" / "standard.yaml"
_REQUIRED = ("slug", "version", "label", "unit", "counting", "standard", "dimensions")
_KNOWN = {*_REQUIRED, "description", "reference", "available"}


def _problems(entry: Any, where: str) -> list[str]:
    if not isinstance(entry, dict):
        return [f"{where}: an indicator is a mapping of fields"]
    problems = [f"{where}.{field}: missing" for field in _REQUIRED if field not in entry]
    problems += [f"{where}.{field}: unknown field" for field in sorted(set(entry) - _KNOWN)]
    if not isinstance(entry.get("version", 1), int) or entry.get("version", 1) < 1:
        problems.append(f"{where}.version: a whole number from 1")
    label = entry.get("label", {})
    if not isinstance(label, dict) or not label.get("en"):
        problems.append(f"{where}.label: a mapping of language to text, with at least en")
    for field, choices in (("unit", Unit), ("counting", Counting), ("standard", Standard)):
        if field in entry and entry[field] not in choices.values:
            problems.append(
                f"{where}.{field}: {entry[field]!r} is not one of {', '.join(choices.values)}"
            )
    dimensions = entry.get("dimensions", [])
    if not isinstance(dimensions, list):
        problems.append(f"{where}.dimensions: a list")
    else:
        for name in dimensions:
            if name not in DIMENSIONS:
                problems.append(
                    f"{where}.dimensions: {name!r} is not one of {', '.join(DIMENSIONS)}"
                )
    return problems


def parse(text: str) -> list[dict[str, Any]]:
    """The indicators of a definitions file, checked, or ValidationError listing every
    problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValidationError([f"not YAML: {error}"]) from error
    entries = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ValidationError(["indicators: a list of indicators"])
    problems = []
    seen = set()
    for index, entry in enumerate(entries):
        where = f"indicators[{index}]"
        problems += _problems(entry, where)
        if isinstance(entry, dict):
            key = (entry.get("slug"), entry.get("version"))
            if key in seen:
                problems.append(f"{where}: {key[0]} version {key[1]} appears twice")
            seen.add(key)
    if problems:
        raise ValidationError(problems)
    return entries
