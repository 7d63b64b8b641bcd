"""Generated worlds for the barrier's channel tests (accord/access/tests/test_barrier_channels.py).

Hypothesis draws a *plan* (organisations and their services and teams, users with random roles
in one or several teams, households linking a survivor, his new partner, children and the man
who uses violence, and which teams work their cases); `build` turns it into rows through the
real services, so the world is what the product itself would have stored. Every value that
could leak is a *canary*: a short token unique in the world, tied to the record and field class
it lives in, so that finding it in a response says exactly what leaked and through what.
"""

import datetime
import itertools
import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils import timezone
from hypothesis import strategies as st

from accord.access.fields import FieldClass
from accord.access.policy import case_workers
from accord.accounts import services as accounts
from accord.accounts.models import Membership, Role, Service, ServiceKind, Team, User
from accord.audit.context import Actor
from accord.cases import services as cases
from accord.cases.models import (
    Case,
    CaseKind,
    ContactType,
    IncidentSource,
    NoteVisibility,
    ViolenceForm,
)
from accord.people import services as people
from accord.people.models import Household, Person, Relationship
from accord.safety import services as safety
from accord.safety.models import ItemOwner

# The kinds of service the brief names; the others hold no casework of these households.
SERVICE_KINDS = [
    ServiceKind.SURVIVOR_SUPPORT,
    ServiceKind.PARTNER_SUPPORT,
    ServiceKind.PERPETRATOR_PROGRAMME,
    ServiceKind.POLICE,
    ServiceKind.PROBATION,
    ServiceKind.CHILDRENS_SERVICES,
]
# Which case a team of each kind opens for each member of a household (services.py refuses
# the other combinations).
ADULT_CASE_KINDS = {
    ServiceKind.SURVIVOR_SUPPORT: CaseKind.SURVIVOR_SUPPORT,
    ServiceKind.PARTNER_SUPPORT: CaseKind.PARTNER_SUPPORT,
}
CHILD_CASE_SERVICES = {
    ServiceKind.SURVIVOR_SUPPORT,
    ServiceKind.PARTNER_SUPPORT,
    ServiceKind.CHILDRENS_SERVICES,
}
PROGRAMME_SERVICES = {ServiceKind.PERPETRATOR_PROGRAMME, ServiceKind.PROBATION}

# Canaries: "zq", four digits, two letters naming the field. Fixed width and alphanumeric, so
# no canary contains another, HTML and JSON print them unescaped, and one regular expression
# finds them all in a response (case-folded: a template may capitalise a name).
CANARY_PATTERN = re.compile(r"zq\d{4}[a-z]{2}")
# Case references (accord.core.references): a reference is the administrative canary of its case.
REFERENCE_PATTERN = re.compile(r"\b(?:SV|PS|PP|CH)-[BCDFGHJKLMNPQRSTVWXZ2-9]{7}\b")


# --- the plan -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdPlan:
    # Picks are indexes taken modulo the list of suitable teams when the world is built.
    her_teams: list[int]  # her survivor- or partner-support cases (one record per organisation)
    new_partner_team: int | None  # his new partner's support case, if he has one
    children: list[int | None]  # per child: the team of her case, or None (no case of her own)
    his_team: int | None  # his programme or probation case, if any
    he_named_her: bool  # whether his case records her first name as he gave it
    key_worker_pick: int  # which of a team's case workers (if any) becomes key worker


@dataclass(frozen=True)
class WorldPlan:
    # Per organisation: (kind, number of teams) per service. The first organisation runs a
    # survivor-support service and the second a programme, so that every world has both sides.
    organisations: list[list[tuple[ServiceKind, int]]]
    users: list[list[tuple[int, Role]]]  # per user: (team pick, role) per membership
    households: list[HouseholdPlan]
    superuser: bool  # the platform operator, who must reach no person either


def _services(first: ServiceKind) -> st.SearchStrategy[list[tuple[ServiceKind, int]]]:
    return st.lists(
        st.tuples(st.sampled_from(SERVICE_KINDS), st.integers(1, 2)), min_size=0, max_size=1
    ).map(lambda more: [(first, 1), *more])


_team_pick = st.integers(0, 30)

household_plans = st.builds(
    HouseholdPlan,
    her_teams=st.lists(_team_pick, min_size=1, max_size=2),
    new_partner_team=st.none() | _team_pick,
    children=st.lists(st.none() | _team_pick, max_size=2),
    his_team=st.none() | _team_pick,
    he_named_her=st.booleans(),
    key_worker_pick=st.integers(0, 5),
)

