"""The information barrier over generated worlds (docs/product.md §4.1, §7).

Hypothesis builds organisations, services, teams, people with random roles, and households
worked from both sides; the assertions are written from docs/product.md, not from the access
module's code, so that a rule broken there shows here.
"""

from dataclasses import dataclass

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.access.fields import FieldClass
from accord.access.policy import case_access, visible_to
from accord.accounts import services as accounts
from accord.accounts.models import Membership, Role, ServiceKind, Team, User
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import Case, CaseKind, ContactType, Note, NoteVisibility
from accord.people import services as people
from accord.people.models import Person, Relationship

SURVIVOR_SIDE_SERVICES = [
    ServiceKind.SURVIVOR_SUPPORT,
    ServiceKind.PARTNER_SUPPORT,
    ServiceKind.CHILDRENS_SERVICES,
]
OTHER_SIDE_SERVICES = [ServiceKind.PERPETRATOR_PROGRAMME, ServiceKind.PROBATION, ServiceKind.POLICE]
CASE_KIND_FOR_SERVICE = {
    ServiceKind.SURVIVOR_SUPPORT: CaseKind.SURVIVOR_SUPPORT,
    ServiceKind.PARTNER_SUPPORT: CaseKind.PARTNER_SUPPORT,
    ServiceKind.CHILDRENS_SERVICES: CaseKind.CHILD,
    ServiceKind.PERPETRATOR_PROGRAMME: CaseKind.PERPETRATOR_PROGRAMME,
    ServiceKind.PROBATION: CaseKind.PERPETRATOR_PROGRAMME,
    ServiceKind.POLICE: CaseKind.PERPETRATOR_PROGRAMME,
}
SECRET_FIELD_CLASSES = [FieldClass.CONTACT, FieldClass.LOCATION, FieldClass.DISCLOSURE]


@dataclass(frozen=True)
class Plan:
    services: list[ServiceKind]  # one organisation per service, one team per service
    memberships: list[list[tuple[int, Role]]]  # per user: (service index, role)
    households: list[tuple[int, int]]  # (survivor-side service index, other-side service index)


plans = st.builds(
    Plan,
    services=st.lists(st.sampled_from(SURVIVOR_SIDE_SERVICES), min_size=1, max_size=2).flatmap(
        lambda survivor: st.lists(st.sampled_from(OTHER_SIDE_SERVICES), min_size=1, max_size=2).map(
            lambda other: survivor + other
        )
    ),
    memberships=st.lists(
        st.lists(st.tuples(st.integers(0, 3), st.sampled_from(list(Role))), min_size=1, max_size=2),
        min_size=1,
        max_size=5,
    ),
    households=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=3),
)


