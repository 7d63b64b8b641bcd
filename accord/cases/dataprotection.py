"""A person's cases and what the cases app holds in them (incidents, notes, tasks), for the DPO's
subject-access export, retention and erasure (accord/people/dpo_registry.py).

Her cases are the hub every other app's records hang off: they decide when her record is due
(retention) and whether it may be erased now."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.cases.models import Case, CaseStatus, Incident, Note, Task, ViolenceForm
from accord.cases.risk_levels import ConferenceCriterion
from accord.people import dpo_registry
from accord.people.dpo_registry import CaseRecordKind, Cases
from accord.people.models import Person
from accord.people.subject_access import coded_lists, labels_of

# A record of one of her cases: its case is the one it is listed under.
IN_CASE = frozenset({"id", "case"})


def _of(person: Person) -> QuerySet[Case]:
    return (
        Case.objects.filter(person=person)
        .select_related("team__service__organisation", "household", "key_worker")
        .order_by("opened_on", "pk")
    )


def _listed(person: Person) -> list[Case]:
    return list(
        Case.objects.filter(person=person)
        .select_related("team__service__organisation")
        .order_by("opened_on", "pk")
    )


def _live(cases: QuerySet[Case], cutoff: datetime.date) -> QuerySet[Case]:
    """Cases that keep a record: not closed, or closed on or after the cutoff."""
    return cases.filter(~Q(status=CaseStatus.CLOSED) | Q(closed_on__gte=cutoff))


def _due(
    people: QuerySet[Person], cutoff: datetime.date, created_before: datetime.datetime
) -> QuerySet[Person]:
    """Her own cases all closed before the cutoff; with none, her households' cases (and the day
    her record was created) decide (accord/people/retention.py says why)."""
    own = Case.objects.filter(person=OuterRef("pk"))
    households = Case.objects.filter(household__memberships__person=OuterRef("pk"))
    return people.filter(
        Q(Exists(own), ~Exists(_live(own, cutoff)))
        | Q(~Exists(own), ~Exists(_live(households, cutoff)), created_at__lt=created_before)
    )


def _with_reference(people: QuerySet[Person], reference: str) -> QuerySet[Person]:
    return people.filter(cases__reference=reference)


def _refuses_erasure(person: Person) -> str:
    cases = Case.objects.filter(person=person)
    if cases.exclude(status=CaseStatus.CLOSED).exists():
        return _(
            "This person has an open or on-hold case. Ask the team to close it, "
            "then erase the record."
        )
    if cases.exclude(team__service__organisation_id=person.organisation_id).exists():
        return _(
            "Another organisation works one of this person's cases: agree the erasure "
            "with its DPO first."
        )
    return ""


def _case_shown(case: Any, name: str, value: Any) -> str | None:
    if name == "conference_criteria" and isinstance(value, list):
        return labels_of(ConferenceCriterion, value)
    if name == "risk_flags":
        return ", ".join(case.risk_flag_labels) or "—"
    return None


dpo_registry.register_cases(
    Cases(
        model=Case,
        of=_of,
        listed=_listed,
        due=_due,
        with_reference=_with_reference,
        refuses_erasure=_refuses_erasure,
        shown=_case_shown,
    )
)

dpo_registry.register_case_records(
    CaseRecordKind(
        Incident,
        counted_as="incidents",
        held=lambda case: list(case.incidents.all()),
        section="incidents",
        heading=gettext_lazy("Incidents"),
        order=10,
        exported_without=IN_CASE,
        shown=coded_lists({"forms": ViolenceForm}),
        prefetch=(
            Prefetch(
                "incidents",
                Incident.objects.select_related("recorded_by").order_by("occurred_on", "pk"),
            ),
        ),
    ),
    CaseRecordKind(
        Note,
        counted_as="notes",
        held=lambda case: list(case.notes.all()),
        section="notes",
        heading=gettext_lazy("Notes and contacts"),
        order=20,
        exported_without=IN_CASE,
        prefetch=(
            Prefetch("notes", Note.objects.select_related("author").order_by("written_at", "pk")),
        ),
    ),
    CaseRecordKind(
        Task,
        counted_as="tasks",
        held=lambda case: list(case.tasks.all()),
        section="tasks",
        heading=gettext_lazy("Tasks"),
        order=30,
        exported_without=IN_CASE,
        prefetch=(
            Prefetch(
                "tasks",
                Task.objects.select_related("assignee", "created_by").order_by("due_on", "pk"),
            ),
        ),
    ),
)
