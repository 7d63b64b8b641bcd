"""The translation catalogues in locale/: present, loaded, complete, compiled and up to date.

The .po files are read with a small parser and the .mo files with the standard library's
gettext module, so these tests need neither polib nor GNU gettext. Only the check against the
code runs xgettext (through makemessages), and it is skipped, saying why, where gettext is not
installed. When it fails: `make messages`, translate the new entries, commit .po and .mo.
"""

import ast
import fnmatch
import gettext
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django.utils.html import escape

# What `make messages` passes to makemessages (the Makefile's `messages` target).
IGNORE = [".venv", "var", ".cache", "node_modules"]
EXTENSIONS = (".py", ".html", ".txt")  # makemessages' defaults for the "django" domain

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
# An app may keep its own catalogue beside its code (accord/<app>/locale/): makemessages puts the
# strings of the files under a folder that holds a locale/ into that catalogue, and Django reads
# every installed app's. Each catalogue is checked as the project's own is.
APP_LOCALE_DIRS = sorted(Path(settings.BASE_DIR).glob("accord/*/locale"))
CATALOGUES = [LOCALE_DIR, *APP_LOCALE_DIRS]
CODES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
EVERY_CATALOGUE = [
    pytest.param(locale_dir, code, id=f"{locale_dir.relative_to(settings.BASE_DIR)}-{code}")
    for locale_dir in CATALOGUES
    for code in CODES
]

# Strings from the templates every person sees, the survivor-facing help page first.
KNOWN = ["Sign in", "Skip to main content", "Leave this site now", "Where to get help"]

# %(name)s and %d style, {name} style, and HTML tags: a translation keeps every one of them.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%[sdif]|\{\w*\}|</?[a-zA-Z][^>]*>"
)