def build(plan: Plan) -> tuple[list[User], list[Case]]:
    system = Actor.system()
    teams: list[Team] = []
    for index, kind in enumerate(plan.services):
        organisation = accounts.organisation_create(
            actor=system, name=f"Org {index}", slug=f"org-{index}", country="ES", languages=["es"]
        )
        service = accounts.service_create(
            actor=system, organisation=organisation, name="S", kind=kind
        )
        teams.append(accounts.team_create(actor=system, service=service, name="T"))
    survivor_teams = [t for t in teams if t.service.kind in SURVIVOR_SIDE_SERVICES]
    other_teams = [t for t in teams if t.service.kind in OTHER_SIDE_SERVICES]

    author = accounts.user_create(actor=system, username="author", email="", password=None)
    writer = Actor.for_user(author)
    users = []
    for number, memberships in enumerate(plan.memberships):
        user = accounts.user_create(actor=system, username=f"u{number}", email="", password=None)
        for team, role in {(teams[index % len(teams)], role) for index, role in memberships}:
            accounts.membership_create(actor=system, user=user, team=team, role=role)
        users.append(user)

    all_cases = []
    for number, (her_index, his_index) in enumerate(plan.households):
        her_team = survivor_teams[her_index % len(survivor_teams)]
        his_team = other_teams[his_index % len(other_teams)]
        organisation = her_team.service.organisation
        survivor = people.person_create(
            actor=system, organisation=organisation, given_name=f"Her{number}", phone="+34 600"
        )
        household = people.household_create(actor=system, organisation=organisation)
        people.household_member_add(
            actor=system, household=household, person=survivor, relationship=Relationship.SURVIVOR
        )
        her_case = cases.case_open(
            actor=system,
            kind=CASE_KIND_FOR_SERVICE[her_team.service.kind],
            person=survivor,
            team=her_team,
            household=household,
        )
        cases.note_add(actor=writer, case=her_case, contact_type=ContactType.PHONE, text="told us")
        man = people.person_create(
            actor=system, organisation=his_team.service.organisation, given_name=f"Him{number}"
        )
        people.household_member_add(
            actor=system,
            household=household,
            person=man,
            relationship=Relationship.PERSON_USING_VIOLENCE,
        )
        his_case = cases.case_open(
            actor=system,
            kind=CaseKind.PERPETRATOR_PROGRAMME,
            person=man,
            team=his_team,
            household=household,
        )
        all_cases += [her_case, his_case]
    return users, all_cases


def works_on_survivor_side(user: User, case: Case) -> bool:
    """docs/product.md: her own survivor-side team (casework roles), managers of the owning service,
    and the DPO of the owning organisation."""
    return (
        Membership.objects.filter(user=user)
        .filter(
            team=case.team,
            # Not the community mentor: her team opens no case to her (docs/decisions/0073).
            role__in=[Role.CASEWORKER, Role.FACILITATOR, Role.COORDINATOR],
        )
        .exists()
        or Membership.objects.filter(
            user=user, role=Role.MANAGER, team__service=case.team.service
        ).exists()
    )


def is_dpo_of(user: User, case: Case) -> bool:
    return Membership.objects.filter(
        user=user, role=Role.DPO, team__service__organisation=case.team.service.organisation
    ).exists()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans)
def test_no_user_ever_reads_what_the_rule_table_forbids(db, plan: Plan) -> None:
    with transaction.atomic():
        users, all_cases = build(plan)
        for user in users:
            visible_cases = set(visible_to(user, Case))
            visible_notes = set(visible_to(user, Note))
            visible_people = set(visible_to(user, Person))
            for case in all_cases:
                access = case_access(user, case)
                if not case.is_survivor_side:
                    continue
                owning = works_on_survivor_side(user, case)
                dpo = is_dpo_of(user, case)
                # Need to know: nobody else reaches her case, her record or her notes.
                if not (owning or dpo):
                    assert case not in visible_cases
                    assert case.person not in visible_people
                    assert not visible_notes & set(case.notes.all())
                    for field_class in FieldClass:
                        assert not access.reads(field_class), (user, case, field_class)
                # The barrier: contact, location and disclosure only for the owning side.
                if not owning:
                    for field_class in SECRET_FIELD_CLASSES:
                        assert not access.reads(field_class), (user, case, field_class)
                    assert not any(
                        access.reads_row(note)
                        for note in case.notes.filter(visibility=NoteVisibility.DISCLOSURE)
                    )
                # A location is never read freely, not even by her own caseworker.
                assert not access.reads(FieldClass.LOCATION)
            # Analysts and admins never reach person-level records.
            roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
            if roles <= {Role.ANALYST, Role.ADMIN}:
                assert not visible_cases
                assert not visible_people
        transaction.set_rollback(True)


def test_the_admin_exposes_no_casework_records() -> None:
    from django.contrib import admin

    from accord.cases.models import Incident, Task
    from accord.people.models import Household, HouseholdMember

    for model in [Person, Household, HouseholdMember, Case, Incident, Note, Task]:
        assert model not in admin.site._registry, model
