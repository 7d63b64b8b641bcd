"""Two people edit the same case: the second save is refused with both versions side by side,
and her unsaved input stays in the form (docs/product.md §4.10)."""

from django.utils import timezone

from accord.audit.context import Actor
from accord.cases import services
from accord.cases.models import CaseStatus, ClosureReason
from accord.testing import Casework, World, client_for

from .helpers import case_url

CONFLICT = "Changed by someone else since you opened it"


def someone_else_changes(world: World, casework: Casework) -> None:
    services.case_update(
        actor=Actor.for_user(world.manager),
        case=casework.her_case,
        expected_version=1,
        key_worker=world.manager,
        status=CaseStatus.OPEN,
    )


def test_a_stale_edit_shows_both_versions_and_keeps_her_input(
    world: World, casework: Casework
) -> None:
    client = client_for(world.caseworker)
    assert (
        'name="version" value="1"'
        in client.get(case_url(casework.her_case, "edit")).content.decode()
    )
    someone_else_changes(world, casework)
    response = client.post(
        case_url(casework.her_case, "edit"),
        {"version": 1, "key_worker": world.caseworker.pk, "status": CaseStatus.ON_HOLD},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert CONFLICT in html
    # Both versions: hers (on hold, herself) and the stored one (open, the manager).
    assert "Yours (not saved)" in html and "Stored now" in html
    assert "<td>On hold</td>" in html and "Open" in html
    assert "<td>caseworker_a</td>" in html and "manager_a" in html
    # Her input is still in the form, now based on the stored version.
    assert 'name="version" value="2"' in html
    assert '<option value="on_hold" selected>' in html
    assert f'<option value="{world.caseworker.pk}" selected>' in html
    casework.her_case.refresh_from_db()
    assert casework.her_case.key_worker == world.manager
    assert casework.her_case.status == CaseStatus.OPEN


def test_saving_again_after_the_conflict_applies_her_version(
    world: World, casework: Casework
) -> None:
    client = client_for(world.caseworker)
    someone_else_changes(world, casework)
    data = {"version": 1, "key_worker": world.caseworker.pk, "status": CaseStatus.ON_HOLD}
    assert client.post(case_url(casework.her_case, "edit"), data).status_code == 409
    response = client.post(case_url(casework.her_case, "edit"), {**data, "version": 2})
    assert response.status_code == 302
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.ON_HOLD
    assert casework.her_case.version == 3


def test_a_stale_close_shows_both_versions(world: World, casework: Casework) -> None:
    someone_else_changes(world, casework)
    today = timezone.localdate().isoformat()
    response = client_for(world.caseworker).post(
        case_url(casework.her_case, "close"),
        {"version": 1, "reason": ClosureReason.MOVED_AWAY, "closed_on": today},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert CONFLICT in html
    assert "Moved away" in html
    assert f'value="{today}"' in html
    casework.her_case.refresh_from_db()
    assert casework.her_case.status == CaseStatus.OPEN
