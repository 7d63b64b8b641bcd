import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accord.accounts.models import Membership, Organisation, Service, Team, User
from accord.audit.models import AuditEvent
from accord.cases.models import Case, CaseKind, CaseStatus, Incident, Note, NoteVisibility, Task
from accord.demo.locality import HOUSEHOLDS, PERSONAS
from accord.people.models import Household, HouseholdMember, Person

TENANCY = [Organisation, Service, Team, User, Membership]
CASEWORK = [Person, Household, HouseholdMember, Case, Incident, Note, Task]


def counts(models: list | None = None) -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (models or TENANCY))


def test_it_creates_the_locality_once(demo_locality, settings, capsys) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts(TENANCY + CASEWORK + [AuditEvent])
    call_command("seed_demo")
    assert counts(TENANCY + CASEWORK + [AuditEvent]) == first
    assert first[3] == len(PERSONAS)
    assert Household.objects.count() == len(HOUSEHOLDS)
    output = capsys.readouterr().out
    assert "caseworker" in output and "demo_totp" in output


def test_it_gives_every_persona_a_team_and_an_authenticator(demo_locality, settings) -> None:
    from allauth.mfa.utils import is_mfa_enabled

    settings.DEBUG = True
    call_command("seed_demo")
    for user in User.objects.all():
        assert user.memberships.exists(), user
        assert is_mfa_enabled(user), user


def test_it_refuses_outside_demo_mode(db, settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo")
    assert counts() == (0, 0, 0, 0, 0)


def test_it_runs_outside_demo_mode_when_forced(db, settings) -> None:
    settings.DEBUG = False
    call_command("seed_demo", "--force")
    assert Organisation.objects.filter(slug="riverton-womens-aid").exists()


def test_it_gives_every_casework_persona_cases(demo_locality, settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    kinds = {
        # Her caseworker also sees the women's children (the demo referrals start from them).
        "caseworker": {CaseKind.SURVIVOR_SUPPORT, CaseKind.CHILD},
        "partnerworker": {CaseKind.PARTNER_SUPPORT},
        "facilitator": {CaseKind.PERPETRATOR_PROGRAMME},
        "socialworker": {CaseKind.CHILD},
    }
    for username, expected in kinds.items():
        cases = Case.objects.filter(key_worker__username=username)
        assert cases.exists(), username
        assert set(cases.values_list("kind", flat=True)) == expected, username
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(Note.objects.values_list("visibility", flat=True)) == set(NoteVisibility.values)
    today = timezone.localdate()
    assert Task.objects.filter(done_at=None, due_on__lt=today).exists()
    assert Task.objects.filter(done_at=None, due_on__gte=today).exists()
    assert Task.objects.exclude(done_at=None).exists()
    assert (
        len({form for forms in Incident.objects.values_list("forms", flat=True) for form in forms})
        >= 6
    )


def test_it_puts_both_sides_of_a_household_on_the_record(demo_locality, settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo")
    his_case = Case.objects.filter(kind=CaseKind.PERPETRATOR_PROGRAMME).first()
    assert his_case.partner_first_name_as_given
    her_case = his_case.household.cases.get(kind=CaseKind.SURVIVOR_SUPPORT)
    assert her_case.team.service.organisation != his_case.team.service.organisation
    # Through the real services: every record has its audit event.
    for action, model in [("case.opened", Case), ("note.added", Note), ("person.created", Person)]:
        assert AuditEvent.objects.filter(action=action).count() == model.objects.count(), action
