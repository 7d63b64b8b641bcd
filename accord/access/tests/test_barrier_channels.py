"""The information barrier through every channel, over generated worlds (issue 4, item 6).

test_barrier_properties.py checks the access module itself; this walks what users actually
receive. Hypothesis generates organisations, services, teams, users with random roles,
households and cases with their notes, incidents, tasks and safety plans
(accord/access/tests/worlds.py), every sensitive value a unique canary. For each user the
expected reads are computed from the specification — docs/product.md §4's "which records a user
reaches", written out here from the document, and the field rules of
`accord.access.fields.RULES` — and then every channel is fetched as her: the pages (caseload,
every case, the household panel, the safety plan, the person search, the address reveal), the
API (cases and their incidents, notes, tasks and safety plan, persons, households, the
directory), the DPO's exports (subject access, audit log) and the admin. A canary she may not
read freely, found anywhere in a response's bytes, is a leak; a case she may not reach must
answer 404.
"""

import dataclasses
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib import admin
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

from accord.access import policy, registry
from accord.access.fields import FieldClass as F
from accord.access.fields import Grant, RecordKind, Relation, Rule, conditional, rule_for
from accord.access.policy import CaseAccess, case_accesses
from accord.access.tests.worlds import (
    CANARY_PATTERN,
    REFERENCE_PATTERN,
    Canary,
    HouseholdPlan,
    Place,
    World,
    WorldPlan,
    build,
    world_plans,
)
from accord.accounts.models import Role, ServiceKind, User
from accord.cases import selectors
from accord.cases.models import Case, CaseKind
from accord.people import subject_access
from accord.people.models import Household, Person
from accord.testing import client_for, reauthenticate

# docs/product.md §4, "Which records a user reaches": the roles that work their teams' cases.
# Not the community mentor: her team opens no case to her (docs/decisions/0073).
CASEWORK_ROLES = {Role.CASEWORKER, Role.FACILITATOR, Role.COORDINATOR}
# The rule table's one conditional cell a reader meets on a case: a partner-support worker reads
# "her own notes", which this product takes to be the records of her own case (the only case the
# relation reaches). Matched by its text, so that a changed cell fails here, not silently.
OWN_NOTES = conditional("✔ own notes")
# How many rows of each registered model the admin walk opens: the changelist shows them all,
# a change page adds the form (and costs most of the walk's time).
ADMIN_ROWS = 1
REASON = "Arranging a safe visit"  # a reveal's or an export's reason


class Leak(AssertionError):
    """A response carried a value its reader may not read freely."""


# --- the specification --------------------------------------------------------------------------


def spec_relation(world: World, user: User, case: Case) -> Relation | None:
    """How `user` reaches `case`, from docs/product.md §4 rather than from the access module: the
    owning side (her team's casework roles, the managers of its service, the key worker), by
    the case's kind; the DPO of the owning organisation; nobody else — no superuser, no admin,
    no analyst, no team across the barrier, no household link."""
    memberships = world.memberships[user.pk]
    owning = (
        case.key_worker_id == user.pk
        or any(m.team_id == case.team_id and m.role in CASEWORK_ROLES for m in memberships)
        or any(
            m.role == Role.MANAGER and m.team.service_id == case.team.service_id
            for m in memberships
        )
    )
    if owning:
        if case.kind == CaseKind.PERPETRATOR_PROGRAMME:
            return Relation.PROGRAMME_TEAM
        if case.kind == CaseKind.PARTNER_SUPPORT:
            return Relation.PARTNER_SUPPORT
        return Relation.OWNING_TEAM
    organisation_id = case.team.service.organisation_id
    if any(
        m.role == Role.DPO and m.team.service.organisation_id == organisation_id
        for m in memberships
    ):
        return Relation.DPO
    return None


def record_kind(case: Case) -> RecordKind:
    if case.kind == CaseKind.PERPETRATOR_PROGRAMME:
        return RecordKind.PERSON_USING_VIOLENCE
    return RecordKind.PERSON_AT_RISK


def rule(case: Case, field_class: F, relation: Relation | None) -> Rule:
    return rule_for(record_kind(case), field_class, relation)


