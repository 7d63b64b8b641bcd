"""`manage.py load_instrument`: loads a file as a new version, refuses a broken file naming the
line and the field, refuses changed wording under a version already loaded, and `--shipped`
may run again and again."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accord.audit.models import AuditEvent
from accord.risk.loader import SHIPPED_DIR
from accord.risk.models import Instrument
from accord.testing import World

VALID = """\
slug: house-check
version: "1"
title: House check
case_kinds: [survivor_support]
scoring: count_yes
thresholds:
  - {level: medium, minimum: 1}
  - {level: high, minimum: 2}
sections:
  - key: main
    title: Main
    items:
      - key: hit
        text: Were you hit?
        type: yes_no
      - key: feared
        text: Are you afraid?
        type: yes_no
"""


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("load_instrument", *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, text: str, name: str = "house.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_loads_a_file(db, tmp_path: Path) -> None:
    out = run(write(tmp_path, VALID))
    assert "house-check version 1 loaded." in out
    instrument = Instrument.objects.get(slug="house-check")
    assert (instrument.version, instrument.active, instrument.organisation) == ("1", True, None)
    assert instrument.source == VALID
    assert AuditEvent.objects.filter(
        action="instrument.loaded", object_id=str(instrument.pk)
    ).exists()


def test_it_loads_for_an_organisation(world: World, tmp_path: Path) -> None:
    run(write(tmp_path, VALID), "--organisation", world.womens_aid.slug)
    assert Instrument.objects.get(slug="house-check").organisation == world.womens_aid


def test_it_refuses_an_unknown_organisation(db, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No organisation"):
        run(write(tmp_path, VALID), "--organisation", "nowhere")
    assert not Instrument.objects.exists()


def test_it_refuses_a_broken_file_naming_line_and_field(db, tmp_path: Path) -> None:
    broken = VALID.replace(
        "type: yes_no\n      - key: feared", "type: yes_or_no\n      - key: feared"
    )
    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, broken))
    message = str(refused.value)
    assert "house.yaml: not loaded" in message
    assert "line 15" in message
    assert "sections[0].items[0].type" in message
    assert not Instrument.objects.exists()


def test_it_refuses_changed_wording_under_the_same_version(db, tmp_path: Path) -> None:
    run(write(tmp_path, VALID))
    changed = VALID.replace("Were you hit?", "Have you been hit?")
    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, changed))
    assert "already loaded with other wording" in str(refused.value)
    assert Instrument.objects.get(slug="house-check").source == VALID


def test_a_new_version_replaces_the_old_for_new_work(db, tmp_path: Path) -> None:
    run(write(tmp_path, VALID))
    run(write(tmp_path, VALID.replace('version: "1"', 'version: "2"')))
    versions = dict(Instrument.objects.filter(slug="house-check").values_list("version", "active"))
    assert versions == {"1": False, "2": True}


def test_shipped_is_idempotent(db) -> None:
    shipped = sorted(p for p in SHIPPED_DIR.iterdir() if p.suffix in {".yaml", ".json"})
    run("--shipped")
    assert Instrument.objects.count() == len(shipped)
    loaded = AuditEvent.objects.filter(action="instrument.loaded").count()
    out = run("--shipped")
    assert Instrument.objects.count() == len(shipped)
    assert AuditEvent.objects.filter(action="instrument.loaded").count() == loaded
    assert out.count("loaded.") == len(shipped)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda tmp: [], "Name a file, or use --shipped."),
        (lambda tmp: [str(tmp / "missing.yaml")], "no such file"),
    ],
)
def test_it_explains_what_is_missing(db, tmp_path: Path, setup, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*setup(tmp_path))


def test_it_refuses_a_file_that_is_not_utf8(db, tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(VALID.replace("Were you hit?", "¿Le pegó?").encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(str(path))
    assert not Instrument.objects.exists()
