"""Reading instrument files (YAML, or JSON, which is YAML too) into `Instrument` values.

Files are written by people who are not programmers and may come from another organisation, so
the loader validates everything and reports every problem at once, each naming the line and the
field, e.g. "line 14: sections[0].items[3].type: 'maybe' is not one of yes_no, choice, number,
date, text". The format is documented in docs/instruments.md and at the top of
instruments/survivor_checklist.yaml.

Lines are kept by walking the nodes of `yaml.compose` instead of `yaml.safe_load`. Scalars are
read from their source text where the field is text, so `is: [yes]` means the answer "yes", not
YAML 1.1's boolean, and `version: 2026.10` keeps its trailing zero. Aliases and tags are refused
before composing: an instrument has no use for them, and aliases are how a small file expands into
an enormous one.
"""

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from django.utils.translation import gettext
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from accord.cases.risk_levels import RiskLevel
from accord.risk.definition import (
    NO,
    YES,
    YES_NO_VALUES,
    AllOf,
    AnswerType,
    AnyOf,
    Choice,
    Condition,
    Instrument,
    Item,
    ItemIs,
    Module,
    RedFlag,
    ScoringMethod,
    Section,
    Threshold,
)

SHIPPED_DIR = Path(__file__).parent / "instruments"
MAX_FILE_BYTES = 1024 * 1024
_KEY = re.compile(r"[a-z0-9][a-z0-9_]*")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_INT_TAG = "tag:yaml.org,2002:int"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"

_INSTRUMENT_FIELDS = {
    "slug": True,
    "version": True,
    "title": True,
    "description": False,
    "licence": False,
    "case_kinds": True,
    "scoring": True,
    "thresholds": True,
    "sections": True,
    "modules": False,
    "red_flags": False,
    "translations": False,
}
_SECTION_FIELDS = {"key": True, "title": True, "items": True}
_MODULE_FIELDS = {"key": True, "title": True, "opened_by": True, "items": True}
_ITEM_FIELDS = {
    "key": True,
    "text": True,
    "type": True,
    "required": False,
    "weight": False,
    "choices": False,
    "help": False,
    "minimum": False,
    "maximum": False,
}
_CHOICE_FIELDS = {"value": True, "label": True, "weight": False}
_THRESHOLD_FIELDS = {"level": True, "minimum": True}
_RED_FLAG_FIELDS = {"key": True, "label": True, "when": True, "forces_level": False}


