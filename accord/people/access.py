"""The access rules of people, households and consents, and the DPO's reach over people."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from accord.access import registry
from accord.access.cases import case_rows
from accord.access.fields import FieldClass
from accord.access.roles import AnyUser, memberships_of, organisation_ids_with_role
from accord.accounts.models import Role
from accord.people.models import Consent, Household, HouseholdMember, Person


@registry.register(Person)
def people(user: AnyUser) -> QuerySet[Person]:
    """A person is reached only through one of her cases; the household never opens her
    record to the other side of the barrier."""
    return Person.objects.filter(cases__in=case_rows(user)).distinct()


@registry.register(Household)
def households(user: AnyUser) -> QuerySet[Household]:
    """A household is reached through one of its cases (the panel shows each side only what
    the rule table gives it of the others)."""
    return Household.objects.filter(cases__in=case_rows(user)).distinct()


registry.register_through(HouseholdMember, parent=Household, path="household")

registry.register_case_records(
    Consent,
    registry.CaseRecords(
        field_class=FieldClass.ADMINISTRATIVE, case_path="person__cases", distinct=True
    ),
    description="What she agreed may be shared, with whom: the owning side of one of her "
    "cases, whatever its kind (so the programme reads the man's own), and the DPO of the "
    "owning organisation. Not the other side of a household.",
)


def _is_dpo_of(user: AnyUser, organisation_id: int) -> bool:
    return (
        memberships_of(user)
        .filter(role=Role.DPO, team__service__organisation_id=organisation_id)
        .exists()
    )


def may_handle_subject_requests(user: AnyUser) -> bool:
    """Whether the user answers requests from data subjects (access, erasure) anywhere: a DPO."""
    return memberships_of(user).filter(role=Role.DPO).exists()


def data_protection_people(user: AnyUser) -> QuerySet[Person]:
    """The people whose records this user answers for as data-protection officer: every person
    held by an organisation where she has the DPO role, whoever works the cases. Nobody else
    (not a caseworker, manager or organisation admin, nor a superuser) gets any."""
    return Person.objects.filter(organisation_id__in=organisation_ids_with_role(user, Role.DPO))


def may_export_person(user: AnyUser, person: Person) -> bool:
    """Subject-access export of everything held on `person`: the DPO of the organisation that
    holds the record. The export is the audited "on request" path of the rule table."""
    return _is_dpo_of(user, person.organisation_id)


def may_erase_person(user: AnyUser, person: Person) -> bool:
    """Erasure of `person` and all their cases: the DPO of the organisation that holds the
    record (its own name, so that the two rights can diverge without touching every caller)."""
    return _is_dpo_of(user, person.organisation_id)


def get_person_for_data_protection_or_404(user: AnyUser, uid: object) -> Person:
    """The person for the DPO's subject-access and erasure pages, or Http404 whether they are
    missing or held by an organisation where the user is not the DPO."""
    try:
        return data_protection_people(user).select_related("organisation").get(uid=uid)
    except (Person.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing
