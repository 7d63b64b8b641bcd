"""His programme and her partner contact, for the DPO's subject-access export, retention and
erasure (accord/people/dpo_registry.py): the enrolment with its history, his attendance and
one-to-one sessions and the compliance reports go with his case; her partner contact goes with
her case. The safety information about him is never in his export: it is what her side told
the programme, and its source row points to her (docs/decisions/0010). Retention still clears
and deletes it with his case."""

from typing import Any

from accord.people import dpo_registry
from accord.people.dpo_registry import CaseRecordKind, HeldOfCase
from accord.programmes.models import (
    Attendance,
    ComplianceReport,
    Enrolment,
    EnrolmentStatusChange,
    PartnerContact,
    PartnerLink,
    SafetyInformation,
    SafetyInformationSource,
    Session,
)

# In each case of the file, after the casework apps' own sections (accord/people/dpo_registry.py).
ORDER = 64
WITHHELD = (
    "What her side told the programme about him: it could point to her (docs/decisions/0010)."
)


def _of_enrolments(name: str) -> HeldOfCase:
    """The rows hanging off each of the case's enrolments under `name` (prefetched)."""

    def held(case: Any) -> list[Any]:
        return [row for each in case.enrolments.all() for row in getattr(each, name).all()]

    return held


dpo_registry.register_case_records(
    CaseRecordKind(
        Enrolment,
        order=ORDER,
        held=lambda case: list(case.enrolments.all()),
        prefetch=("enrolments",),
    ),
    CaseRecordKind(
        EnrolmentStatusChange,
        to_case="enrolment__case",
        order=ORDER,
        held=_of_enrolments("history"),
        prefetch=("enrolments__history",),
    ),
    CaseRecordKind(
        Session,
        to_case="enrolment__case",
        order=ORDER,
        held=_of_enrolments("individual_sessions"),
        prefetch=("enrolments__individual_sessions",),
    ),
    CaseRecordKind(
        Attendance,
        to_case="enrolment__case",
        order=ORDER,
        held=_of_enrolments("attendances"),
        prefetch=("enrolments__attendances",),
    ),
    CaseRecordKind(
        ComplianceReport,
        to_case="enrolment__case",
        order=ORDER,
        held=_of_enrolments("compliance_reports"),
        prefetch=("enrolments__compliance_reports",),
    ),
    CaseRecordKind(SafetyInformation, to_case="enrolment__case", withheld=WITHHELD),
    CaseRecordKind(SafetyInformationSource, to_case="item__enrolment__case", withheld=WITHHELD),
    CaseRecordKind(
        PartnerLink,
        to_case="partner_case",
        order=ORDER,
        held=lambda case: list(case.partner_links.all()),
        prefetch=("partner_links",),
    ),
    CaseRecordKind(
        PartnerContact,
        to_case="link__partner_case",
        order=ORDER,
        held=lambda case: [x for link in case.partner_links.all() for x in link.contacts.all()],
        prefetch=("partner_links__contacts",),
    ),
)