class InstrumentError(ValueError):
    """Every problem found in an instrument file, each naming its line and field."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Reader:
    """Walks the composed nodes into the plain data `from_data` builds from, collecting errors
    and remembering the line of every field path for the checks that span the whole file."""

    def __init__(self) -> None:
        self.errors: list[tuple[int, str]] = []
        self.lines: dict[str, int] = {}
        self.scoring: str | None = None

    def error(self, line: int, path: str, message: str) -> None:
        where = f"line {line}: {path}" if path else f"line {line}"
        self.errors.append((line, f"{where}: {message}"))

    def error_at(self, path: str, message: str) -> None:
        """An error on a field read earlier, at that field's line."""
        self.error(self.line_of(path), path, message)

    def line_of(self, path: str) -> int:
        while path not in self.lines and ("." in path or "[" in path):
            path = path[: max(path.rfind("."), path.rfind("["))]
        return self.lines.get(path, 1)

    def seen(self, node: Node, path: str) -> None:
        self.lines[path] = _line(node)

    # -- shapes --------------------------------------------------------------------------------

    def fields(self, node: Node, path: str, spec: Mapping[str, bool]) -> dict[str, Node] | None:
        """The mapping's fields by name, refusing unknown and repeated ones and reporting the
        missing required ones."""
        self.seen(node, path)
        if not isinstance(node, MappingNode):
            self.error(_line(node), path, gettext("must be a set of fields (name: value)"))
            return None
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, ScalarNode) else ""
            field_path = _join(path, name)
            if name not in spec:
                self.error(
                    _line(key_node),
                    field_path,
                    gettext("unknown field (expected one of %(fields)s)")
                    % {"fields": ", ".join(spec)},
                )
            elif name in found:
                self.error(
                    _line(key_node),
                    field_path,
                    gettext("given twice (first at line %(line)s)") % {"line": _line(found[name])},
                )
            else:
                found[name] = value_node
                self.seen(value_node, field_path)
        for name, required in spec.items():
            if required and name not in found:
                self.error(_line(node), _join(path, name), gettext("is required"))
        return found

    def sequence(self, node: Node, path: str) -> list[Node]:
        self.seen(node, path)
        if isinstance(node, SequenceNode):
            return node.value
        self.error(_line(node), path, gettext("must be a list"))
        return []

    def text(self, node: Node, path: str, *, required: bool = True) -> str:
        self.seen(node, path)
        if not isinstance(node, ScalarNode):
            self.error(_line(node), path, gettext("must be text"))
            return ""
        value = "" if node.tag == _NULL_TAG else node.value.strip()
        if required and not value:
            self.error(_line(node), path, gettext("must not be empty"))
        return value

    def key(self, node: Node, path: str) -> str:
        value = self.text(node, path)
        if value and not _KEY.fullmatch(value):
            self.error(
                _line(node),
                path,
                gettext("'%(value)s' must be lower-case letters, digits and _ only")
                % {"value": value},
            )
        return value

    def one_of(self, node: Node, path: str, options: Iterable[str]) -> str | None:
        options = list(options)
        value = self.text(node, path)
        if value and value not in options:
            self.error(
                _line(node),
                path,
                gettext("'%(value)s' is not one of %(options)s")
                % {"value": value, "options": ", ".join(options)},
            )
            return None
        return value or None

    def integer(self, node: Node, path: str) -> int | None:
        self.seen(node, path)
        if isinstance(node, ScalarNode) and node.tag == _INT_TAG:
            return yaml.constructor.SafeConstructor().construct_yaml_int(node)
        shown = node.value if isinstance(node, ScalarNode) else "…"
        self.error(
            _line(node), path, gettext("'%(value)s' is not a whole number") % {"value": shown}
        )
        return None

    def boolean(self, node: Node, path: str) -> bool | None:
        self.seen(node, path)
        if isinstance(node, ScalarNode) and node.tag == _BOOL_TAG:
            return yaml.constructor.SafeConstructor().construct_yaml_bool(node)
        self.error(_line(node), path, gettext("must be true or false"))
        return None

    def listed(
        self, node: Node | None, path: str, read: Callable[[Node, str], dict[str, Any] | None]
    ) -> list[dict[str, Any]]:
        """The entries read by `read`, each remembering its own path under "_at": an entry that
        could not be read is left out, and the later checks must still name the right index."""
        if node is None:
            return []
        entries = []
        for index, entry_node in enumerate(self.sequence(node, path)):
            entry = read(entry_node, f"{path}[{index}]")
            if entry is not None:
                entries.append(entry | {"_at": f"{path}[{index}]"})
        return entries

    # -- the parts of an instrument ------------------------------------------------------------

    def instrument(self, node: Node) -> dict[str, Any] | None:
        fields = self.fields(node, "", _INSTRUMENT_FIELDS)
        if fields is None:
            return None
        # Read first: whether weights are allowed depends on it.
        self.scoring = (
            self.one_of(fields["scoring"], "scoring", ScoringMethod)
            if "scoring" in fields
            else None
        )
        data: dict[str, Any] = {"scoring": self.scoring}
        for name in ("slug", "version", "title"):
            data[name] = self.text(fields[name], name) if name in fields else ""
        if data["slug"] and not _SLUG.fullmatch(data["slug"]):
            self.error_at(
                "slug",
                gettext("'%(value)s' must be lower-case letters and digits, joined by -")
                % {"value": data["slug"]},
            )
        for name in ("description", "licence"):
            data[name] = self.text(fields[name], name, required=False) if name in fields else ""
        data["case_kinds"] = self.case_kinds(fields.get("case_kinds"))
        data["thresholds"] = self.listed(fields.get("thresholds"), "thresholds", self.threshold)
        data["sections"] = self.listed(fields.get("sections"), "sections", self.section)
        data["modules"] = self.listed(fields.get("modules"), "modules", self.module)
        data["red_flags"] = self.listed(fields.get("red_flags"), "red_flags", self.red_flag)
        data["translations"] = self.translations(fields.get("translations"))
        for name in ("thresholds", "sections"):
            if name in fields and not data[name]:
                self.error_at(name, gettext("must list at least one"))
        return data

    def case_kinds(self, node: Node | None) -> list[str]:
        if node is None:
            return []
        from accord.cases.models import CaseKind

        kinds: list[str] = []
        for index, entry in enumerate(self.sequence(node, "case_kinds")):
            kind = self.one_of(entry, f"case_kinds[{index}]", CaseKind.values)
            if kind in kinds:
                self.error(_line(entry), f"case_kinds[{index}]", gettext("given twice"))
            elif kind:
                kinds.append(kind)
        if isinstance(node, SequenceNode) and not node.value:
            self.error(_line(node), "case_kinds", gettext("must list at least one"))
        return sorted(kinds)

    def threshold(self, node: Node, path: str) -> dict[str, Any] | None:
        fields = self.fields(node, path, _THRESHOLD_FIELDS)
        if fields is None:
            return None
        minimum = (
            self.integer(fields["minimum"], f"{path}.minimum") if "minimum" in fields else None
        )
        if minimum is not None and minimum < 1:
            self.error_at(
                f"{path}.minimum",
                gettext("must be 1 or more: a minimum of 0 would give every assessment this level"),
            )
        return {
            "level": self.medium_or_high(fields, "level", path),
            "minimum": minimum,
        }

    def medium_or_high(self, fields: dict[str, Node], name: str, path: str) -> str | None:
        # Standard is what a score below every threshold gets: nothing forces or reaches it.
        if name not in fields:
            return None
        if isinstance(fields[name], ScalarNode) and fields[name].value == RiskLevel.STANDARD:
            self.error_at(
                _join(path, name),
                gettext("must be medium or high: standard is where every assessment starts"),
            )
            return None
        return self.one_of(fields[name], _join(path, name), (RiskLevel.MEDIUM, RiskLevel.HIGH))

    def section(self, node: Node, path: str) -> dict[str, Any] | None:
        fields = self.fields(node, path, _SECTION_FIELDS)
        if fields is None:
            return None
        return {
            "key": self.key(fields["key"], f"{path}.key") if "key" in fields else "",
            "title": self.text(fields["title"], f"{path}.title") if "title" in fields else "",
            "items": self.listed(fields.get("items"), f"{path}.items", self.item),
        }

    def module(self, node: Node, path: str) -> dict[str, Any] | None:
        fields = self.fields(node, path, _MODULE_FIELDS)
        if fields is None:
            return None
        return {
            "key": self.key(fields["key"], f"{path}.key") if "key" in fields else "",
            "title": self.text(fields["title"], f"{path}.title") if "title" in fields else "",
            "opened_by": (
                self.condition(fields["opened_by"], f"{path}.opened_by")
                if "opened_by" in fields
                else None
            ),
            "items": self.listed(fields.get("items"), f"{path}.items", self.item),
        }

    def item(self, node: Node, path: str) -> dict[str, Any] | None:
        fields = self.fields(node, path, _ITEM_FIELDS)
        if fields is None:
            return None
        answer_type = (
            self.one_of(fields["type"], f"{path}.type", AnswerType) if "type" in fields else None
        )
        data: dict[str, Any] = {
            "key": self.key(fields["key"], f"{path}.key") if "key" in fields else "",
            "text": self.text(fields["text"], f"{path}.text") if "text" in fields else "",
            "type": answer_type,
        }
        if "required" in fields:
            data["required"] = self.boolean(fields["required"], f"{path}.required")
        if "help" in fields:
            data["help"] = self.text(fields["help"], f"{path}.help", required=False)
        if "weight" in fields:
            data["weight"] = self.weight(fields["weight"], f"{path}.weight")
            if answer_type and answer_type != AnswerType.YES_NO:
                self.error_at(
                    f"{path}.weight",
                    gettext("only yes/no items carry a weight; each choice carries its own"),
                )
        if "choices" in fields:
            data["choices"] = self.listed(fields["choices"], f"{path}.choices", self.choice)
            self.check_choices(data["choices"], answer_type, f"{path}.choices")
        elif answer_type == AnswerType.CHOICE:
            self.error(_line(node), f"{path}.choices", gettext("a choice item needs its choices"))
        for bound in ("minimum", "maximum"):
            if bound in fields:
                data[bound] = self.integer(fields[bound], f"{path}.{bound}")
                if answer_type and answer_type != AnswerType.NUMBER:
                    self.error_at(f"{path}.{bound}", gettext("only number items have bounds"))
        if None not in (data.get("minimum"), data.get("maximum")) and (
            data["minimum"] > data["maximum"]
        ):
            self.error_at(f"{path}.maximum", gettext("must not be below the minimum"))
        return data

    def check_choices(
        self, choices: list[dict[str, Any]], answer_type: str | None, path: str
    ) -> None:
        if answer_type and answer_type != AnswerType.CHOICE:
            self.error_at(path, gettext("only choice items have choices"))
        elif len(choices) < 2:
            self.error_at(path, gettext("a choice item needs at least two choices"))
        self.check_unique(choices, "value")

    def choice(self, node: Node, path: str) -> dict[str, Any] | None:
        fields = self.fields(node, path, _CHOICE_FIELDS)
        if fields is None:
            return None
        data = {
            "value": self.key(fields["value"], f"{path}.value") if "value" in fields else "",
            "label": self.text(fields["label"], f"{path}.label") if "label" in fields else "",
        }
        if "weight" in fields:
            data["weight"] = self.weight(fields["weight"], f"{path}.weight")
        return data

    def weight(self, node: Node, path: str) -> int | None:
        weight = self.integer(node, path)
        if weight is not None and weight < 0:
            # A negative weight would let a risk answer lower the score, and so the level.
            self.error_at(path, gettext("must be 0 or more"))
        if self.scoring == ScoringMethod.COUNT_YES:
            self.error_at(path, gettext("weights count only with scoring: weighted_sum"))
        return weight

    def red_flag(self, node: Node, path: str) -> dict[str, Any] | None:
        fields = self.fields(node, path, _RED_FLAG_FIELDS)
        if fields is None:
            return None
        data = {
            "key": self.key(fields["key"], f"{path}.key") if "key" in fields else "",
            "label": self.text(fields["label"], f"{path}.label") if "label" in fields else "",
            "when": self.condition(fields["when"], f"{path}.when") if "when" in fields else None,
        }
        forces_level = self.medium_or_high(fields, "forces_level", path)
        if forces_level:
            data["forces_level"] = forces_level
        return data

    def condition(self, node: Node, path: str) -> dict[str, Any] | None:
        names = (
            {key.value for key, _ in node.value if isinstance(key, ScalarNode)}
            if isinstance(node, MappingNode)
            else set()
        )
        combinator = next((name for name in ("all", "any") if name in names), None)
        if combinator:
            fields = self.fields(node, path, {combinator: True})
            if fields is None:
                return None
            combinator_path = f"{path}.{combinator}"
            parts = self.listed(fields[combinator], combinator_path, self.condition)
            if not parts:
                self.error_at(combinator_path, gettext("must list at least one condition"))
            return {combinator: parts}
        fields = self.fields(node, path, {"item": True, "is": True})
        if fields is None:
            return None
        values_node = fields.get("is")
        if isinstance(values_node, ScalarNode):
            values = [self.text(values_node, f"{path}.is")]
        elif values_node is not None:
            values = [
                self.text(value, f"{path}.is[{index}]")
                for index, value in enumerate(self.sequence(values_node, f"{path}.is"))
            ]
            if not values:
                self.error_at(f"{path}.is", gettext("must list at least one answer"))
        else:
            values = []
        return {
            "item": self.text(fields["item"], f"{path}.item") if "item" in fields else "",
            "is": sorted({value for value in values if value}),
        }

    def translations(self, node: Node | None) -> dict[str, dict[str, str]]:
        if node is None:
            return {}
        self.seen(node, "translations")
        if not isinstance(node, MappingNode):
            self.error(_line(node), "translations", gettext("must be a set of languages"))
            return {}
        from django.conf import settings

        languages = [code for code, _name in settings.LANGUAGES]
        translations: dict[str, dict[str, str]] = {}
        for language_node, texts_node in node.value:
            language = self.text(language_node, "translations")
            path = f"translations.{language}"
            if language in translations:
                self.error(_line(language_node), path, gettext("given twice"))
                continue
            if language not in languages:
                self.error(
                    _line(language_node),
                    path,
                    gettext("'%(language)s' is not one of this site's languages (%(languages)s)")
                    % {"language": language, "languages": ", ".join(languages)},
                )
            translations[language] = self.texts(texts_node, path)
        return translations

    def texts(self, node: Node, path: str) -> dict[str, str]:
        self.seen(node, path)
        if not isinstance(node, MappingNode):
            self.error(_line(node), path, gettext("must be a set of texts (key: text)"))
            return {}
        texts: dict[str, str] = {}
        for key_node, text_node in node.value:
            key = self.text(key_node, path)
            if key in texts:
                self.error(_line(key_node), f"{path}.{key}", gettext("given twice"))
            else:
                texts[key] = self.text(text_node, f"{path}.{key}")
        return texts

    # -- checks across the whole file ----------------------------------------------------------

    def check(self, data: dict[str, Any]) -> None:
        items_by_key: dict[str, dict[str, Any]] = {}
        main_keys: set[str] = set()
        for kind in ("sections", "modules"):
            self.check_unique(data[kind], "key")
            for group in data[kind]:
                for item in group["items"]:
                    key = item["key"]
                    if key in items_by_key:
                        self.error_at(
                            f"{item['_at']}.key",
                            gettext("'%(key)s' is already the key of an item at line %(line)s")
                            % {"key": key, "line": self.line_of(f"{items_by_key[key]['_at']}.key")},
                        )
                    elif key:
                        items_by_key[key] = item
                        if kind == "sections":
                            main_keys.add(key)
        self.check_unique(data["red_flags"], "key")
        for module in data["modules"]:
            # A module opened by another module's answer would open and close with it.
            self.check_condition(
                module["opened_by"], f"{module['_at']}.opened_by", items_by_key, main_keys
            )
        for flag in data["red_flags"]:
            self.check_condition(flag["when"], f"{flag['_at']}.when", items_by_key, None)
        self.check_thresholds(data)
        valid_keys = _text_keys(data)
        for language, texts in data["translations"].items():
            for key in texts:
                if key not in valid_keys:
                    self.error_at(
                        f"translations.{language}.{key}",
                        gettext("'%(key)s' is not a text of this instrument") % {"key": key},
                    )

    def check_unique(self, entries: list[dict[str, Any]], field: str) -> None:
        first: dict[str, str] = {}
        for entry in entries:
            value = entry[field]
            if value in first:
                self.error_at(
                    f"{entry['_at']}.{field}",
                    gettext("'%(value)s' is already the %(field)s of %(other)s")
                    % {"value": value, "field": field, "other": first[value]},
                )
            elif value:
                first[value] = entry["_at"]

    def check_condition(
        self,
        condition: dict[str, Any] | None,
        path: str,
        items_by_key: dict[str, dict[str, Any]],
        allowed_keys: set[str] | None,
    ) -> None:
        if condition is None:
            return
        for combinator in ("all", "any"):
            for part in condition.get(combinator, ()):
                self.check_condition(part, part["_at"], items_by_key, allowed_keys)
        if "item" not in condition or not condition["item"]:
            return
        key = condition["item"]
        item = items_by_key.get(key)
        if item is None:
            self.error_at(
                f"{path}.item",
                gettext("'%(key)s' is not an item of this instrument") % {"key": key},
            )
            return
        if allowed_keys is not None and key not in allowed_keys:
            self.error_at(
                f"{path}.item",
                gettext("a follow-up module can only be opened by an item of the main sections"),
            )
        if item["type"] == AnswerType.YES_NO:
            answers: list[str] = list(YES_NO_VALUES)
        elif item["type"] == AnswerType.CHOICE:
            answers = list(dict.fromkeys(choice["value"] for choice in item.get("choices", [])))
        else:
            if item["type"]:
                self.error_at(f"{path}.item", gettext("only yes/no and choice items can be tested"))
            return
        for value in condition["is"]:
            if value not in answers:
                self.error_at(
                    f"{path}.is",
                    gettext("'%(value)s' is not an answer to '%(key)s' (answers: %(answers)s)")
                    % {"value": value, "key": key, "answers": ", ".join(answers)},
                )
        if item["type"] == AnswerType.YES_NO and (
            YES not in condition["is"] or NO in condition["is"]
        ):
            # Otherwise changing an answer to "yes" could close a module or drop a flag, and
            # more risk would lower the level.
            self.error_at(
                f"{path}.is",
                gettext(
                    "a yes/no item can be tested for [yes] or [yes, unknown] only: a condition "
                    "that a later 'yes' switches off would let more risk lower the level"
                ),
            )

    def check_thresholds(self, data: dict[str, Any]) -> None:
        highest_score = _highest_possible_score(data)
        previous: dict[str, Any] | None = None
        for threshold in data["thresholds"]:
            path = threshold["_at"]
            level, minimum = threshold["level"], threshold["minimum"]
            if level and previous and previous["level"]:
                if RiskLevel(level).rank <= RiskLevel(previous["level"]).rank:
                    self.error_at(
                        f"{path}.level",
                        gettext(
                            "thresholds go from the lower level to the higher, each level once"
                        ),
                    )
                elif None not in (minimum, previous["minimum"]) and minimum <= previous["minimum"]:
                    self.error_at(
                        f"{path}.minimum",
                        gettext("must be higher than the minimum for %(level)s (%(minimum)s)")
                        % {"level": previous["level"], "minimum": previous["minimum"]},
                    )
            if highest_score is not None and minimum is not None and minimum > highest_score:
                self.error_at(
                    f"{path}.minimum",
                    gettext("can never be reached: the highest possible score is %(score)s")
                    % {"score": highest_score},
                )
            previous = threshold


