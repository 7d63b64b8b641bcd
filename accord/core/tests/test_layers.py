"""The layers of docs/architecture.md hold: the import-linter contracts in pyproject.toml, and no
circle of imports between the domain apps.

Some apps still import upwards (the order below is the target); each such import is listed in
STILL_UPWARD with what removes it, and the test fails both when a new one appears and when a
listed one is gone (so the list only shrinks).
"""

import os
import subprocess
import sys
from pathlib import Path

import grimp
from django.conf import settings

BASE = Path(settings.BASE_DIR)

# Lowest first: an app may import the apps before it.
DOMAIN_ORDER = [
    "people",
    "cases",
    "risk",
    "safety",
    "referrals",
    "programmes",
    "conferences",
    "community",
    "empowerment",
    "outcomes",
    "network",
    "knowledge",
]

STILL_UPWARD = {
    # Consent pages, DPO screens, subject access, retention and erasure live in `people` and read
    # every app's records; they move above the domain apps (their own app, with each app
    # registering its part of an export or an erasure).
    ("people", "cases"),
    ("people", "risk"),
    ("people", "safety"),
    ("people", "referrals"),
    ("people", "community"),
    ("people", "empowerment"),
    ("people", "outcomes"),
    ("people", "programmes"),
    ("people", "conferences"),
    # The case keeps its risk picture (RiskLevel on the case) and a new incident asks for a
    # reassessment (risk.triggers); the case page shows the safety-plan panel. They move to
    # hooks and case-page panels that risk and safety register.
    ("cases", "risk"),
    ("cases", "safety"),
}


def test_it_keeps_the_import_contracts() -> None:
    result = subprocess.run(  # noqa: S603 - our own tool, on our own code
        [Path(sys.executable).parent / "lint-imports", "--no-cache"],
        cwd=BASE,
        env={**os.environ, "PYTHONPATH": str(BASE)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _app(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def upward_imports() -> set[tuple[str, str]]:
    graph = grimp.build_graph("accord", cache_dir=None)
    found = set()
    for module in graph.modules:
        importer = _app(module)
        if ".tests" in module or importer not in DOMAIN_ORDER:
            continue
        for imported_module in graph.find_modules_directly_imported_by(module):
            imported = _app(imported_module)
            if imported in DOMAIN_ORDER and DOMAIN_ORDER.index(imported) > DOMAIN_ORDER.index(
                importer
            ):
                found.add((importer, imported))
    return found


def test_no_domain_app_imports_one_above_it() -> None:
    found = upward_imports()
    assert found <= STILL_UPWARD, f"new upward imports: {sorted(found - STILL_UPWARD)}"
    assert found >= STILL_UPWARD, f"gone, remove from STILL_UPWARD: {sorted(STILL_UPWARD - found)}"
