"""Survey data files: one JSON file holds a survey and its coded answers, for migrating past
surveys and for checking published figures (docs/guides/analyst-knowledge.md shows the format).

    {"survey": {"key": "good-practice-2017", "title": "…",
                "questions": [{"key": "principles", "text": "…", "kind": "open",
                               "categories": ["victim_safety", "responsibility", "other"]}]},
     "respondents": [{"organisation": "MEND", "country": "IE",
                      "answers": {"principles": ["victim_safety", "other"]}}]}

A question a respondent skipped is missing from her answers (or answered with an empty list).
A category is a code, or {"code": …, "label": …}. A number question's answer is one number.

The file is checked whole before anything is loaded: every problem is reported with its line
and reason, and a file with one problem loads nothing. The lines come from composing the file
as YAML (JSON is YAML), as the risk instruments' loader does; codes used in answers that the
question's codebook lacks are not a problem: they are added, and listed in `added_codes`.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pycountry
from django.utils.translation import gettext
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from accord.knowledge.models import KEY_MAX, QuestionKind
from accord.risk.loader import InstrumentError, _compose

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
KINDS = [kind.value for kind in QuestionKind]
OTHER_CODE = "other"


class SurveyFileError(ValueError):
    """Every problem found in a survey file, each naming its line."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class FileCategory:
    code: str
    label: str


@dataclass
class FileQuestion:
    key: str
    text: str
    kind: str
    categories: list[FileCategory]


@dataclass
class FileRespondent:
    organisation: str
    country: str
    line: int
    # question key → codes (choice and open questions) or one number (number questions)
    answers: dict[str, list[str]] = field(default_factory=dict)
    numbers: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class SurveyFile:
    key: str
    title: str
    questions: list[FileQuestion]
    respondents: list[FileRespondent]
    # (question key, code) for every code the answers use that its codebook did not list
    added_codes: list[tuple[str, str]]


def label_for(code: str) -> str:
    return code.replace("_", " ").replace("-", " ").capitalize()


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Reader:
    def __init__(self) -> None:
        self.errors: list[tuple[int, str]] = []

    def error(self, node: Node, message: str) -> None:
        self.errors.append(
            (
                _line(node),
                gettext("line %(line)s: %(reason)s")
                % {
                    "line": _line(node),
                    "reason": message,
                },
            )
        )

    def mapping(self, node: Node, what: str) -> dict[str, Node] | None:
        if not isinstance(node, MappingNode):
            self.error(node, gettext("%(what)s must be an object") % {"what": what})
            return None
        fields: dict[str, Node] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if name in fields:
                self.error(key_node, gettext("“%(name)s” is given twice") % {"name": name})
            fields[name] = value_node
        return fields

    def required(self, fields: dict[str, Node], name: str, parent: Node) -> Node | None:
        if name not in fields:
            self.error(parent, gettext("“%(name)s” is missing") % {"name": name})
            return None
        return fields[name]

    def text(self, node: Node | None, what: str) -> str:
        if node is None:
            return ""
        if not isinstance(node, ScalarNode) or not str(node.value).strip():
            self.error(node, gettext("%(what)s must be a text") % {"what": what})
            return ""
        return str(node.value).strip()

    def code(self, node: Node, what: str) -> str:
        value = self.text(node, what)
        if value and (not _CODE.fullmatch(value) or len(value) > KEY_MAX):
            self.error(
                node,
                gettext("“%(value)s” is not a valid %(what)s (letters, digits, _ and -)")
                % {"value": value, "what": what},
            )
            return ""
        return value

    def sequence(self, node: Node | None, what: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, gettext("%(what)s must be a list") % {"what": what})
            return []
        return list(node.value)