def readable_through(case: Case, relation: Relation | None, canary: Canary) -> bool:
    """Whether the rule table lets a reader with `relation` to `case` read `canary` freely
    (grant ALLOW) there. Reveal-only and on-request values are never read freely."""
    on_this_case = canary.case == case or (
        canary.place is Place.PERSON and canary.person == case.person
    )
    if not on_this_case or relation is None:
        return False
    cell = rule(case, canary.field_class, relation)
    if canary.place is Place.ACCOUNT and cell == OWN_NOTES:
        return True
    return cell.grant is Grant.ALLOW


@dataclass
class Reader:
    """One user of a world: what the specification lets her read, and her signed-in client."""

    world: World
    user: User
    client: Client
    relations: dict[int, Relation | None]  # case pk → how she reaches it
    # Canaries found in responses of the free channels (not the reveal, not the export).
    seen: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, world: World, user: User) -> "Reader":
        relations = {case.pk: spec_relation(world, user, case) for case in world.cases}
        return cls(world=world, user=user, client=client_for(user), relations=relations)

    @property
    def reached(self) -> list[Case]:
        return [case for case in self.world.cases if self.relations[case.pk] is not None]

    def through(self, cases: Iterable[Case]) -> set[str]:
        """The canaries she reads freely through any of `cases`."""
        return {
            canary.value
            for case in cases
            for canary in self.world.canaries
            if readable_through(case, self.relations[case.pk], canary)
        }

    def references(self) -> set[str]:
        """Her cases' references: listed and linked wherever she is (caseload, household)."""
        return {case.reference for case in self.reached}

    def anywhere(self) -> set[str]:
        """Everything she reads freely: through her cases, and of the services."""
        staff_of = {m.team.service_id for m in self.world.memberships[self.user.pk]}
        services = {
            canary.value
            for canary in self.world.canaries
            if canary.service is not None
            and rule_for(
                RecordKind.SERVICE,
                canary.field_class,
                Relation.SERVICE_STAFF
                if canary.service.pk in staff_of
                else Relation.ANYONE_SIGNED_IN,
            ).grant
            is Grant.ALLOW
        }
        return self.through(self.world.cases) | services

    def is_dpo_of(self, organisation_id: int) -> bool:
        return any(
            m.role == Role.DPO and m.team.service.organisation_id == organisation_id
            for m in self.world.memberships[self.user.pk]
        )

    def works_cases(self) -> bool:
        return any(
            m.role in CASEWORK_ROLES | {Role.MANAGER} for m in self.world.memberships[self.user.pk]
        )

    def describe(self) -> str:
        roles = ", ".join(
            f"{m.role} in team {m.team_id} ({m.team.service.kind}, "
            f"organisation {m.team.service.organisation_id})"
            for m in self.world.memberships[self.user.pk]
        )
        extra = " superuser" if self.user.is_superuser else ""
        return f"{self.user.username}{extra} [{roles or 'no membership'}]"

    # --- fetching -------------------------------------------------------------------------------

    def fetch(
        self,
        method: str,
        url: str,
        *,
        allowed: set[str],
        status: int | None = None,
        free: bool = True,
        **kwargs: Any,
    ) -> tuple[HttpResponse, set[str]]:
        """Fetch `url` as her and fail on any canary outside `allowed`; then on a status other
        than `status`. The bytes are checked first, so a leak is named even on a wrong status."""
        response = getattr(self.client, method)(url, **kwargs)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        found = found_in(self.world, content)
        # What she put in the URL herself may come back (a 404 page, a form's "next" field).
        leaked = found - allowed - found_in(self.world, url.encode())
        if leaked:
            raise Leak(
                f"{self.describe()} read, through {method.upper()} {url} "
                f"({response.status_code}): "
                + "; ".join(repr(self.world.by_value[value]) for value in sorted(leaked))
            )
        if free:
            self.seen |= found
        if status is not None:
            assert response.status_code == status, (
                f"{self.describe()}: {method.upper()} {url} answered {response.status_code}, "
                f"not {status}"
            )
        return response, found


