"""What each app holds about a person, declared by the app itself in its `dataprotection.py` and
collected at start-up (`PeopleConfig.ready`), as `access.py` and `home.py` are
(docs/decisions/0080).

The DPO's machinery in this app — the subject-access export (`subject_access.py`), retention and
erasure (`retention.py`), the DPO's pages (`dpo_views.py`) — reads every app's records but
imports none of them: it asks this registry. Each app declares, for each of its models that
holds data about a person:

- how a row leads to her: through one of her cases (`CaseRecordKind.to_case`) or on her record
  itself (`PersonRecordKind.to_person`);
- its part of her subject-access export: the rows of one case it holds, read from the case's
  prefetched rows (`held`, with the joins and prefetches it needs on the export's one query
  for her cases), the fields left out, the words of values stored as codes — or that it is
  withheld from her export, and why (`withheld`);
- how retention and erasure treat it: its encrypted fields cleared when she is anonymised (a
  shape where a reader needs one, `cleared`), its count in the tombstone (`counted_as`), and
  deleted with her cases (every `to_case` path is CASCADE: the coverage test checks it).

The cases app declares the hub, her cases (`register_cases`): how they are found, which of them
keep her record (the retention rule), what refuses an erasure, how they are locked.

    # accord/risk/dataprotection.py
    from accord.people import dpo_registry

    dpo_registry.register_case_records(
        CaseRecordKind(Assessment, counted_as="assessments", section="assessments", …)
    )
"""

import datetime
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.utils.functional import Promise

# How a value stored as codes reads, for one model: (row, field name, value) -> its words, or None
# where that field is not coded.
Shown = Callable[[Any, str, Any], str | None]
# The rows of one kind held in one case, read from the case's prefetched rows (no query).
HeldOfCase = Callable[[Any], list[Any]]

# Left out of a record in the export unless its kind says otherwise: the row's database id and
# lock counter say nothing about her, its case is the one it is listed under, and a token's hash
# is no data about her.
EXPORTED_WITHOUT = frozenset({"id", "case", "version", "token_hash"})


class AlreadyRegistered(Exception):
    pass


@dataclass(frozen=True)
class CaseRecordKind:
    """A kind of record held about a person through one of her cases."""

    model: type[Model]
    # From the record to its case, as in a queryset filter.
    to_case: str = "case"
    # Its name in the tombstone's counts; None for a record that is part of one counted already.
    counted_as: str | None = None
    # Values that clear an encrypted field whose readers need a shape rather than an empty value
    # (by field name; every other encrypted field gets its empty value).
    cleared: dict[str, object] = field(default_factory=dict)
    # --- the subject-access export
    # Its rows in one case, from the prefetched case; None with `withheld` saying why not.
    held: HeldOfCase | None = None
    withheld: str = ""
    # Its key in the file's case and its heading in the PDF; with no key it is listed under
    # "other_records" by its plural name.
    section: str = ""
    heading: str | Promise = ""
    # Where it comes in a case of the PDF (and of the file), lowest first.
    order: int = 60
    # A record of which a case has one or none (the safety plan): its fields, then its parts.
    single: bool = False
    # For a part of such a record (a plan's items): the record it belongs to.
    part_of: type[Model] | None = None
    exported_without: frozenset[str] = EXPORTED_WITHOUT
    shown: Shown | None = None
    # Joined to the export's query of her cases, and prefetched with it (paths from the case).
    select_related: tuple[str, ...] = ()
    prefetch: tuple[str | Prefetch, ...] = ()
    # Joined to another kind's prefetch ({its path: relations}): one query fewer than a
    # prefetch of its own (an early contact with the referral it led to).
    joined_to: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.held is None) == (not self.withheld):
            raise ValueError(
                f"{self.model._meta.label}: say how it is held in the export or why it is withheld"
            )

    def of(self, person: Any) -> QuerySet[Any]:
        return self.model.objects.filter(**{f"{self.to_case}__person": person})


@dataclass(frozen=True)
class PersonRecordKind:
    """A kind of record held about a person directly, not through one of her cases."""

    model: type[Model]
    # Her records of this kind for the export (one query), in the order the file lists them.
    held: Callable[[Any], list[Any]]
    # Its key in the file and its heading in the PDF.
    section: str
    heading: str | Promise
    # From the record to her, as in a queryset filter.
    to_person: str = "person"
    counted_as: str | None = None
    exported_without: frozenset[str] = frozenset({"id", "person", "version"})

    def of(self, person: Any) -> QuerySet[Any]:
        return self.model.objects.filter(**{self.to_person: person})