def _all_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for group in data["sections"] + data["modules"] for item in group["items"]]


def _highest_possible_score(data: dict[str, Any]) -> int | None:
    """The most the answers could score, per the rules in accord.risk.scoring; None when an
    item's type is unreadable, so that one typo is not also reported as an unreachable level."""
    if any(item["type"] is None for item in _all_items(data)):
        return None
    if data["scoring"] == ScoringMethod.COUNT_YES:
        main_items = [item for section in data["sections"] for item in section["items"]]
        return sum(1 for item in main_items if item["type"] == AnswerType.YES_NO)
    if data["scoring"] == ScoringMethod.WEIGHTED_SUM:
        total = 0
        for item in _all_items(data):
            if item["type"] == AnswerType.YES_NO:
                total += item.get("weight", 1) or 0
            elif item["type"] == AnswerType.CHOICE:
                total += max(
                    (choice.get("weight") or 0 for choice in item.get("choices", [])), default=0
                )
        return total
    return None


def _text_keys(data: dict[str, Any]) -> set[str]:
    """The text keys a translation may give; the same as `Instrument.text_keys()` of the result."""
    keys = {"title", "description"}
    keys |= {f"sections.{section['key']}" for section in data["sections"]}
    keys |= {f"modules.{module['key']}" for module in data["modules"]}
    keys |= {f"flags.{flag['key']}" for flag in data["red_flags"]}
    for item in _all_items(data):
        keys.add(f"items.{item['key']}")
        if item.get("help"):
            keys.add(f"help.{item['key']}")
        keys |= {f"choices.{item['key']}.{choice['value']}" for choice in item.get("choices", [])}
    return keys


