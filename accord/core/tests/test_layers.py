"""The layers of docs/architecture.md hold: the import-linter contracts in pyproject.toml, and no
domain app imports one above it in the order below (outside its tests), so there is no circle
between them.

Where a lower app needs what a higher one knows, the higher one registers it: its access rules
(`access.py`), its home and case-page panels (`home.py`), its part of a person's subject-access
export, retention and erasure (`dataprotection.py`), or a hook called by the lower app (consent
withdrawal, the case's risk picture: accord/core/hooks.py).
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
    "directory",
    "referrals",
    "programmes",
    "conferences",
    "community",
    "empowerment",
    "outcomes",
    "network",
    "knowledge",
]


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
    assert not found, f"upward imports between domain apps: {sorted(found)}"
