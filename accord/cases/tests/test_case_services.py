import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.audit.context import Actor
from accord.audit.models import AuditEvent
from accord.cases import services
from accord.cases.models import CaseStatus, ClosureReason, ContactType, GbvimsType, IncidentSource
from accord.core.locking import StaleVersion
from accord.testing import Casework, World


def test_a_case_reference_carries_no_personal_data(casework: Casework) -> None:
    reference = casework.her_case.reference
    assert reference.startswith("SV-")
    assert "Ana" not in reference and "García" not in reference


def test_recording_an_incident_classifies_it_and_audits(world: World, casework: Casework) -> None:
    incident = services.incident_record(
        actor=Actor.for_user(world.caseworker),
        case=casework.her_case,
        forms=["physical", "coercive_control"],
        source=IncidentSource.SURVIVOR,
        occurred_on=datetime.date(2026, 10, 1),
        narrative="He pushed her down the stairs.",
    )
    assert incident.gbvims_type == GbvimsType.PHYSICAL_ASSAULT
    event = AuditEvent.objects.get(action="incident.recorded")
    assert "stairs" not in event.reason


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"forms": []}, "forms"),
        ({"forms": ["kidnap"]}, "forms"),
        ({"occurred_on": timezone.localdate() + datetime.timedelta(days=2)}, "occurred_on"),
    ],
)
def test_it_refuses_a_bad_incident_and_saves_nothing(world, casework, changes, field) -> None:
    arguments = {"forms": ["physical"], "source": IncidentSource.POLICE, **changes}
    with pytest.raises(ValidationError) as error:
        services.incident_record(
            actor=Actor.for_user(world.caseworker), case=casework.her_case, **arguments
        )
    assert field in error.value.message_dict
    assert not casework.her_case.incidents.exists()


def test_a_stale_update_is_refused_and_keeps_the_newer_version(
    world: World, casework: Casework
) -> None:
    actor = Actor.for_user(world.caseworker)
    opened_by_both = casework.her_case.version
    services.case_update(
        actor=actor,
        case=casework.her_case,
        expected_version=opened_by_both,
        key_worker=world.manager,
        status=CaseStatus.OPEN,
    )
    with pytest.raises(StaleVersion) as stale:
        services.case_update(
            actor=actor,
            case=casework.her_case,
            expected_version=opened_by_both,
            key_worker=None,
            status=CaseStatus.ON_HOLD,
        )
    assert stale.value.current.key_worker == world.manager
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.OPEN
    assert casework.her_case.version == opened_by_both + 1


def test_closing_needs_a_date_not_before_the_opening(world: World, casework: Casework) -> None:
    actor = Actor.for_user(world.caseworker)
    case = casework.her_case
    with pytest.raises(ValidationError):
        services.case_close(
            actor=actor,
            case=case,
            expected_version=case.version,
            reason=ClosureReason.MOVED_AWAY,
            closed_on=case.opened_on - datetime.timedelta(days=1),
        )
    closed = services.case_close(
        actor=actor, case=case, expected_version=case.version, reason=ClosureReason.MOVED_AWAY
    )
    assert closed.status == CaseStatus.CLOSED and closed.closed_on is not None


def test_an_empty_note_is_refused(world: World, casework: Casework) -> None:
    with pytest.raises(ValidationError):
        services.note_add(
            actor=Actor.for_user(world.caseworker),
            case=casework.her_case,
            contact_type=ContactType.PHONE,
            text="   ",
        )


def test_only_a_programme_case_records_the_partners_name(world: World, casework: Casework) -> None:
    with pytest.raises(ValidationError):
        services.case_open(
            actor=Actor.for_user(world.caseworker),
            kind="survivor_support",
            person=casework.survivor,
            team=world.outreach,
            partner_first_name_as_given="X",
        )


def test_naming_someone_from_across_the_barrier_is_refused(
    world: World, casework: Casework
) -> None:
    # A key worker or an assignee would reach the case: only its own team's workers qualify.
    actor = Actor.for_user(world.caseworker)
    with pytest.raises(ValidationError) as task_error:
        services.task_add(
            actor=actor,
            case=casework.her_case,
            title="call",
            due_on=timezone.localdate(),
            assignee=world.facilitator,
        )
    assert "assignee" in task_error.value.message_dict
    with pytest.raises(ValidationError) as update_error:
        services.case_update(
            actor=actor,
            case=casework.her_case,
            expected_version=casework.her_case.version,
            key_worker=world.police_liaison,
            status=CaseStatus.OPEN,
        )
    assert "key_worker" in update_error.value.message_dict
    assert not casework.her_case.tasks.exists()


def test_a_closed_case_cannot_be_closed_again(world: World, casework: Casework) -> None:
    actor = Actor.for_user(world.caseworker)
    case = services.case_close(
        actor=actor,
        case=casework.her_case,
        expected_version=casework.her_case.version,
        reason=ClosureReason.MOVED_AWAY,
    )
    with pytest.raises(ValidationError, match="already closed"):
        services.case_close(
            actor=actor, case=case, expected_version=case.version, reason=ClosureReason.OTHER
        )
