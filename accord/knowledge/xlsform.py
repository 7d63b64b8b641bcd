"""Survey definitions as XLSForm (https://xlsform.org), read and checked with pyxform, ODK's
library, so that a survey can be drafted in a spreadsheet or moved to and from ODK tools.

Only the definition travels: questions, their kinds and choices. `select_one` is a one-choice
question, `select_multiple` several choices, `integer` and `decimal` a number, `text` an open
question (its codebook is the analysts' and stays in Accord); groups are flattened. Other kinds
(dates, locations, media…) have no place in a member survey and refuse the form, saying which.
"""

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from accord.knowledge.models import Survey
from accord.knowledge.selectors import questions_of
from accord.knowledge.surveyfile import FileCategory, FileQuestion, SurveyFile, SurveyFileError

KINDS_FROM_XLSFORM = {
    "select one": "single",
    "select all that apply": "multiple",
    "integer": "number",
    "decimal": "number",
    "text": "open",
}
XLSFORM_TYPES = {"single": "select_one", "multiple": "select_multiple", "number": "decimal"}
# What pyxform adds or what carries no answer.
IGNORED = {"calculate", "note", "start", "end", "today", "deviceid", "username"}
SUFFIXES = {".csv", ".xlsx", ".xls", ".md"}


def _label(value: Any) -> str:
    """A label, in English where the form has several languages."""
    if isinstance(value, dict):
        for key in ("default", "English (en)", "English", "en"):
            if value.get(key):
                return str(value[key])
        return str(next(iter(value.values()), ""))
    return str(value or "")


def _walk(children: list[dict[str, Any]], problems: list[str]) -> list[FileQuestion]:
    questions: list[FileQuestion] = []
    for child in children:
        kind = child.get("type", "")
        if kind in {"group", "repeat"}:
            if child.get("name") != "meta":
                questions += _walk(child.get("children", []), problems)
            continue
        if kind in IGNORED:
            continue
        if kind not in KINDS_FROM_XLSFORM:
            problems.append(
                _("“%(name)s”: the kind “%(kind)s” has no place in a member survey")
                % {"name": child.get("name", "?"), "kind": kind}
            )
            continue
        categories = [
            FileCategory(code=str(choice["name"]), label=_label(choice.get("label")))
            for choice in child.get("choices", [])
        ]
        questions.append(
            FileQuestion(
                key=str(child["name"]),
                text=_label(child.get("label")) or str(child["name"]),
                kind=KINDS_FROM_XLSFORM[kind],
                categories=categories,
            )
        )
    return questions


def read_xlsform(path: Path) -> SurveyFile:
    """The survey an XLSForm defines (no respondents); SurveyFileError names what is wrong."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import parse_file_to_json

    try:
        form = parse_file_to_json(str(path))
    except (PyXFormError, ValueError, KeyError) as error:
        raise SurveyFileError([_("Not a valid XLSForm: %(error)s") % {"error": error}]) from error
    problems: list[str] = []
    questions = _walk(form.get("children", []), problems)
    if problems:
        raise SurveyFileError(problems)
    key = str(form.get("id_string") or path.stem).lower()
    return SurveyFile(
        key=key,
        title=_label(form.get("title")) or key,
        questions=questions,
        respondents=[],
        added_codes=[],
    )


def read_xlsform_bytes(content: bytes, suffix: str) -> SurveyFile:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"form{suffix}"
        path.write_bytes(content)
        return read_xlsform(path)


def xlsform_csv(survey: Survey) -> str:
    """The survey's definition as an XLSForm in pyxform's CSV layout (one block per sheet)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    questions = questions_of(survey)
    writer.writerow(["survey", "", "", ""])
    writer.writerow(["", "type", "name", "label"])
    for question in questions:
        kind = XLSFORM_TYPES.get(question.kind, "text")
        if question.kind in {"single", "multiple"}:
            kind = f"{kind} {question.key}"
        writer.writerow(["", kind, question.key, question.text])
    writer.writerow(["choices", "", "", ""])
    writer.writerow(["", "list_name", "name", "label"])
    for question in questions:
        if question.kind in {"single", "multiple"}:
            for category in question.categories.all():
                writer.writerow(["", question.key, category.code, category.label])
    writer.writerow(["settings", "", "", ""])
    writer.writerow(["", "form_title", "form_id", "version"])
    writer.writerow(["", survey.title, survey.key, str(survey.version)])
    return out.getvalue()
