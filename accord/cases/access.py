"""The access rules of cases and of what hangs off a case: incidents, notes and tasks."""

from django.db.models import QuerySet

from accord.access import registry
from accord.access.cases import CaseAccess, case_rows
from accord.access.fields import FieldClass
from accord.access.roles import AnyUser
from accord.cases.models import Case, CaseKind, Incident, Note, NoteVisibility, Task
from accord.people.models import Relationship


@registry.register(Case)
def cases(user: AnyUser) -> QuerySet[Case]:
    """Need to know: the cases of the teams she works (a casework role in the team, or the
    manager of its service), any case she is key worker of, and every case of an organisation
    where she is the DPO. Nothing organisation-wide for anyone else."""
    return case_rows(user)


registry.register_case_records(
    Incident,
    registry.CaseRecords(field_class=FieldClass.DISCLOSURE, own_records=True),
    description="Her account of what happened (disclosure): whoever reads the case's "
    "disclosures; a partner-support worker her own case's.",
)
registry.register_case_records(
    Note,
    registry.CaseRecords(
        field_class=FieldClass.DISCLOSURE,
        own_records=True,
        split_on="visibility",
        split_classes={NoteVisibility.ADMINISTRATIVE: FieldClass.ADMINISTRATIVE},
    ),
    description="A note is a disclosure (a partner-support worker reads her own case's); an "
    "administrative note is read by whoever reads the case's administrative class.",
)
registry.register_case_records(
    Task,
    registry.CaseRecords(field_class=FieldClass.ADMINISTRATIVE),
    description="Tasks are administrative: whoever reads the case's administrative class.",
)


def household_programme_cases(access: CaseAccess) -> list[Case]:
    """His programme cases in her household, for her side: the rule table gives her side the
    programme status class of his record and nothing else, so only those fields are loaded.
    Deliberately outside `visible_to`: his case is not hers to open."""
    case = access.case
    if case.household_id is None or not access.reads_household_programme_status():
        return []
    return list(
        Case.objects.filter(
            household_id=case.household_id,
            kind=CaseKind.PERPETRATOR_PROGRAMME,
            person__household_memberships__household_id=case.household_id,
            person__household_memberships__relationship=Relationship.PERSON_USING_VIOLENCE,
        )
        .only("person_id", "status", "opened_on", "closed_on", "closure_reason")
        .order_by("-opened_on", "pk")
    )