def found_in(world: World, content: bytes) -> set[str]:
    text = content.decode("utf-8", errors="replace")
    found = set(CANARY_PATTERN.findall(text.lower())) | set(REFERENCE_PATTERN.findall(text))
    return found & world.by_value.keys()


# --- the channels -------------------------------------------------------------------------------


def walk_pages(reader: Reader) -> None:
    """The HTML pages: dashboard, directory and services, caseload, every case (404 where she
    has no reach) with its household panel and safety plan, the address reveal, the person
    search."""
    everywhere = reader.anywhere()
    reader.fetch("get", "/", allowed=everywhere, status=200)
    reader.fetch("get", "/organisation/", allowed=everywhere, status=200)
    for service in reader.world.services:
        reader.fetch("get", f"/organisation/services/{service.pk}/", allowed=everywhere, status=200)
    _, listed = reader.fetch("get", "/cases/?scope=all", allowed=everywhere, status=200)
    assert reader.references() <= listed, f"{reader.describe()}: the caseload misses cases"

    references = reader.references()
    reauthenticate(reader.client, reader.user)
    # One reveal per reader shows the address can be found; the other cases' pages are the
    # same page without it.
    revealed = False
    for case in reader.world.cases:
        relation = reader.relations[case.pk]
        page = f"/cases/{case.reference}/"
        reveal = f"{page}reveal-address/"
        if relation is None:
            reader.fetch("get", page, allowed=everywhere, status=404)
            reader.fetch("get", f"{page}safety-plan/", allowed=everywhere, status=404)
            reader.fetch("post", reveal, data={"reason": REASON}, allowed=everywhere, status=404)
            continue
        # Her case page: what this case's rules show, and links to the other cases she reaches
        # (the household panel).
        allowed = reader.through([case]) | references
        reader.fetch("get", page, allowed=allowed, status=200)
        # Her safety plan: a page of its own (404 to whoever does not read it).
        reader.fetch("get", f"{page}safety-plan/", allowed=allowed)
        if rule(case, F.LOCATION, relation).grant is not Grant.REVEAL:
            reader.fetch("post", reveal, data={"reason": REASON}, allowed=allowed, status=404)
            continue
        if revealed:
            continue
        revealed = True
        address = reader.world.person_canary(case.person, "real_address").value
        _, shown = reader.fetch(
            "post",
            reveal,
            data={"reason": REASON},
            allowed=allowed | {address},
            status=200,
            free=False,
        )
        # The canary is there to be found: the reveal shows it (so its absence elsewhere means
        # something).
        assert address in shown, (
            f"{reader.describe()}: the reveal of {case.reference} showed nothing"
        )

    # To someone who does not work cases the search is not there; one try shows it.
    searched = reader.world.people if reader.works_cases() else reader.world.people[:1]
    for person in searched:
        given = reader.world.person_canary(person, "given_name").value
        family = reader.world.person_canary(person, "family_name").value
        reader.fetch(
            "post",
            "/people/search/",
            data={
                "given_name": given,
                "family_name": family,
                "date_of_birth": reader.world.dates_of_birth[person.pk].isoformat(),
            },
            # She typed the name herself: the form shows it back to her.
            allowed=everywhere | {given, family},
            status=200 if reader.works_cases() else 404,
            free=False,
        )