# -- reading files -----------------------------------------------------------------------------


def _refused_constructs(text: str) -> list[str]:
    """Aliases and tags, found in the event stream before any node is built."""
    problems = []
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                gettext("line %(line)s: aliases (*%(name)s) are not allowed; write the value out")
                % {"line": line, "name": event.anchor}
            )
        elif getattr(event, "tag", None):
            problems.append(
                gettext("line %(line)s: tags (%(tag)s) are not allowed")
                % {"line": line, "tag": event.tag.replace("tag:yaml.org,2002:", "!!")}
            )
    return problems


def _compose(text: str) -> Node:
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise InstrumentError([gettext("The file is larger than 1 MB.")])
    try:
        refused = _refused_constructs(text)
        if refused:
            raise InstrumentError(refused)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise InstrumentError(
            [
                gettext("line %(line)s: not valid YAML: %(problem)s")
                % {"line": line, "problem": error.problem or error.context}
            ]
        ) from error
    except yaml.YAMLError as error:
        raise InstrumentError(
            [gettext("not valid YAML: %(problem)s") % {"problem": error}]
        ) from error
    if root is None:
        raise InstrumentError([gettext("line 1: the file is empty")])
    return root


# The same shipped files are read on every seeding (the demo, each test world): an instrument
# is a frozen value, so one text is parsed once per process. A refused text is not kept, and
# its problems are worded in the language of each call.
@functools.lru_cache(maxsize=16)
def load_definition(text: str) -> Instrument:
    """An instrument from the text of its file; InstrumentError listing every problem found."""
    reader = _Reader()
    data = reader.instrument(_compose(text))
    if data is not None:
        reader.check(data)
    if reader.errors:
        in_file_order = sorted(reader.errors, key=lambda error: error[0])
        raise InstrumentError([message for _line_number, message in in_file_order])
    return from_data(data)


