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
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

AnyUser = AbstractBaseUser | AnonymousUser
RowsRule = Callable[[AnyUser], QuerySet[Any]]


class AlreadyRegistered(Exception):
    pass


class NotRegistered(LookupError):
    pass


@dataclass(frozen=True)
class RecordRule:
    """One model's rule: the function that returns the rows a user reaches, and, for a model
    with no rule of its own, the parent it is reached through (documentation and the
    completeness test read it)."""

    model: type[Model]
    rows: RowsRule
    through: str = ""

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


def autodiscover() -> None:
    """Import every installed app's `access` module, as the admin imports `admin` modules."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("access")
