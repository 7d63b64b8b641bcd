"""What the people app holds about a person on her record itself, for the DPO's subject-access
export, retention and erasure (accord/people/dpo_registry.py): her consents, which outlive the
case they were recorded from. (Her record and her household memberships are the export's own
first sections, in accord/people/subject_access.py.)"""

from django.utils.translation import gettext_lazy

from accord.people import dpo_registry
from accord.people.dpo_registry import PersonRecordKind
from accord.people.models import Consent, Person


def _consents(person: Person) -> list[Consent]:
    return list(
        Consent.objects.filter(person=person)
        .select_related("organisation", "recorded_by", "withdrawn_by", "recorded_on_case")
        .order_by("given_on", "recorded_at", "pk")
    )


dpo_registry.register_person_records(
    PersonRecordKind(
        Consent,
        held=_consents,
        section="consents",
        heading=gettext_lazy("Consents"),
        counted_as="consents",
    ),
)