def load_file(path: Path) -> Instrument:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InstrumentError([gettext("The file is larger than 1 MB.")])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InstrumentError([gettext("The file is not UTF-8 text.")]) from error
    return load_definition(text)


def shipped() -> list[Instrument]:
    """The instruments that come with Accord (instruments/*.yaml), by file name."""
    return [
        load_file(path)
        for path in sorted(SHIPPED_DIR.iterdir())
        if path.suffix in {".yaml", ".yml", ".json"}
    ]


# -- the JSON form the database stores ---------------------------------------------------------


def _condition_data(condition: Condition) -> dict[str, Any]:
    if isinstance(condition, AllOf):
        return {"all": [_condition_data(part) for part in condition.conditions]}
    if isinstance(condition, AnyOf):
        return {"any": [_condition_data(part) for part in condition.conditions]}
    return {"item": condition.item, "is": sorted(condition.values)}


def _item_data(item: Item) -> dict[str, Any]:
    # Defaults left out, so that the result is also a valid instrument file (a weight is refused
    # on a count_yes instrument, even the default one).
    data: dict[str, Any] = {"key": item.key, "text": item.text, "type": str(item.answer_type)}
    if not item.required:
        data["required"] = False
    if item.weight != 1:
        data["weight"] = item.weight
    if item.choices:
        data["choices"] = [
            {"value": choice.value, "label": choice.label}
            | ({"weight": choice.weight} if choice.weight else {})
            for choice in item.choices
        ]
    if item.help:
        data["help"] = item.help
    for bound in ("minimum", "maximum"):
        if getattr(item, bound) is not None:
            data[bound] = getattr(item, bound)
    return data