@dataclass(frozen=True)
class Cases:
    """Her cases: the hub every case record hangs off, declared by the cases app."""

    model: type[Model]
    # The export's query of her cases (with what the case itself needs joined), in order.
    of: Callable[[Any], QuerySet[Any]]
    # Her cases for the DPO's pages: administrative data only, enough to confirm the record.
    listed: Callable[[Any], list[Any]]
    # Of these people, those whose cases have all been closed since before `cutoff` (the
    # retention rule); `created_before` counts for a person with no case at all.
    due: Callable[[QuerySet[Any], datetime.date, datetime.datetime], QuerySet[Any]]
    # Of these people, those with a case of this reference (the DPO's lookup).
    with_reference: Callable[[QuerySet[Any], str], QuerySet[Any]]
    # Why her record may not be erased now, or "" (an open case, another organisation's case).
    refuses_erasure: Callable[[Any], str]
    # From a case to her, as in a queryset filter, and to its household.
    to_person: str = "person"
    to_household: str = "household"
    counted_as: str = "cases"
    exported_without: frozenset[str] = frozenset({"id", "person", "version"})
    shown: Shown | None = None

    def rows(self, person: Any) -> QuerySet[Any]:
        return self.model.objects.filter(**{self.to_person: person})


@dataclass(frozen=True)
class NothingHeld:
    """A model that points at her records but holds nothing about her (a team's notice of a
    referral: its reference and organisations), and goes with the record it points at."""

    model: type[Model]
    why: str


_case_records: dict[type[Model], CaseRecordKind] = {}
_person_records: dict[type[Model], PersonRecordKind] = {}
_nothing_held: dict[type[Model], NothingHeld] = {}
_cases: list[Cases] = []
# The module that declared each model, for the test that each app declares its own.
_declared_in: dict[type[Model], str] = {}


def _refuse_twice(model: type[Model]) -> None:
    if model in _declared_in:
        raise AlreadyRegistered(f"{model._meta.label} is already declared for data protection")
    caller = inspect.stack(context=0)[2].frame
    _declared_in[model] = caller.f_globals.get("__name__", "")


def declared_in(model: type[Model]) -> str:
    return _declared_in[model]


def register_case_records(*kinds: CaseRecordKind) -> None:
    for kind in kinds:
        _refuse_twice(kind.model)
        _case_records[kind.model] = kind


def register_person_records(*kinds: PersonRecordKind) -> None:
    for kind in kinds:
        _refuse_twice(kind.model)
        _person_records[kind.model] = kind


def register_nothing_held(model: type[Model], *, why: str) -> None:
    _refuse_twice(model)
    _nothing_held[model] = NothingHeld(model=model, why=why)


def register_cases(cases: Cases) -> None:
    if _cases:
        raise AlreadyRegistered("her cases are already declared")
    _refuse_twice(cases.model)
    _cases.append(cases)


def case_record_kinds() -> tuple[CaseRecordKind, ...]:
    """Every kind held through her cases, in the order declared (the apps' order)."""
    return tuple(_case_records.values())


def person_record_kinds() -> tuple[PersonRecordKind, ...]:
    return tuple(_person_records.values())


def nothing_held() -> tuple[NothingHeld, ...]:
    return tuple(_nothing_held.values())


def her_cases() -> Cases:
    if not _cases:
        raise LookupError("No app declares a person's cases (accord/cases/dataprotection.py)")
    return _cases[0]


def withheld_from_export() -> frozenset[type[Model]]:
    return frozenset(kind.model for kind in case_record_kinds() if kind.held is None)


def exported_kinds() -> tuple[CaseRecordKind, ...]:
    return tuple(kind for kind in case_record_kinds() if kind.held is not None)


def cases_for_export(person: Any) -> QuerySet[Any]:
    """Her cases with every exported kind's joins and prefetches: one query per kind."""
    kinds = exported_kinds()
    joins: dict[str, list[str]] = {}
    for kind in kinds:
        for path, relations in kind.joined_to.items():
            joins.setdefault(path, []).extend(relations)
    prefetches: list[str | Prefetch] = []
    for kind in kinds:
        for lookup in kind.prefetch:
            path = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
            if path in joins:
                queryset = lookup.queryset if isinstance(lookup, Prefetch) else None
                if queryset is None:
                    raise ValueError(f"join {joins[path]} to {path!r}: declare it as a Prefetch")
                lookup = Prefetch(path, queryset.select_related(*joins[path]))
            prefetches.append(lookup)
    return (
        her_cases()
        .of(person)
        .select_related(*(name for kind in kinds for name in kind.select_related))
        .prefetch_related(*prefetches)
    )


def autodiscover() -> None:
    """Import every installed app's `dataprotection` module, as the admin imports `admin`."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("dataprotection")