world_plans = st.builds(
    WorldPlan,
    organisations=st.tuples(
        _services(ServiceKind.SURVIVOR_SUPPORT),
        _services(ServiceKind.PERPETRATOR_PROGRAMME),
        st.lists(
            st.lists(
                st.tuples(st.sampled_from(SERVICE_KINDS), st.integers(1, 2)),
                min_size=1,
                max_size=2,
            ),
            max_size=2,
        ),
    ).map(lambda parts: [parts[0], parts[1], *parts[2]]),
    users=st.lists(
        st.lists(st.tuples(_team_pick, st.sampled_from(list(Role))), min_size=1, max_size=3),
        min_size=2,
        max_size=5,
    ),
    households=st.lists(household_plans, min_size=1, max_size=2),
    superuser=st.booleans(),
)


# --- canaries -----------------------------------------------------------------------------------


class Place(StrEnum):
    """Where a canary lives, which decides the rule that lets a reader see it."""

    PERSON = "person"  # a field of a person's record
    CASE = "case"  # a field of a case (its reference; his naming of her)
    ACCOUNT = "account"  # her account of what happened: a disclosure note, an incident
    CASE_ADMIN = "case_admin"  # an administrative note, a task
    SERVICE = "service"  # a service's confidential address


@dataclass(frozen=True)
class Canary:
    value: str
    what: str  # for the failure message: "phone of person 3 (survivor)"
    field_class: FieldClass
    place: Place
    person: Person | None = None
    case: Case | None = None
    service: Service | None = None

    def __repr__(self) -> str:
        return f"<{self.value}: {self.what}>"


@dataclass
class World:
    users: list[User]
    memberships: dict[int, list[Membership]]  # user pk → her memberships
    services: list[Service]
    teams: list[Team]
    people: list[Person]
    households: list[Household]
    cases: list[Case]
    canaries: list[Canary]
    dates_of_birth: dict[int, datetime.date]  # person pk → date of birth, for the search
    by_value: dict[str, Canary] = field(init=False)

    def __post_init__(self) -> None:
        self.by_value = {canary.value: canary for canary in self.canaries}

    def person_canary(self, person: Person, field_name: str) -> Canary:
        return next(
            c
            for c in self.canaries
            if c.person == person and c.place is Place.PERSON and c.what.startswith(field_name)
        )


# Person fields that carry a canary, with the field class FIELD_CLASSES gives them.
PERSON_CANARY_FIELDS = {
    "given_name": ("gn", FieldClass.IDENTITY),
    "family_name": ("fn", FieldClass.IDENTITY),
    "phone": ("ph", FieldClass.CONTACT),
    "email": ("em", FieldClass.CONTACT),
    "safe_contact_times": ("st", FieldClass.CONTACT),
    "substitute_address": ("sa", FieldClass.CONTACT),
    "real_address": ("ra", FieldClass.LOCATION),
}