def to_data(instrument: Instrument) -> dict[str, Any]:
    """The instrument as JSON-able data in the file format: `load_definition` of its JSON gives
    the same instrument back."""
    return {
        "slug": instrument.slug,
        "version": instrument.version,
        "title": instrument.title,
        "description": instrument.description,
        "licence": instrument.licence,
        "case_kinds": sorted(instrument.case_kinds),
        "scoring": str(instrument.scoring),
        "thresholds": [
            {"level": str(threshold.level), "minimum": threshold.minimum}
            for threshold in instrument.thresholds
        ],
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "items": [_item_data(item) for item in section.items],
            }
            for section in instrument.sections
        ],
        "modules": [
            {
                "key": module.key,
                "title": module.title,
                "opened_by": _condition_data(module.opened_by),
                "items": [_item_data(item) for item in module.items],
            }
            for module in instrument.modules
        ],
        "red_flags": [
            {"key": flag.key, "label": flag.label, "when": _condition_data(flag.when)}
            | ({"forces_level": str(flag.forces_level)} if flag.forces_level else {})
            for flag in instrument.red_flags
        ],
        "translations": {
            language: dict(texts) for language, texts in instrument.translations.items()
        },
    }


def _condition(data: Mapping[str, Any]) -> Condition:
    if "all" in data:
        return AllOf(tuple(_condition(part) for part in data["all"]))
    if "any" in data:
        return AnyOf(tuple(_condition(part) for part in data["any"]))
    return ItemIs(data["item"], frozenset(data["is"]))


