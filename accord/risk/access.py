"""The access rules of risk assessments."""

from accord.access import registry
from accord.access.fields import FieldClass
from accord.risk.models import Assessment

registry.register_case_records(
    Assessment,
    registry.CaseRecords(field_class=FieldClass.RISK),
    description="An assessment is the case's risk class: whoever reads it (her side, his "
    "programme for his own case, the DPO). Her caseworker never reads the programme's review "
    "of him.",
)