def _question(reader: _Reader, node: Node) -> FileQuestion | None:
    fields = reader.mapping(node, gettext("a question"))
    if fields is None:
        return None
    key = reader.code(reader.required(fields, "key", node) or node, gettext("question key"))
    text = reader.text(reader.required(fields, "text", node), gettext("the question's text"))
    kind_node = reader.required(fields, "kind", node)
    kind = reader.text(kind_node, gettext("the kind"))
    if kind and kind not in KINDS:
        reader.error(
            kind_node,
            gettext("kind “%(kind)s” is not one of %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(KINDS)},
        )
        kind = ""
    categories: list[FileCategory] = []
    seen: set[str] = set()
    for category_node in reader.sequence(fields.get("categories"), gettext("categories")):
        if isinstance(category_node, MappingNode):
            category_fields = reader.mapping(category_node, gettext("a category")) or {}
            code = reader.code(
                reader.required(category_fields, "code", category_node) or category_node,
                gettext("code"),
            )
            label = reader.text(category_fields.get("label"), gettext("the label")) or label_for(
                code
            )
        else:
            code = reader.code(category_node, gettext("code"))
            label = label_for(code)
        if code in seen:
            reader.error(category_node, gettext("code “%(code)s” is listed twice") % {"code": code})
        elif code:
            seen.add(code)
            categories.append(FileCategory(code=code, label=label))
    if kind == QuestionKind.NUMBER and categories:
        reader.error(node, gettext("a number question has no categories"))
    if not (key and text and kind):
        return None
    return FileQuestion(key=key, text=text, kind=kind, categories=categories)


def _respondent(
    reader: _Reader, node: Node, questions: dict[str, FileQuestion], added: dict[str, list[str]]
) -> FileRespondent | None:
    fields = reader.mapping(node, gettext("a respondent"))
    if fields is None:
        return None
    organisation = reader.text(
        reader.required(fields, "organisation", node), gettext("the organisation")
    )
    country_node = reader.required(fields, "country", node)
    country = reader.text(country_node, gettext("the country"))
    if country and (
        len(country) != 2
        or country != country.upper()
        or pycountry.countries.get(alpha_2=country) is None
    ):
        reader.error(
            country_node,
            gettext("“%(country)s” is not an ISO 3166 two-letter country code")
            % {"country": country},
        )
    respondent = FileRespondent(organisation=organisation, country=country, line=_line(node))
    answers_node = fields.get("answers")
    if answers_node is None:
        return respondent
    answer_fields = reader.mapping(answers_node, gettext("the answers")) or {}
    for question_key, value_node in answer_fields.items():
        question = questions.get(question_key)
        if question is None:
            reader.error(
                value_node,
                gettext("“%(key)s” is not a question of this survey") % {"key": question_key},
            )
            continue
        values = reader.sequence(value_node, gettext("an answer"))
        if not values:
            continue  # skipped
        if question.kind == QuestionKind.NUMBER:
            raw = str(values[0].value) if isinstance(values[0], ScalarNode) else ""
            if len(values) != 1 or not _NUMBER.fullmatch(raw):
                reader.error(
                    value_node,
                    gettext("“%(key)s” is a number question: give one number")
                    % {"key": question_key},
                )
                continue
            try:
                respondent.numbers[question_key] = Decimal(raw)
            except InvalidOperation:
                reader.error(value_node, gettext("not a number"))
            continue
        if question.kind == QuestionKind.SINGLE and len(values) > 1:
            reader.error(
                value_node,
                gettext("“%(key)s” takes one choice, not %(count)s")
                % {"key": question_key, "count": len(values)},
            )
            continue
        codes: list[str] = []
        for code_node in values:
            code = reader.code(code_node, gettext("code"))
            if not code:
                continue
            if code in codes:
                reader.error(code_node, gettext("code “%(code)s” is given twice") % {"code": code})
                continue
            codes.append(code)
            known = {category.code for category in question.categories}
            if code not in known and code not in added[question_key]:
                added[question_key].append(code)
        respondent.answers[question_key] = codes
    return respondent


def read_survey_file(text: str) -> SurveyFile:
    """The survey and its answers from the text of a file; SurveyFileError lists every
    problem found, in file order."""
    try:
        root = _compose(text)
    except InstrumentError as error:
        raise SurveyFileError(error.errors) from error
    reader = _Reader()
    top = reader.mapping(root, gettext("the file"))
    if top is None:
        raise SurveyFileError([message for _line_no, message in reader.errors])
    survey_node = reader.required(top, "survey", root)
    key = title = ""
    questions: dict[str, FileQuestion] = {}
    if survey_node is not None:
        survey_fields = reader.mapping(survey_node, gettext("the survey")) or {}
        key = reader.code(
            reader.required(survey_fields, "key", survey_node) or survey_node,
            gettext("survey key"),
        )
        title = reader.text(reader.required(survey_fields, "title", survey_node), gettext("title"))
        question_nodes = reader.sequence(
            reader.required(survey_fields, "questions", survey_node), gettext("questions")
        )
        for question_node in question_nodes:
            question = _question(reader, question_node)
            if question is None:
                continue
            if question.key in questions:
                reader.error(
                    question_node,
                    gettext("question “%(key)s” is given twice") % {"key": question.key},
                )
                continue
            questions[question.key] = question
    added: dict[str, list[str]] = {question_key: [] for question_key in questions}
    respondents: list[FileRespondent] = []
    seen_organisations: dict[str, int] = {}
    for respondent_node in reader.sequence(top.get("respondents"), gettext("respondents")):
        respondent = _respondent(reader, respondent_node, questions, added)
        if respondent is None or not respondent.organisation:
            continue
        name = respondent.organisation.casefold()
        if name in seen_organisations:
            reader.error(
                respondent_node,
                gettext("“%(name)s” answers twice (first at line %(line)s)")
                % {"name": respondent.organisation, "line": seen_organisations[name]},
            )
            continue
        seen_organisations[name] = respondent.line
        respondents.append(respondent)
    if reader.errors:
        raise SurveyFileError([message for _line_no, message in sorted(reader.errors)])
    for question_key, codes in added.items():
        question = questions[question_key]
        question.categories.extend(FileCategory(code=code, label=label_for(code)) for code in codes)
    return SurveyFile(
        key=key,
        title=title,
        questions=list(questions.values()),
        respondents=respondents,
        added_codes=[
            (question_key, code) for question_key, codes in added.items() for code in codes
        ],
    )


def read_survey_path(path: Path) -> SurveyFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SurveyFileError([gettext("The file is not UTF-8 text.")]) from error
    except OSError as error:
        message = gettext("The file cannot be read: %(error)s") % {"error": error}
        raise SurveyFileError([message]) from error
    return read_survey_file(text)