def walk_api(reader: Reader) -> None:
    """The API: case list and detail, each case's incidents, notes, tasks and safety plan,
    persons, households, and the directory endpoints."""
    everywhere = reader.anywhere()
    for url in ["/api/v1/organisations/", "/api/v1/services/", "/api/v1/teams/"]:
        reader.fetch("get", url, allowed=everywhere, status=200)
    # Persons and households have no list: whatever the answer, it carries nothing.
    for url in ["/api/v1/persons/", "/api/v1/households/"]:
        reader.fetch("get", url, allowed=everywhere)
    _, listed = reader.fetch("get", "/api/v1/cases/", allowed=everywhere, status=200)
    assert reader.references() <= listed, f"{reader.describe()}: the API list misses cases"

    for number, case in enumerate(reader.world.cases):
        base = f"/api/v1/cases/{case.reference}/"
        children = [f"{base}incidents/", f"{base}notes/", f"{base}tasks/", f"{base}safety-plan/"]
        if reader.relations[case.pk] is None:
            # Out of her reach: the case and, in turn from one case to the next, one of its
            # lists answer 404 (every list would cost most of the walk for the same answer).
            for url in [base, children[number % len(children)]]:
                reader.fetch("get", url, allowed=reader.anywhere(), status=404)
            continue
        for url in [base, *children[:3]]:
            reader.fetch("get", url, allowed=reader.through([case]), status=200)
        # Her safety plan and its items: 404 to whoever does not read it, and on his side.
        for url in [children[3], f"{children[3]}items/"]:
            reader.fetch("get", url, allowed=reader.through([case]))

    for person in reader.world.people:
        theirs = [case for case in reader.reached if case.person_id == person.pk]
        reader.fetch(
            "get",
            f"/api/v1/persons/{person.uid}/",
            allowed=reader.through(theirs),
            status=200 if theirs else 404,
        )
    for household in reader.world.households:
        theirs = [case for case in reader.reached if case.household_id == household.pk]
        reader.fetch(
            "get",
            f"/api/v1/households/{household.reference}/",
            allowed=reader.through(theirs),
            status=200 if theirs else 404,
        )


def subject_canaries(world: World, person: Person) -> set[str]:
    """Everything held on `person`: her record and her cases with what is in them."""
    return {
        canary.value
        for canary in world.canaries
        if canary.person == person or (canary.case is not None and canary.case.person == person)
    }


def walk_exports(reader: Reader) -> None:
    """The DPO's exports: the subject-access page and JSON export (her organisation's people
    only; the export carries the subject's own data and nobody else's), and the audit log's
    pages and CSV export. Everyone else gets 404."""
    everywhere = reader.anywhere()
    # Exports ask for a fresh re-authentication, as the reveal does.
    reauthenticate(reader.client, reader.user)
    is_dpo = any(m.role == Role.DPO for m in reader.world.memberships[reader.user.pk])
    # Someone who is DPO nowhere meets a 404 on any person; one try shows it. A DPO tries
    # everyone, other organisations' people included.
    for person in reader.world.people if is_dpo else reader.world.people[:1]:
        url = f"/people/{person.uid}/subject-access/"
        if not reader.is_dpo_of(person.organisation_id):
            reader.fetch("get", url, allowed=everywhere, status=404)
            continue
        # The page confirms the record by its cases' references, nothing of who she is.
        reader.fetch("get", url, allowed=reader.references(), status=200)
        # The export is the audited "on request" path: her data, and only hers — never that of
        # the other members of her household.
        own = subject_canaries(reader.world, person)
        response, found = reader.fetch(
            "post",
            url,
            data={"reason": REASON, "file_format": "json"},
            allowed=own,
            status=200,
            free=False,
        )
        exported = json.loads(response.content)
        assert exported["person"]["given_name"] in found
        query = f"?object_type=people.person&object_id={person.pk}"
        reader.fetch("get", f"/audit/record/{query}", allowed=everywhere, status=200)
        reader.fetch("get", f"/audit/record/export/{query}", allowed=everywhere, status=200)
    if not is_dpo:
        reader.fetch("get", "/audit/", allowed=everywhere, status=404)


def walk_admin(reader: Reader) -> None:
    """The admin: its index, and the changelist and first rows of every registered model. No
    person data at all, whoever signs in (an organisation admin, the platform operator)."""
    response, _ = reader.fetch("get", "/admin/", allowed=set())
    if response.status_code != 200:
        return
    request = RequestFactory().get("/admin/")
    request.user = reader.user
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        reader.fetch("get", changelist, allowed=set(), status=200)
        for pk in model_admin.get_queryset(request).values_list("pk", flat=True)[:ADMIN_ROWS]:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
            reader.fetch("get", change, allowed=set(), status=200)


CHANNELS: list[Callable[[Reader], None]] = [walk_pages, walk_api, walk_exports, walk_admin]


def walk(world: World, user: User) -> Reader:
    reader = Reader.of(world, user)
    # The access module must reach exactly the cases the document says.
    module = {pk: access.relation for pk, access in case_accesses(user, world.cases).items()}
    assert module == reader.relations, (
        f"{reader.describe()}: the code and docs/access-control.md disagree"
    )
    for channel in CHANNELS:
        channel(reader)
    return reader


