"""Where the rules of each record kind are declared: by its own app, in its `access.py`.

Django's admin is the model: each app's `admin.py` registers its own models and one site
collects them. Here each app's `access.py` registers, for every model that holds person data or
leads to it, the function that answers "which rows of this model may this user reach" —
the *complete* rule, rows and field-class gate together — and `AccessConfig.ready()` collects
the modules at start-up. `visible_to(user, Model)` then asks the registry; no caller combines
two halves by hand. `manage.py access_table` prints what is registered, with each rule's
docstring, into docs/access-control.md.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.http import Http404

from accord.access.fields import FieldClass

AnyUser = AbstractBaseUser | AnonymousUser
RowsRule = Callable[[AnyUser], QuerySet[Any]]


class AlreadyRegistered(Exception):
    pass


class NotRegistered(LookupError):
    pass


@dataclass(frozen=True)
class CaseRecords:
    """A model whose rows belong to one case (its incidents, a plan's items…): read by whoever
    the rule table lets read `field_class` of that case (`accord/access/cases.py`)."""

    field_class: FieldClass
    # The relation from a row to its case, e.g. "plan__case" for a safety plan's items.
    case_path: str = "case"
    # A partner-support worker reads her own case's records of this kind ("✔ own notes").
    own_records: bool = False
    # Only the survivor side of the barrier has records of this kind (a safety plan).
    survivor_side_only: bool = False
    # Rows whose class depends on a column: {value: class}; the declared class is the default.
    split_on: str = ""
    split_classes: dict[Any, FieldClass] = field(default_factory=dict)
    # Several rows per case through a many-valued path (a person's consents, by her cases).
    distinct: bool = False

    @property
    def classes(self) -> dict[Any, FieldClass]:
        """Each value of the split column with its class; None stands for every other value."""
        return {**self.split_classes, None: self.field_class}


@dataclass(frozen=True)
class RecordRule:
    """One model's rule: the function that returns the rows a user reaches; for the records
    of a case, the declaration it is built from; and, for a model with no rule of its own, the
    parent it is reached through (documentation and the completeness test read them)."""

    model: type[Model]
    rows: RowsRule
    through: str = ""
    case_records: CaseRecords | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def description(self) -> str:
        return " ".join((self.rows.__doc__ or "").split())


_rules: dict[type[Model], RecordRule] = {}


def register[F: RowsRule](model: type[Model], *, through: str = "") -> Callable[[F], F]:
    """Declare `function(user) -> QuerySet[model]` as the rule of `model`:

        @register(SafetyPlan)
        def safety_plans(user: AnyUser) -> QuerySet[SafetyPlan]:
            \"\"\"Her safety plan: the survivor side of her case only.\"\"\"

    `through` names the relation to the parent whose rule decides (e.g. "plan" for a plan's
    items); the function still returns the rows, so no caller has to know the difference.
    """

    def decorate(function: F) -> F:
        if model in _rules:
            raise AlreadyRegistered(f"{model._meta.label} already has an access rule")
        _rules[model] = RecordRule(model=model, rows=function, through=through)
        return function

    return decorate


def register_case_records(model: type[Model], records: CaseRecords, *, description: str) -> None:
    """Declare `model` as records of a case, read as `records` says: both `visible_to` and
    `CaseAccess.reads_records` answer from this one declaration."""
    from accord.access.cases import case_record_rows

    def rows(user: AnyUser) -> QuerySet[Any]:
        return case_record_rows(user, model, records)

    rows.__doc__ = description
    if model in _rules:
        raise AlreadyRegistered(f"{model._meta.label} already has an access rule")
    _rules[model] = RecordRule(
        model=model, rows=rows, through=records.case_path, case_records=records
    )


def register_through(model: type[Model], *, parent: type[Model], path: str) -> None:
    """Declare that `model` is never reached on its own, only through `parent` (`path` is the
    relation to it, e.g. "household" for a household's memberships): its rows are those of the
    parents the user reaches."""

    def rows(user: AnyUser) -> QuerySet[Any]:
        return model.objects.filter(**{f"{path}__in": visible_to(user, parent)})

    rows.__doc__ = f"Through its {parent._meta.verbose_name}: whoever reaches that."
    if model in _rules:
        raise AlreadyRegistered(f"{model._meta.label} already has an access rule")
    _rules[model] = RecordRule(model=model, rows=rows, through=path)


def case_records_of(model: type[Model]) -> CaseRecords:
    records = rule_of(model).case_records
    if records is None:
        raise NotRegistered(f"{model._meta.label} is not declared as records of a case")
    return records


def rule_of(model: type[Model]) -> RecordRule:
    try:
        return _rules[model]
    except KeyError:
        raise NotRegistered(
            f"{model._meta.label} has no access rule: register one in its app's access.py"
        ) from None


def registered() -> list[RecordRule]:
    """Every declared rule, in a stable order (app label, then model name)."""
    return sorted(_rules.values(), key=lambda rule: rule.label)


def render_markdown() -> str:
    """The registry as it appears in docs/access-control.md: each record kind, its rule in
    plain words, and where the rule is declared."""
    lines = [
        "| record | who reaches it | declared in |",
        "|---|---|---|",
    ]
    for rule in registered():
        how = rule.description
        if rule.case_records is not None:
            records = rule.case_records
            classes = ", ".join(sorted({str(c.value) for c in records.classes.values()}))
            how = f"records of a case ({classes}; through `{records.case_path}`): {how}"
        elif rule.through:
            how = f"through `{rule.through}`: {how}"
        where = f"{rule.model._meta.app_config.name}.access"
        lines.append(f"| `{rule.label}` | {how} | `{where}` |")
    return "\n".join(lines) + "\n"


def autodiscover() -> None:
    """Import every installed app's `access` module, as the admin imports `admin` modules."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("access")


def visible_to[M: Model](user: AnyUser, model: type[M]) -> QuerySet[M]:
    """The rows of `model` the user reaches: the complete rule its app registered."""
    return rule_of(model).rows(user)


def get_visible_or_404[M: Model](user: AnyUser, model: type[M], **lookup: Any) -> M:
    """The record, or Http404 whether it is missing or forbidden: the two must look alike."""
    try:
        return visible_to(user, model).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
