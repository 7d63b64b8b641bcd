"""The demo's programme: a group of eight men, six sessions held, one in breach review, one
dropped out; their partners with contacts; one released item; a report for probation. Seeding
twice changes nothing."""

from accord.audit.models import AuditEvent
from accord.demo.locality import seed_demo_locality
from accord.programmes.models import (
    Attendance,
    ComplianceReport,
    Enrolment,
    EnrolmentStatus,
    PartnerContact,
    PartnerLink,
    ProgrammeKind,
    SafetyInformation,
)


def test_the_demo_runs_the_change_programme_once(demo_locality) -> None:
    seed_demo_locality()
    # The behaviour-change programme's; the empowerment paths' are accord.demo.empowerment's.
    enrolments = Enrolment.objects.exclude(programme__kind=ProgrammeKind.EMPOWERMENT_PATH)
    assert enrolments.count() == 8
    statuses = list(enrolments.values_list("status", flat=True))
    assert statuses.count(EnrolmentStatus.BREACH) == 1
    assert statuses.count(EnrolmentStatus.DROPPED_OUT) == 1
    held = {a.session.number for a in Attendance.objects.select_related("session")}
    assert held == {1, 2, 3, 4, 5, 6}
    assert len(set(Attendance.objects.values_list("code", flat=True))) == 6
    assert PartnerLink.objects.count() >= 3
    assert PartnerContact.objects.count() == PartnerLink.objects.count()
    assert SafetyInformation.objects.filter(released_on__isnull=False).count() == 1
    assert ComplianceReport.objects.count() == 1
    models = (Enrolment, Attendance, PartnerContact, AuditEvent)
    counts = [model.objects.count() for model in models]
    seed_demo_locality()
    assert [model.objects.count() for model in models] == counts