# --- the property -------------------------------------------------------------------------------


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=world_plans)
def test_no_channel_shows_anyone_what_the_rule_table_forbids(db, plan: WorldPlan) -> None:
    with transaction.atomic():
        world = build(plan)
        seen: set[str] = set()
        for user in world.users:
            seen |= walk(world, user).seen
        # Not vacuous: every value someone may read freely was shown to someone, so the
        # canaries are where the pages and the API would print them.
        readable = set().union(*(Reader.of(world, user).anywhere() for user in world.users))
        missing = readable - seen
        assert not missing, [world.by_value[value] for value in sorted(missing)]
        transaction.set_rollback(True)


# --- the property can fail: planted leaks --------------------------------------------------------

SMALL_WORLD = WorldPlan(
    organisations=[
        [(ServiceKind.SURVIVOR_SUPPORT, 1)],
        [(ServiceKind.PERPETRATOR_PROGRAMME, 1)],
    ],
    # user0: her caseworker; user1: her organisation's DPO; user2: his facilitator;
    # user3: the programme's DPO.
    users=[[(0, Role.CASEWORKER)], [(0, Role.DPO)], [(1, Role.FACILITATOR)], [(1, Role.DPO)]],
    households=[
        HouseholdPlan(
            her_teams=[0],
            new_partner_team=None,
            children=[None],
            his_team=0,
            he_named_her=True,
            key_worker_pick=1,
        )
    ],
    superuser=False,
)


def _reads_everything(self: CaseAccess, field_class: F) -> bool:
    return self.relation is not None


def _every_case(user: Any) -> Any:
    return Case.objects.all() if policy.is_person(user) else Case.objects.none()


ORIGINAL_CASELOAD_ROWS = selectors.caseload_rows


def _caseload_with_phones(user: Any, cases: list[Case]) -> list[selectors.CaseloadRow]:
    return [
        dataclasses.replace(row, first_name=row.case.person.phone or "")
        for row in ORIGINAL_CASELOAD_ROWS(user, cases)
    ]


def _whole_household_export(person: Person) -> list[Case]:
    households = Household.objects.filter(memberships__person=person)
    return list(
        Case.objects.filter(household__in=households).prefetch_related(
            "incidents", "notes", "tasks"
        )
    )


@dataclass(frozen=True)
class Plant:
    reader: str  # the user of SMALL_WORLD who would see the leak
    apply: Callable[[pytest.MonkeyPatch], None]
    leak: str  # what the Leak must name


PLANTS = {
    # The access module lets a DPO read every field class of the cases she oversees.
    "reads": Plant(
        "user1",
        lambda mp: mp.setattr(CaseAccess, "reads", _reads_everything),
        r"(given_name|family_name|phone|email|safe_contact_times|substitute_address) of survivor",
    ),
    # The caseload prints the phone where the first name goes.
    "caseload": Plant(
        "user1",
        lambda mp: mp.setattr(selectors, "caseload_rows", _caseload_with_phones),
        "phone of survivor",
    ),
    # Case visibility forgets need to know: the facilitator reaches her case.
    "visibility": Plant(
        "user2",
        lambda mp: mp.setitem(
            registry._rules, Case, registry.RecordRule(model=Case, rows=_every_case)
        ),
        "survivor 0's case",
    ),
    # The subject-access export takes in the whole household: his export carries her file.
    "export": Plant(
        "user3",
        lambda mp: mp.setattr(subject_access, "_cases", _whole_household_export),
        "survivor 0's case",
    ),
}


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_a_planted_leak_is_caught(db, monkeypatch: pytest.MonkeyPatch, plant: str) -> None:
    planted = PLANTS[plant]
    world = build(SMALL_WORLD)
    user = next(u for u in world.users if u.username == planted.reader)
    walk(world, user)  # without the plant, her walk passes
    planted.apply(monkeypatch)
    with pytest.raises(Leak, match=planted.leak):
        for channel in CHANNELS:
            channel(Reader.of(world, user))