class _Builder:
    """Builds one world, keeping the canaries, people and cases it makes as it goes."""

    def __init__(self) -> None:
        self.serial = itertools.count(1)
        self.canaries: list[Canary] = []
        self.people: list[Person] = []
        self.cases: list[Case] = []
        self.born: dict[int, datetime.date] = {}
        self.system = Actor.system()
        # Someone who writes where a case has no key worker: an account with no membership (a
        # leaver, say), checked like every other user.
        self.clerk = accounts.user_create(
            actor=self.system, username="clerk", email="", password=None
        )

    def token(self, code: str) -> str:
        return f"zq{next(self.serial):04d}{code}"

    def person(self, holder: Team, who: str) -> Person:
        """A person's record held by `holder`'s organisation, a canary in every field."""
        values = {name: self.token(code) for name, (code, _) in PERSON_CANARY_FIELDS.items()}
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=97 * len(self.people))
        person = people.person_create(
            actor=self.system,
            organisation=holder.service.organisation,
            date_of_birth=born,
            # An e-mail address that looks like one, around the token.
            **{**values, "email": f"{values['email']}@example.org"},
        )
        for name, (_, field_class) in PERSON_CANARY_FIELDS.items():
            self.canaries.append(
                Canary(
                    values[name],
                    f"{name} of {who} (person {person.pk})",
                    field_class,
                    Place.PERSON,
                    person=person,
                )
            )
        self.people.append(person)
        self.born[person.pk] = born
        return person

    def open_case(
        self,
        person: Person,
        team: Team,
        kind: CaseKind,
        who: str,
        *,
        household: Household,
        key_worker_pick: int,
        partner_name: str = "",
    ) -> Case:
        workers = list(case_workers(team).order_by("pk"))
        pick = key_worker_pick % (len(workers) + 1)
        key_worker = workers[pick - 1] if pick else None
        case = cases.case_open(
            actor=self.system,
            kind=kind,
            person=person,
            team=team,
            key_worker=key_worker,
            household=household,
            partner_first_name_as_given=partner_name,
        )
        self.cases.append(case)
        self.case_canaries(case, key_worker or self.clerk, who)
        if partner_name:
            self.canaries.append(
                Canary(
                    partner_name,
                    f"her first name as he gave it, on his case {case.reference}",
                    FieldClass.IDENTITY,
                    Place.CASE,
                    case=case,
                )
            )
        return case

    def case_canaries(self, case: Case, writer: User, who: str) -> None:
        """What a case holds that could leak: its reference, her account (a disclosure note and
        an incident narrative, a safety plan on her side), an administrative note and a task."""
        actor = Actor.for_user(writer)
        where = f"{who}'s case {case.reference}"
        self.canaries.append(
            Canary(
                case.reference,
                f"reference of {where}",
                FieldClass.ADMINISTRATIVE,
                Place.CASE,
                case=case,
            )
        )
        disclosure = self.token("nd")
        cases.note_add(
            actor=actor,
            case=case,
            contact_type=ContactType.PHONE,
            text=f"{disclosure} she told us",
            visibility=NoteVisibility.DISCLOSURE,
        )
        self.canaries.append(
            Canary(
                disclosure,
                f"disclosure note on {where}",
                FieldClass.DISCLOSURE,
                Place.ACCOUNT,
                case=case,
            )
        )
        administrative = self.token("na")
        cases.note_add(
            actor=actor,
            case=case,
            contact_type=ContactType.LETTER,
            text=f"{administrative} letter sent",
            visibility=NoteVisibility.ADMINISTRATIVE,
        )
        self.canaries.append(
            Canary(
                administrative,
                f"administrative note on {where}",
                FieldClass.ADMINISTRATIVE,
                Place.CASE_ADMIN,
                case=case,
            )
        )
        narrative = self.token("in")
        cases.incident_record(
            actor=actor,
            case=case,
            forms=[ViolenceForm.PSYCHOLOGICAL],
            source=IncidentSource.SURVIVOR,
            narrative=f"{narrative} what happened",
        )
        self.canaries.append(
            Canary(
                narrative,
                f"incident narrative on {where}",
                FieldClass.DISCLOSURE,
                Place.ACCOUNT,
                case=case,
            )
        )
        if case.is_survivor_side:
            # Her safety plan says where she would go: her account, survivor side only.
            plan = safety.safety_plan_start(actor=actor, case=case)
            section = safety.plan_sections_ensure(
                actor=actor, organisation=case.team.service.organisation
            )[0]
            item = self.token("sp")
            safety.safety_plan_item_add(
                actor=actor,
                plan=plan,
                section=section,
                text=f"{item} go to her sister's",
                owner=ItemOwner.HER,
            )
            self.canaries.append(
                Canary(
                    item,
                    f"safety plan item on {where}",
                    FieldClass.DISCLOSURE,
                    Place.ACCOUNT,
                    case=case,
                )
            )
        # A task needs an assignee who works the team's cases; a team without one has none.
        assignee = case_workers(case.team).order_by("pk").first()
        if assignee is not None:
            title = self.token("tk")
            cases.task_add(
                actor=actor,
                case=case,
                title=f"{title} call back",
                due_on=timezone.localdate(),
                assignee=assignee,
            )
            self.canaries.append(
                Canary(
                    title,
                    f"task on {where}",
                    FieldClass.ADMINISTRATIVE,
                    Place.CASE_ADMIN,
                    case=case,
                )
            )


def _pick[T](items: list[T], index: int) -> T:
    return items[index % len(items)]