def _item(data: Mapping[str, Any]) -> Item:
    return Item(
        key=data["key"],
        text=data["text"],
        answer_type=AnswerType(data["type"]),
        required=data.get("required", True),
        weight=data.get("weight", 1),
        choices=tuple(
            Choice(choice["value"], choice["label"], choice.get("weight", 0))
            for choice in data.get("choices", ())
        ),
        help=data.get("help", ""),
        minimum=data.get("minimum"),
        maximum=data.get("maximum"),
    )


def from_data(data: Mapping[str, Any]) -> Instrument:
    """The instrument from data that `to_data` (or the loader's checks) produced. Not validated
    again: a definition stored when it was loaded must still open after, say, a language is
    removed from the site."""
    return Instrument(
        slug=data["slug"],
        version=data["version"],
        title=data["title"],
        description=data.get("description", ""),
        licence=data.get("licence", ""),
        case_kinds=frozenset(data["case_kinds"]),
        scoring=ScoringMethod(data["scoring"]),
        thresholds=tuple(
            Threshold(RiskLevel(threshold["level"]), threshold["minimum"])
            for threshold in data["thresholds"]
        ),
        sections=tuple(
            Section(section["key"], section["title"], tuple(map(_item, section["items"])))
            for section in data["sections"]
        ),
        modules=tuple(
            Module(
                module["key"],
                module["title"],
                _condition(module["opened_by"]),
                tuple(map(_item, module["items"])),
            )
            for module in data.get("modules", ())
        ),
        red_flags=tuple(
            RedFlag(
                flag["key"],
                flag["label"],
                _condition(flag["when"]),
                RiskLevel(flag["forces_level"]) if flag.get("forces_level") else None,
            )
            for flag in data.get("red_flags", ())
        ),
        translations=MappingProxyType(
            {
                language: MappingProxyType(dict(texts))
                for language, texts in data.get("translations", {}).items()
            }
        ),
    )