def po_path(code: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / code / "LC_MESSAGES" / "django.po"


def mo_path(code: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / code / "LC_MESSAGES" / "django.mo"


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # msgstr is msgstr[0]
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str | None, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        return repr(self.msgid if self.msgctxt is None else f"{self.msgctxt}|{self.msgid}")


def parse_po(path: Path) -> list[Entry]:
    """The live entries of a .po file, header included (msgid ""); obsolete (#~) ones left out."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal entry, target
        if entry.msgid is not None and not entry.obsolete:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#"):
            if entry.msgstr:  # a comment after a msgstr starts the next entry
                finish()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith('"'):
            if target is None:
                raise AssertionError(f"{path}:{number}: a string continues nothing")
            name, index = target
            text = ast.literal_eval(line)
            if name == "msgstr":
                entry.msgstr[index or 0] += text
            else:
                setattr(entry, name, getattr(entry, name) + text)
        else:
            keyword, _space, rest = line.partition(" ")
            match = re.fullmatch(r"(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d+)\])?", keyword)
            if match is None:
                raise AssertionError(f"{path}:{number}: cannot read {line!r}")
            name, index = match.group(1), match.group(2)
            if name in ("msgctxt", "msgid") and (
                entry.msgstr or (name == "msgctxt" and entry.msgid is not None)
            ):
                finish()
            text = ast.literal_eval(rest)
            if name == "msgstr":
                position = int(index) if index is not None else 0
                entry.msgstr[position] = text
                target = (name, position)
            else:
                setattr(entry, name, text)
                target = (name, None)
    finish()
    return entries


def header_of(entries: list[Entry]) -> dict[str, str]:
    header = next(entry for entry in entries if entry.msgid == "" and entry.msgctxt is None)
    fields = (line.partition(":") for line in header.msgstr[0].splitlines() if ":" in line)
    return {name.strip().lower(): value.strip() for name, _colon, value in fields}


def messages_of(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.msgid != "" or entry.msgctxt is not None]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def load_mo(path: Path) -> gettext.GNUTranslations:
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)


# (a) Every language has a catalogue, and it is the one Django uses.


@pytest.mark.parametrize(("locale_dir", "code"), EVERY_CATALOGUE)
def test_it_has_a_catalogue_for_every_language(locale_dir: Path, code: str) -> None:
    assert po_path(code, locale_dir).is_file(), f"no {po_path(code, locale_dir)}: `make messages`"
    assert mo_path(code, locale_dir).is_file(), f"no {mo_path(code, locale_dir)}: `make messages`"


@pytest.mark.parametrize("locale_dir", CATALOGUES, ids=str)
def test_it_has_no_catalogue_for_a_language_it_does_not_offer(locale_dir: Path) -> None:
    catalogues = {path.parent.parent.name for path in locale_dir.glob("*/LC_MESSAGES/django.po")}
    assert catalogues == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_it_translates_known_strings(code: str) -> None:
    with translation.override(code):
        for msgid in KNOWN:
            assert translation.gettext(msgid) != msgid, f"{msgid!r} is not translated into {code}"
        singular, plural = "%(counter)s event, newest first.", "%(counter)s events, newest first."
        one = translation.ngettext(singular, plural, 1) % {"counter": 1}
        two = translation.ngettext(singular, plural, 2) % {"counter": 2}
    assert one != "1 event, newest first." and two != "2 events, newest first."
    # The plural form is used for two, not the singular with another number in it.
    assert "2" in two and one.replace("1", "2") != two


@pytest.mark.parametrize("code", CODES)
def test_it_serves_the_help_page_in_the_language_asked_for(db, code: str) -> None:
    response = Client().get("/help/", HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 200
    assert response["Content-Language"] == code
    page = response.content.decode()
    assert f'<html lang="{code}">' in page
    with translation.override(code):
        for msgid in ("Where to get help", "Leave this site now"):
            assert escape(translation.gettext(msgid)) in page, f"{msgid!r} not in {code}"


# (b) The catalogues are complete, and the committed .mo files are compiled from them.


@pytest.mark.parametrize(("locale_dir", "code"), EVERY_CATALOGUE)
def test_it_has_complete_catalogues(locale_dir: Path, code: str) -> None:
    entries = parse_po(po_path(code, locale_dir))
    header = header_of(entries)
    assert header.get("language") == code
    assert header.get("content-type") == "text/plain; charset=UTF-8"
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", header["plural-forms"]).group(1))

    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"{entry if entry.msgid else 'the header'} is marked fuzzy")
    for entry in messages_of(entries):
        expected = placeholders(entry.msgid)
        if entry.msgid_plural is None:
            forms = {None: entry.msgstr.get(0, "")}
        else:
            forms = {index: entry.msgstr.get(index, "") for index in range(nplurals)}
            if set(entry.msgstr) != set(range(nplurals)):
                problems.append(f"{entry} has msgstr{sorted(entry.msgstr)}, not {nplurals} forms")
            expected |= placeholders(entry.msgid_plural)
        for index, text in forms.items():
            where = entry if index is None else f"{entry}, msgstr[{index}]"
            if not text.strip():
                problems.append(f"{where} is not translated")
            elif placeholders(text) != expected:
                problems.append(f"{where} has {placeholders(text)}, not {expected}: {text!r}")
    assert not problems, f"{po_path(code, locale_dir)}:\n" + "\n".join(problems)


@pytest.mark.parametrize(("locale_dir", "code"), EVERY_CATALOGUE)
def test_it_compiled_every_catalogue_from_its_po_file(locale_dir: Path, code: str) -> None:
    catalogue = dict(load_mo(mo_path(code, locale_dir))._catalog)  # noqa: SLF001 - the parsed .mo
    catalogue.pop("", None)
    expected = {}
    for entry in messages_of(parse_po(po_path(code, locale_dir))):
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            expected.update({(msgid, index): text for index, text in entry.msgstr.items()})
    assert catalogue == expected, f"{mo_path(code, locale_dir)} is stale: run `make messages`"


@pytest.mark.parametrize(("locale_dir", "code"), EVERY_CATALOGUE)
def test_it_has_a_working_plural_rule(locale_dir: Path, code: str) -> None:
    catalogue = load_mo(mo_path(code, locale_dir))
    assert catalogue.info().get("language") == code
    assert catalogue.charset().lower() == "utf-8"
    header = header_of(parse_po(po_path(code, locale_dir)))
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", header["plural-forms"]).group(1))
    forms = [catalogue.plural(n) for n in [*range(0, 1001), 1_000_000, 2_000_000, 1_000_001]]
    # One is the singular (msgstr[0]), two is not, and every form is reached by some number.
    assert catalogue.plural(1) == 0 and catalogue.plural(2) != 0
    assert set(forms) == set(range(nplurals))


# (c) The catalogues hold exactly the strings the code marks for translation.


def copy_sources(source: Path, target: Path) -> None:
    """What makemessages would read in the project, without locale/ and the ignored folders."""

    def ignored(name: str) -> bool:
        return name.startswith(".") or any(fnmatch.fnmatchcase(name, p) for p in IGNORE)

    for dirpath, dirnames, filenames in os.walk(source):
        here = Path(dirpath)
        relative = here.relative_to(source)
        dirnames[:] = [
            name
            for name in dirnames
            if not ignored(name)
            and name != "__pycache__"
            and not (here == source and name == "locale")
        ]
        for name in filenames:
            if name.endswith(EXTENSIONS) and not ignored(name):
                (target / relative).mkdir(parents=True, exist_ok=True)
                shutil.copy2(here / name, target / relative / name)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_it_is_up_to_date_with_the_code(settings, tmp_path: Path, monkeypatch) -> None:
    # makemessages writes to the locale/ beside the sources it reads, so it runs on a copy:
    # the committed catalogues are never touched, whatever happens here.
    base = Path(settings.BASE_DIR)
    project = tmp_path / "project"
    copy_sources(base, project)
    code = CODES[0]
    for locale_dir in CATALOGUES:
        copied = project / locale_dir.relative_to(base) / code / "LC_MESSAGES"
        copied.mkdir(parents=True)
        shutil.copy2(po_path(code, locale_dir), copied / "django.po")
    settings.LOCALE_PATHS = [project / "locale"]
    monkeypatch.chdir(project)

    call_command(
        "makemessages", locale=[code], ignore_patterns=IGNORE, no_location=True, verbosity=0
    )

    problems = []
    for locale_dir in CATALOGUES:
        extracted_po = po_path(code, project / locale_dir.relative_to(base))
        extracted = {entry.key for entry in messages_of(parse_po(extracted_po))}
        for committed_code in CODES:
            committed_po = po_path(committed_code, locale_dir)
            committed = {entry.key for entry in messages_of(parse_po(committed_po))}
            missing = sorted(extracted - committed, key=str)
            stale = sorted(committed - extracted, key=str)
            if missing or stale:
                problems.append(
                    f"{committed_po} is out of date with the code.\nNot in the catalogue: "
                    f"{missing}\nNo longer in the code: {stale}"
                )
    assert not problems, "Run `make messages`, translate, commit .po and .mo.\n" + "\n".join(
        problems
    )