def _household(
    b: _Builder,
    number: int,
    plan: HouseholdPlan,
    adult_teams: list[Team],
    child_teams: list[Team],
    programme_teams: list[Team],
) -> Household:
    """One household: her records and cases, his new partner's, the children's and his."""
    her_first_team = _pick(adult_teams, plan.her_teams[0])
    household = people.household_create(
        actor=b.system, organisation=her_first_team.service.organisation
    )

    def member(person: Person, relationship: Relationship) -> None:
        people.household_member_add(
            actor=b.system, household=household, person=person, relationship=relationship
        )

    def open_case(person: Person, team: Team, kind: CaseKind, who: str, name: str = "") -> None:
        b.open_case(
            person,
            team,
            kind,
            who,
            household=household,
            key_worker_pick=plan.key_worker_pick,
            partner_name=name,
        )

    # An organisation keeps one record of her, however many of its teams work with her;
    # another organisation keeps its own.
    her_records: dict[int, Person] = {}
    for pick in plan.her_teams:
        team = _pick(adult_teams, pick)
        holder = team.service.organisation_id
        if holder not in her_records:
            her_records[holder] = b.person(team, f"survivor {number}")
            member(her_records[holder], Relationship.SURVIVOR)
        if not Case.objects.filter(person=her_records[holder], team=team).exists():
            kind = ADULT_CASE_KINDS[ServiceKind(team.service.kind)]
            open_case(her_records[holder], team, kind, f"survivor {number}")

    if plan.new_partner_team is not None:
        team = _pick(adult_teams, plan.new_partner_team)
        partner_who = f"new partner {number}"
        partner = b.person(team, partner_who)
        member(partner, Relationship.NEW_PARTNER)
        open_case(partner, team, ADULT_CASE_KINDS[ServiceKind(team.service.kind)], partner_who)

    for child_number, pick in enumerate(plan.children):
        who = f"child {child_number} of household {number}"
        # A child with no case of her own is held by her mother's first service.
        team = her_first_team if pick is None else _pick(child_teams, pick)
        child = b.person(team, who)
        member(child, Relationship.CHILD)
        if pick is not None:
            open_case(child, team, CaseKind.CHILD, who)

    # His record: held by the programme that works with him, or (no programme case) by her
    # service, which reaches it through no case at all.
    his_team = None if plan.his_team is None else _pick(programme_teams, plan.his_team)
    who = f"man of household {number}"
    man = b.person(his_team or her_first_team, who)
    member(man, Relationship.PERSON_USING_VIOLENCE)
    if his_team is not None:
        partner_name = b.token("pn") if plan.he_named_her else ""
        open_case(man, his_team, CaseKind.PERPETRATOR_PROGRAMME, who, partner_name)
    return household


def build(plan: WorldPlan) -> World:
    b = _Builder()
    system = b.system
    services: list[Service] = []
    teams: list[Team] = []
    for number, service_plans in enumerate(plan.organisations):
        organisation = accounts.organisation_create(
            actor=system,
            name=f"Organisation {number}",
            slug=f"org-{number}",
            country="ES",
            languages=["es", "en"],
        )
        for index, (kind, team_count) in enumerate(service_plans):
            address = b.token("sv")
            service = accounts.service_create(
                actor=system,
                organisation=organisation,
                name=f"Service {index}",
                kind=kind,
                confidential_address=address,
            )
            services.append(service)
            b.canaries.append(
                Canary(
                    address,
                    f"confidential address of service {service.pk} ({kind})",
                    FieldClass.LOCATION,
                    Place.SERVICE,
                    service=service,
                )
            )
            teams += [
                accounts.team_create(actor=system, service=service, name=f"Team {team_number}")
                for team_number in range(team_count)
            ]

    users: list[User] = []
    memberships: dict[int, list[Membership]] = {b.clerk.pk: []}
    for number, wanted in enumerate(plan.users):
        roles = sorted({(_pick(teams, pick), role) for pick, role in wanted}, key=str)
        user = accounts.user_create(
            actor=system,
            username=f"user{number}",
            email="",
            password=None,
            # An organisation admin works in the admin screens.
            is_staff=any(role == Role.ADMIN for _, role in roles),
        )
        memberships[user.pk] = [
            accounts.membership_create(actor=system, user=user, team=team, role=role)
            for team, role in roles
        ]
        users.append(user)
    if plan.superuser:
        operator = accounts.user_create(
            actor=system, username="operator", email="", password=None, is_staff=True
        )
        operator.is_superuser = True
        operator.save(update_fields=["is_superuser"])
        memberships[operator.pk] = []
        users.append(operator)
    users.append(b.clerk)
    for user in users:
        # client_for's session counts as past the second factor only for a user who has one.
        accounts.user_totp_enrol(actor=system, user=user)

    # The first organisation runs survivor support and the second a programme (world_plans),
    # so none of these lists is empty.
    adult_teams = [t for t in teams if t.service.kind in ADULT_CASE_KINDS]
    child_teams = [t for t in teams if t.service.kind in CHILD_CASE_SERVICES]
    programme_teams = [t for t in teams if t.service.kind in PROGRAMME_SERVICES]

    households = [
        _household(b, number, plan_of, adult_teams, child_teams, programme_teams)
        for number, plan_of in enumerate(plan.households)
    ]

    return World(
        users=users,
        memberships=memberships,
        services=services,
        teams=teams,
        people=b.people,
        households=households,
        cases=b.cases,
        canaries=b.canaries,
        dates_of_birth=b.born,
    )
