"""What a risk instrument is, as plain frozen values: no database and no Django ORM, so that
scoring can be tested and reasoned about on its own. An instrument is data (a versioned YAML
file read by `accord.risk.loader`), never code: an organisation loads its own checklist
without a release."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from accord.cases.risk_levels import RiskLevel

YES, NO, UNKNOWN = "yes", "no", "unknown"
YES_NO_VALUES = (YES, NO, UNKNOWN)


class AnswerType(StrEnum):
    YES_NO = "yes_no"  # answered "yes", "no" or "unknown" (don't know)
    CHOICE = "choice"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"


class ScoringMethod(StrEnum):
    COUNT_YES = "count_yes"
    WEIGHTED_SUM = "weighted_sum"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    weight: int = 0


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    answer_type: AnswerType
    required: bool = True
    weight: int = 1
    choices: tuple[Choice, ...] = ()
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None

    def choice(self, value: str) -> Choice:
        for choice in self.choices:
            if choice.value == value:
                return choice
        raise KeyError(value)

    def answer_values(self) -> tuple[str, ...]:
        """The answers a condition may test: only yes/no and choice items have a fixed set."""
        if self.answer_type == AnswerType.YES_NO:
            return YES_NO_VALUES
        return tuple(choice.value for choice in self.choices)


@dataclass(frozen=True)
class ItemIs:
    """Holds when the item's answer is one of `values`."""

    item: str
    values: frozenset[str]

    def holds(self, answers: Mapping[str, object]) -> bool:
        answer = answers.get(self.item)
        return isinstance(answer, str) and answer in self.values


@dataclass(frozen=True)
class AllOf:
    conditions: tuple["Condition", ...]

    def holds(self, answers: Mapping[str, object]) -> bool:
        return all(condition.holds(answers) for condition in self.conditions)


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple["Condition", ...]

    def holds(self, answers: Mapping[str, object]) -> bool:
        return any(condition.holds(answers) for condition in self.conditions)


type Condition = ItemIs | AllOf | AnyOf


def condition_items(condition: Condition) -> frozenset[str]:
    """Every item key a condition reads."""
    if isinstance(condition, ItemIs):
        return frozenset({condition.item})
    return frozenset().union(*(condition_items(part) for part in condition.conditions))


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Module:
    """A follow-up module: asked, and its items read, only when `opened_by` holds on the answers
    to the main sections."""

    key: str
    title: str
    opened_by: Condition
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Threshold:
    """A score of at least `minimum` gives `level`; the highest matching threshold wins and a score
    below all of them is standard."""

    level: RiskLevel
    minimum: int


@dataclass(frozen=True)
class RedFlag:
    """Raised whatever the score when `when` holds; may force the level up to `forces_level`."""

    key: str
    label: str
    when: Condition
    forces_level: RiskLevel | None = None


@dataclass(frozen=True)
class Instrument:
    slug: str
    version: str
    title: str
    description: str
    case_kinds: frozenset[str]
    sections: tuple[Section, ...]
    modules: tuple[Module, ...]
    scoring: ScoringMethod
    thresholds: tuple[Threshold, ...]
    red_flags: tuple[RedFlag, ...]
    # language code -> {text key -> text}; see `text_keys` for the keys.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    licence: str = ""

    def main_items(self) -> tuple[Item, ...]:
        """The items of the main sections, in order (follow-up modules left out)."""
        return tuple(item for section in self.sections for item in section.items)

    def items(self) -> tuple[Item, ...]:
        """Every item, the main sections' then the modules', in order."""
        return self.main_items() + tuple(item for module in self.modules for item in module.items)

    @cached_property
    def _items_by_key(self) -> dict[str, Item]:
        return {item.key: item for item in self.items()}

    def item(self, key: str) -> Item:
        return self._items_by_key[key]

    def opened_modules(self, answers: Mapping[str, object]) -> tuple[Module, ...]:
        return tuple(module for module in self.modules if module.opened_by.holds(answers))

    @cached_property
    def _own_texts(self) -> dict[str, str]:
        texts = {"title": self.title, "description": self.description}
        texts |= {f"sections.{section.key}": section.title for section in self.sections}
        texts |= {f"modules.{module.key}": module.title for module in self.modules}
        for item in self.items():
            texts[f"items.{item.key}"] = item.text
            if item.help:
                texts[f"help.{item.key}"] = item.help
            for choice in item.choices:
                texts[f"choices.{item.key}.{choice.value}"] = choice.label
        texts |= {f"flags.{flag.key}": flag.label for flag in self.red_flags}
        return texts

    def text_keys(self) -> tuple[str, ...]:
        """Every key a translation may give, in the order the instrument shows them."""
        return tuple(self._own_texts)

    def text(self, key: str, language: str) -> str:
        """The text for `key` in `language` ("es", or "es-es" falling back to "es"), else the
        file's own wording. KeyError for a key the instrument does not have."""
        own = self._own_texts[key]
        for code in (language.lower(), language.lower().split("-")[0]):
            translated = self.translations.get(code, {}).get(key)
            if translated:
                return translated
        return own
