"""How a reader reaches a case, and through it the records that hang off it.

A case is reached by its owning side (the teams whose cases she works, or as its key worker)
or by the DPO of the owning organisation; the rule table (`fields.py`) then says which field
classes that relation reads. The records of a case (incidents, notes, plans…) are declared by
their apps with `registry.register_case_records`, naming the field class they belong to, so
that the rows a reader gets (`visible_to`) and the answer for one case (`CaseAccess`) come from
the same declaration.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from accord.access import registry
from accord.access.fields import (
    FieldClass,
    Grant,
    RecordKind,
    Relation,
    Rule,
    field_class_of,
    rule_for,
)
from accord.access.roles import (
    AnyUser,
    is_person,
    organisation_ids_with_role,
    standing_of,
    worked_team_filter,
)
from accord.accounts.models import Role
from accord.cases.models import SURVIVOR_SIDE_KINDS, Case, CaseKind


def owning_case_filter(user: AnyUser, prefix: str = "") -> Q:
    """Cases the user reaches as part of the owning side: the cases of the teams she works
    (`worked_team_filter`) and any case she is key worker of. `prefix` applies the same filter
    through a relation (e.g. "case__" for a case's tasks)."""
    return worked_team_filter(user, f"{prefix}team__") | Q(**{f"{prefix}key_worker": user})


def dpo_case_filter(user: AnyUser, prefix: str = "") -> Q:
    """Cases of the organisations where the user is the data-protection officer."""
    dpo_organisations = organisation_ids_with_role(user, Role.DPO)
    return Q(**{f"{prefix}team__service__organisation_id__in": dpo_organisations})


def case_rows(user: AnyUser) -> QuerySet[Case]:
    if not is_person(user):
        return Case.objects.none()
    return Case.objects.filter(owning_case_filter(user) | dpo_case_filter(user))


def owning_side_cases(user: AnyUser) -> QuerySet[Case]:
    """The cases the user reaches as their owning side (her teams' casework roles, the managers
    of the owning service, the key worker), not as the DPO: those whose work she reads. Apps
    whose records are the case's working content (empowerment plans, outcome answers) start
    their rules here."""
    if not is_person(user):
        return Case.objects.none()
    return Case.objects.filter(owning_case_filter(user))


def owning_relation(kind: str) -> Relation:
    if kind == CaseKind.PERPETRATOR_PROGRAMME:
        return Relation.PROGRAMME_TEAM
    if kind == CaseKind.PARTNER_SUPPORT:
        return Relation.PARTNER_SUPPORT
    return Relation.OWNING_TEAM


def record_kind_of(case: Case) -> RecordKind:
    return record_kind_of_case_kind(case.kind)


def record_kind_of_case_kind(kind: str) -> RecordKind:
    if kind == CaseKind.PERPETRATOR_PROGRAMME:
        return RecordKind.PERSON_USING_VIOLENCE
    return RecordKind.PERSON_AT_RISK


# --- the records of a case ------------------------------------------------------------------


def _reads_class(
    records: registry.CaseRecords, field_class: FieldClass, kind: str, relation: Relation | None
) -> bool:
    if records.survivor_side_only and kind not in SURVIVOR_SIDE_KINDS:
        return False
    if records.own_records and relation is Relation.PARTNER_SUPPORT:
        # A partner-support worker's "own" records (the rule table's "✔ own notes") are those
        # of her own case, the only case this relation reaches.
        return True
    return rule_for(record_kind_of_case_kind(kind), field_class, relation).grant is Grant.ALLOW


def _records_filter(
    user: AnyUser, records: registry.CaseRecords, field_class: FieldClass
) -> Q | None:
    prefix = f"{records.case_path}__"
    owning_kinds = [
        kind for kind in CaseKind if _reads_class(records, field_class, kind, owning_relation(kind))
    ]
    dpo_kinds = [
        kind for kind in CaseKind if _reads_class(records, field_class, kind, Relation.DPO)
    ]
    parts = []
    for kinds, case_filter in ((owning_kinds, owning_case_filter), (dpo_kinds, dpo_case_filter)):
        if not kinds:
            continue
        condition = case_filter(user, prefix)
        if len(kinds) < len(CaseKind):
            condition &= Q(**{f"{prefix}kind__in": kinds})
        parts.append(condition)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else parts[0] | parts[1]


def case_record_rows[M: Model](
    user: AnyUser, model: type[M], records: registry.CaseRecords
) -> QuerySet[M]:
    """The rows of `model` the user reads: those of cases whose field class she reads (for a
    model split by a column, each value's class)."""
    if not is_person(user):
        return model.objects.none()
    branches = []
    for value, field_class in records.classes.items():
        condition = _records_filter(user, records, field_class)
        if condition is None:
            continue
        if records.split_on:
            in_branch = (
                Q(**{records.split_on: value})
                if value is not None
                else ~Q(
                    **{f"{records.split_on}__in": [v for v in records.classes if v is not None]}
                )
            )
            condition &= in_branch
        branches.append(condition)
    if not branches:
        return model.objects.none()
    condition = branches[0]
    for branch in branches[1:]:
        condition |= branch
    # Through a join on the row's own case rather than `case_id IN (visible cases)`: a database
    # can then start from the row's own index (e.g. a worker's tasks) instead of listing every
    # visible case first.
    rows = model.objects.filter(condition)
    return rows.distinct() if records.distinct else rows


# --- one reader, one case ---------------------------------------------------------------------


@dataclass(frozen=True)
class CaseAccess:
    """What one user may see of one case and its person: computed once per request."""

    case: Case
    relation: Relation | None

    def rule(self, field_class: FieldClass) -> Rule:
        return rule_for(record_kind_of(self.case), field_class, self.relation)

    def reads(self, field_class: FieldClass) -> bool:
        return self.rule(field_class).grant is Grant.ALLOW

    def may_reveal_location(self) -> bool:
        return self.rule(FieldClass.LOCATION).grant is Grant.REVEAL

    @property
    def may_work(self) -> bool:
        """Add incidents, notes and tasks; change the case: the owning side only."""
        return self.relation in {
            Relation.OWNING_TEAM,
            Relation.PARTNER_SUPPORT,
            Relation.PROGRAMME_TEAM,
        }

    def reads_records(self, model: type[Model]) -> bool:
        """Whether the reader reads this case's records of `model`, as its app declared them
        (`registry.register_case_records`). Anyone else gets a 404, as if there were none."""
        records = registry.case_records_of(model)
        return any(
            _reads_class(records, field_class, self.case.kind, self.relation)
            for field_class in records.classes.values()
        )

    def reads_row(self, row: Model) -> bool:
        """Whether the reader reads this one record, for a model whose rows belong to a field
        class by a column (a note's visibility)."""
        records = registry.case_records_of(type(row))
        value = getattr(row, records.split_on) if records.split_on else None
        field_class = records.classes.get(value, records.classes.get(None))
        if field_class is None:
            return False
        return _reads_class(records, field_class, self.case.kind, self.relation)

    def may_write_records(self, model: type[Model]) -> bool:
        """Add or change this case's records of `model`: those who read them and work the case."""
        return self.reads_records(model) and self.may_work

    def reads_risk(self) -> bool:
        """The case's risk class: its level, flags and every assessment with its answers."""
        return self.reads(FieldClass.RISK)

    def may_assess_risk(self) -> bool:
        """Start, save or complete an assessment: those who read the risk and work the case."""
        return self.reads_risk() and self.may_work

    def reads_household_programme_status(self) -> bool:
        """The survivor side of a household sees the man's programme status (enrolment,
        outcome) and nothing else of him: the rule table's "survivor-side team of anyone in
        his household" column."""
        if self.relation not in {Relation.OWNING_TEAM, Relation.PARTNER_SUPPORT}:
            return False
        rule = rule_for(
            RecordKind.PERSON_USING_VIOLENCE,
            FieldClass.PROGRAMME_STATUS,
            Relation.SURVIVOR_SIDE_OF_HOUSEHOLD,
        )
        return rule.grant is Grant.ALLOW

    def readable_fields(self, label_lower: str, names: list[str]) -> list[str]:
        return [
            name
            for name in names
            if (field_class := field_class_of(label_lower, name)) is not None
            and self.reads(field_class)
        ]


def case_accesses(user: AnyUser, cases: list[Case]) -> dict[int, CaseAccess]:
    """How the user reaches each case, which decides the column of the rule table that applies:
    the owning side (by the case's kind), the DPO of the owning organisation, or not at all.
    Answered from her standing (`roles.standing_of`: one read per request, however many cases):
    the owning side is `owning_case_filter`'s rule on the case's own team and key worker; the
    DPO's, the organisation of its team's service (joined by the caller for a page of cases)."""
    if not is_person(user) or not cases:
        return {case.pk: CaseAccess(case=case, relation=None) for case in cases}
    standing = standing_of(user)
    dpo_organisations = standing.organisation_ids_with_role(Role.DPO)
    accesses = {}
    for case in cases:
        relation: Relation | None = None
        if case.team_id in standing.worked_team_ids or case.key_worker_id == user.pk:
            relation = owning_relation(case.kind)
        elif dpo_organisations and case.team.service.organisation_id in dpo_organisations:
            relation = Relation.DPO
        accesses[case.pk] = CaseAccess(case=case, relation=relation)
    return accesses


def case_access(user: AnyUser, case: Case) -> CaseAccess:
    return case_accesses(user, [case])[case.pk]


CASE_PAGE_RELATED = ("person", "team__service__organisation")


def access_case(
    user: AnyUser,
    reference: str,
    *,
    need: type[Model] | None = None,
    related: tuple[str, ...] = CASE_PAGE_RELATED,
    annotate: Any = None,
) -> tuple[Case, CaseAccess]:
    """The case `reference` names and how the user stands to it, or Http404 — whether it is
    missing, not hers to reach, or (with `need`) she may not read its records of that model:
    the three must look alike. `related` and `annotate` shape what is loaded with it."""
    cases = registry.visible_to(user, Case).select_related(*related)
    if annotate is not None:
        cases = annotate(cases)
    try:
        case = cases.get(reference=reference)
    except (Case.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing
    access = case_access(user, case)
    if need is not None and not access.reads_records(need):
        raise Http404
    return case, access
