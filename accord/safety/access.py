"""The access rules of safety plans."""

from accord.access import registry
from accord.access.fields import FieldClass
from accord.safety.models import SafetyPlan, SafetyPlanItem, SafetyPlanVersion

# Her safety plan says where she would go and who helps her: a disclosure, on the survivor side
# only (a partner-support worker's own case counts, as for incidents). Anyone else gets a 404,
# as if there were no plan; writing also needs to work the case.
registry.register_case_records(
    SafetyPlan,
    registry.CaseRecords(
        field_class=FieldClass.DISCLOSURE, own_records=True, survivor_side_only=True
    ),
    description="Her safety plan is a disclosure of the survivor side only: whoever reads the "
    "case's disclosures there; a partner-support worker her own case's. Never the DPO's "
    "pages (the subject-access export carries it).",
)
registry.register_case_records(
    SafetyPlanItem,
    registry.CaseRecords(
        field_class=FieldClass.DISCLOSURE,
        case_path="plan__case",
        own_records=True,
        survivor_side_only=True,
    ),
    description="A plan's items: as the plan.",
)
registry.register_through(SafetyPlanVersion, parent=SafetyPlan, path="plan")
