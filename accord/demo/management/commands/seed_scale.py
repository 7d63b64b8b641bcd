"""Synthetic casework at volume, for benchmarks (bench/caseload.py) and nothing else.

Rows are written with bulk_create in batches, which still goes through every field's
``pre_save``: encrypted columns are encrypted exactly as a service would encrypt them, the
blind index is computed, nothing security-related is switched off. What is skipped is the
per-row audit event: the run writes ONE event, "scale.seeded", saying how much synthetic data
it created. That is why this command refuses to run outside demo mode, like seed_demo: its
rows have no audit trail of their own and must never sit beside real people's.

``--incidents N`` adds N more incidents to the survivor-support cases, written by the database
itself (one ``INSERT … SELECT`` per million rows): the volume of the network's indicator
benchmark (bench/indicators.py, ten million incidents) in minutes rather than hours. These
incidents have no narrative (the only encrypted column of an incident), so nothing is written
unencrypted; their other columns are spread as the ORM-written ones.
"""

import datetime
import itertools
import json
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accord.accounts import services as accounts
from accord.accounts.models import Membership, Organisation, Role, Service, ServiceKind, Team, User
from accord.audit.context import Actor
from accord.audit.services import audit_event_record
from accord.cases.classification import classify_gbvims
from accord.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    ClosureReason,
    ContactType,
    Incident,
    IncidentSource,
    Note,
    NoteVisibility,
    ProtectionOrder,
    Task,
    ViolenceForm,
)
from accord.cases.services import REFERENCE_PREFIXES
from accord.core.references import new_reference
from accord.people.models import Gender, Household, HouseholdMember, Person, Relationship
from accord.people.services import name_dob_index

SLUG_PREFIX = "scale-"
BENCH_USERNAME = "scale-bench"

# Share of the cases by kind, and the service that holds each kind.
KIND_SHARES = {
    CaseKind.SURVIVOR_SUPPORT: 0.60,
    CaseKind.PERPETRATOR_PROGRAMME: 0.20,
    CaseKind.CHILD: 0.12,
    CaseKind.PARTNER_SUPPORT: 0.08,
}
# organisation slug, name, [(service name, kind, case kinds it holds)]
ORGANISATIONS = [
    (
        "scale-womens-aid-a",
        "Scale Women's Aid A (synthetic)",
        [
            ("Survivor Support", ServiceKind.SURVIVOR_SUPPORT, CaseKind.SURVIVOR_SUPPORT),
            ("Partner Support", ServiceKind.PARTNER_SUPPORT, CaseKind.PARTNER_SUPPORT),
        ],
    ),
    (
        "scale-womens-aid-b",
        "Scale Women's Aid B (synthetic)",
        [("Survivor Support", ServiceKind.SURVIVOR_SUPPORT, CaseKind.SURVIVOR_SUPPORT)],
    ),
    (
        "scale-change",
        "Scale Change Programme (synthetic)",
        [("Programme", ServiceKind.PERPETRATOR_PROGRAMME, CaseKind.PERPETRATOR_PROGRAMME)],
    ),
    (
        "scale-council",
        "Scale Council (synthetic)",
        [("Children's Services", ServiceKind.CHILDRENS_SERVICES, CaseKind.CHILD)],
    ),
]
# A team holds about this many cases, and a key worker about this many (of which, with the
# status mix below, about 40 are open): a realistic caseload for one worker and one team.
TEAM_CASES = 2000
WORKER_CASES = 60
STATUS_WEIGHTS = {CaseStatus.OPEN: 0.65, CaseStatus.ON_HOLD: 0.07, CaseStatus.CLOSED: 0.28}
RISK_LEVELS = ["high", "medium", "standard", ""]
RISK_WEIGHTS = [0.15, 0.3, 0.4, 0.15]
CLOSURE_REASONS = {
    CaseKind.PERPETRATOR_PROGRAMME: [
        ClosureReason.PROGRAMME_COMPLETED,
        ClosureReason.DROPPED_OUT,
        ClosureReason.EXCLUDED,
        ClosureReason.MOVED_AWAY,
    ],
    "default": [
        ClosureReason.SUPPORT_COMPLETED,
        ClosureReason.DISENGAGED,
        ClosureReason.MOVED_AWAY,
        ClosureReason.TRANSFERRED,
    ],
}
PROGRAMME_ROLE = {CaseKind.PERPETRATOR_PROGRAMME: Role.FACILITATOR}

# Made-up names and texts of realistic length (the cost of encryption depends on it).
GIVEN_NAMES = {
    Gender.WOMAN: [
        "Ada",
        "Bea",
        "Cleo",
        "Dana",
        "Edda",
        "Fern",
        "Gala",
        "Hana",
        "Iva",
        "Juna",
        "Kira",
        "Lena",
        "Mira",
        "Nola",
        "Oona",
        "Pia",
        "Rhea",
        "Suvi",
        "Tova",
        "Vera",
    ],
    Gender.MAN: [
        "Abe",
        "Bram",
        "Cal",
        "Dov",
        "Eli",
        "Finn",
        "Gus",
        "Hal",
        "Ivo",
        "Jed",
        "Kai",
        "Lev",
        "Milo",
        "Ned",
        "Otto",
        "Per",
        "Rex",
        "Sol",
        "Ted",
        "Vic",
    ],
}
FAMILY_NAMES = [
    "Synthetica",
    "Testwood",
    "Mockley",
    "Fakenham",
    "Dummer",
    "Proxby",
    "Stubbs",
    "Samplewell",
    "Exampleton",
    "Placemore",
    "Nullsworth",
    "Fixture",
    "Seedley",
]
STREETS = ["Synthetic Street", "Test Lane", "Benchmark Road", "Scale Avenue", "Load Close"]
NARRATIVES = [
    "He shouted at her in front of the children and broke the kitchen door.",
    "He took her bank card and gave her a small weekly allowance.",
    "Messages every few minutes all night, from several new accounts.",
    "He pushed her against the wall when she said she would leave.",
    "Her account, given at the second meeting, of the weekend at his parents' house.",
]
NOTE_TEXTS = [
    "Phone call: she is safe today; talked through the safety plan and the school run.",
    "Visit at the drop-in centre. Housing application started; next meeting in two weeks.",
    "Letter sent to the substitute address about the court hearing.",
    "Session attended; talked about responsibility and the effect on the children.",
    "Discussed the risk checklist; two new items since the last review.",
]
TASK_TITLES = [
    "Review the safety plan",
    "Call back about the housing application",
    "Send the court letter",
    "Book an interpreter for the next meeting",
    "Risk review after the new incident",
]
FORMS = list(ViolenceForm)
MAX_SQL_INCIDENTS = 20_000_000
SQL_BATCH = 1_000_000
# Multipliers that spread the n-th SQL incident over the cases, the days and the combinations
# of forms (coprime with any count used): a deterministic, even spread without random().
SPREAD_CASE, SPREAD_DAY, SPREAD_FORMS = 104_729, 7_919, 15_485_863


@dataclass
class TeamSlot:
    team: Team
    kind: CaseKind
    organisation_id: int
    workers: list[User] = field(default_factory=list)


@dataclass
class Locality:
    teams: dict[CaseKind, list[TeamSlot]]
    bench_user: User


class Command(BaseCommand):
    help = (
        "Create SYNTHETIC casework at volume for benchmarks: a locality of organisations whose "
        f"slugs start with '{SLUG_PREFIX}', their workers, and N cases with people, households, "
        "incidents, notes and tasks, written in bulk. Encryption and the blind index work as "
        "usual, but rows get no audit events of their own: the run writes one 'scale.seeded' "
        "event. Synthetic data only: refuses outside demo mode (ACCORD_DEBUG=1) unless --force, "
        f"and refuses a database already seeded. Also creates the benchmark user "
        f"'{BENCH_USERNAME}' (TOTP enrolled, no password): key worker of ~{WORKER_CASES} cases "
        f"in a team of ~{TEAM_CASES}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cases", type=int, default=1000, help="How many cases (default 1000)."
        )
        parser.add_argument(
            "--incidents",
            type=int,
            default=0,
            help="Also this many incidents on the survivor cases, written in SQL (default 0).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with ACCORD_DEBUG off (never on a database with real people).",
        )

    def handle(
        self,
        *args: object,
        cases: int,
        incidents: int,
        seed: int,
        force: bool,
        **options: object,
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_scale writes synthetic people without audit events of their own: it runs "
                "only in demo mode (ACCORD_DEBUG=1) or with --force."
            )
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        if not 0 <= incidents <= MAX_SQL_INCIDENTS:
            raise CommandError(f"--incidents must be between 0 and {MAX_SQL_INCIDENTS:,}.")
        if Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError(
                f"This database already holds the synthetic locality ('{SLUG_PREFIX}*'): "
                "seed a fresh database."
            )
        started = time.perf_counter()
        seeder = Seeder(
            cases=cases,
            rng=random.Random(seed),  # noqa: S311 - synthetic data
            out=self.stdout.write,
            sql_incidents=incidents,
        )
        counts = seeder.run()
        elapsed = time.perf_counter() - started
        self.stdout.write("")
        for label, count in counts.items():
            self.stdout.write(f"  {label:<18} {count:>9,}")
        self.stdout.write(f"Seeded {cases:,} synthetic cases in {elapsed:.1f} s.")
        self.stdout.write(f"Benchmark user: {BENCH_USERNAME} (sign in through a direct session).")


class Seeder:
    BATCH_CASES = 2000

    def __init__(
        self,
        *,
        cases: int,
        rng: random.Random,
        out: Callable[[str], object],
        sql_incidents: int = 0,
    ) -> None:
        self.n = cases
        self.sql_incidents = sql_incidents
        self.rng = rng
        self.out = out
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.counts: Counter[str] = Counter()
        self.references: set[str] = set()

    def say(self, message: str) -> None:
        self.out(message)

    @transaction.atomic
    def run(self) -> dict[str, int]:
        # One transaction: the rows and the event that records them commit together.
        if connection.vendor == "sqlite":
            # SQLite's default page cache (2 MB) is far smaller than the indexes this one
            # transaction builds (a random uid and reference per row): pages would spill to
            # the WAL and be read back again and again. A bigger cache for this connection
            # only; it changes speed, not what is written.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -1048576")  # KiB: up to 1 GiB
        clock = time.perf_counter()
        locality = self.create_locality()
        self.say(f"locality: {time.perf_counter() - clock:.1f} s")
        started = clock = time.perf_counter()
        done = reported = 0
        for batch in self.batches(self.plan()):
            self.write_batch(batch, locality)
            done += sum(len(unit) for unit in batch)
            if done - reported >= 20000 or done == self.n:
                now = time.perf_counter()
                self.say(
                    f"cases: {done:,}/{self.n:,} in {now - started:.0f} s "
                    f"({(done - reported) / (now - clock):,.0f} a second lately)"
                )
                clock, reported = now, done
        if self.sql_incidents:
            clock = time.perf_counter()
            self.write_sql_incidents(self.sql_incidents)
            self.say(
                f"incidents in SQL: {self.sql_incidents:,} in {time.perf_counter() - clock:.0f} s"
            )
        counts = {
            "organisations": Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count(),
            "teams": sum(len(teams) for teams in locality.teams.values()),
            "workers": self.counts["workers"],
            **{
                label: self.counts[label]
                for label in (
                    "people",
                    "households",
                    "household members",
                    "cases",
                    "incidents",
                    "notes",
                    "tasks",
                )
            },
        }
        audit_event_record(
            actor=Actor.system(),
            action="scale.seeded",
            reason="synthetic data for benchmarks, no per-row events: "
            + ", ".join(f"{count} {label}" for label, count in counts.items()),
        )
        return counts

    # --- the locality ---------------------------------------------------------------------------

    def create_locality(self) -> Locality:
        per_kind = self.cases_per_kind()
        teams: dict[CaseKind, list[TeamSlot]] = {kind: [] for kind in KIND_SHARES}
        # Teams of a kind are spread over the services holding that kind.
        services: dict[CaseKind, list[Service]] = {kind: [] for kind in KIND_SHARES}
        for slug, name, service_specs in ORGANISATIONS:
            organisation = Organisation.objects.create(
                name=name, slug=slug, country="GB", languages=["en"]
            )
            for service_name, service_kind, case_kind in service_specs:
                services[case_kind].append(
                    Service.objects.create(
                        organisation=organisation, name=service_name, kind=service_kind
                    )
                )
        new_teams = []
        for kind, count in per_kind.items():
            for index in range(max(1, round(count / TEAM_CASES))):
                service = services[kind][index % len(services[kind])]
                team = Team(service=service, name=f"{kind.label} team {index + 1:02d}")
                new_teams.append(team)
                teams[kind].append(TeamSlot(team, kind, service.organisation_id))
        Team.objects.bulk_create(new_teams)

        # The benchmark user works in the first survivor-support team, through the real
        # services (so her TOTP enrolment is a real one, and audited).
        actor = Actor.system()
        first = teams[CaseKind.SURVIVOR_SUPPORT][0]
        bench_user = accounts.user_create(
            actor=actor,
            username=BENCH_USERNAME,
            email=f"{BENCH_USERNAME}@scale.invalid",
            password=None,
            first_name="Bench",
            last_name="Worker",
        )
        accounts.membership_create(
            actor=actor, user=bench_user, team=first.team, role=Role.CASEWORKER
        )
        accounts.user_totp_enrol(actor=actor, user=bench_user)
        first.workers.append(bench_user)

        users, memberships = [], []
        for kind, kind_teams in teams.items():
            team_cases = per_kind[kind] / len(kind_teams)
            for number, entry in enumerate(kind_teams):
                wanted = max(1, round(team_cases / WORKER_CASES)) - len(entry.workers)
                for index in range(wanted):
                    user = User(
                        username=f"scale-{kind.value[:2]}{number + 1:02d}-{index + 1:03d}",
                        email="",
                        first_name="Synthetic",
                        last_name=f"Worker {number + 1}.{index + 1}",
                    )
                    user.set_unusable_password()
                    users.append(user)
                    entry.workers.append(user)
                    memberships.append(
                        (user, entry.team, PROGRAMME_ROLE.get(kind, Role.CASEWORKER))
                    )
        User.objects.bulk_create(users, batch_size=1000)
        Membership.objects.bulk_create(
            [Membership(user=user, team=team, role=role) for user, team, role in memberships],
            batch_size=1000,
        )
        self.counts["workers"] = len(users) + 1
        for prefix in REFERENCE_PREFIXES.values():
            self.references.update(
                Case.objects.filter(reference__startswith=prefix).values_list(
                    "reference", flat=True
                )
            )
        self.references.update(Household.objects.values_list("reference", flat=True))
        return Locality(teams=teams, bench_user=bench_user)

    def cases_per_kind(self) -> dict[CaseKind, int]:
        per_kind = {kind: round(share * self.n) for kind, share in KIND_SHARES.items()}
        per_kind[CaseKind.SURVIVOR_SUPPORT] += self.n - sum(per_kind.values())
        return per_kind

    # --- the plan: which cases share a household ------------------------------------------------

    def plan(self) -> list[list[tuple[CaseKind, Relationship | None]]]:
        """Units of cases written together: a household's cases, or one case on its own.

        Half the men on the programme share a household with a survivor (her case at a
        women's service, his at the programme: the two sides of the barrier), some with a
        child's case and some with a new partner in partner support.
        """
        left = dict(self.cases_per_kind())
        units: list[list[tuple[CaseKind, Relationship | None]]] = []

        def take(kind: CaseKind) -> bool:
            if left[kind] > 0:
                left[kind] -= 1
                return True
            return False

        rng = self.rng
        while left[CaseKind.PERPETRATOR_PROGRAMME] > 0 and left[CaseKind.SURVIVOR_SUPPORT] > 0:
            take(CaseKind.PERPETRATOR_PROGRAMME)
            if rng.random() >= 0.5:
                units.append([(CaseKind.PERPETRATOR_PROGRAMME, None)])
                continue
            take(CaseKind.SURVIVOR_SUPPORT)
            unit = [
                (CaseKind.SURVIVOR_SUPPORT, Relationship.SURVIVOR),
                (CaseKind.PERPETRATOR_PROGRAMME, Relationship.PERSON_USING_VIOLENCE),
            ]
            if rng.random() < 0.4 and take(CaseKind.CHILD):
                unit.append((CaseKind.CHILD, Relationship.CHILD))
            if rng.random() < 0.25 and take(CaseKind.PARTNER_SUPPORT):
                unit.append((CaseKind.PARTNER_SUPPORT, Relationship.NEW_PARTNER))
            units.append(unit)
        while (
            left[CaseKind.CHILD] > 0 and left[CaseKind.SURVIVOR_SUPPORT] > 0 and rng.random() < 0.5
        ):
            take(CaseKind.CHILD)
            take(CaseKind.SURVIVOR_SUPPORT)
            units.append(
                [
                    (CaseKind.SURVIVOR_SUPPORT, Relationship.SURVIVOR),
                    (CaseKind.CHILD, Relationship.CHILD),
                ]
            )
        for kind, count in left.items():
            units.extend([(kind, None)] for _ in range(count))
        rng.shuffle(units)
        return units

    def batches(self, units: list) -> Iterator[list]:
        batch, size = [], 0
        for unit in units:
            batch.append(unit)
            size += len(unit)
            if size >= self.BATCH_CASES:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    # --- the rows -------------------------------------------------------------------------------

    def reference(self, prefix: str) -> str:
        while (reference := new_reference(prefix)) in self.references:
            pass
        self.references.add(reference)
        return reference

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def time_on(self, day: datetime.date) -> datetime.datetime:
        moment = timezone.make_aware(
            datetime.datetime.combine(
                day, datetime.time(self.rng.randint(8, 18), self.rng.randint(0, 59))
            )
        )
        return min(moment, self.now)

    def person(self, kind: CaseKind, organisation_id: int, survivor_side: bool) -> Person:
        rng = self.rng
        if kind == CaseKind.PERPETRATOR_PROGRAMME:
            gender = Gender.MAN
        elif kind == CaseKind.CHILD:
            gender = rng.choice([Gender.WOMAN, Gender.MAN])
        else:
            gender = Gender.WOMAN
        given = rng.choice(GIVEN_NAMES[gender])
        family = rng.choice(FAMILY_NAMES)
        if kind == CaseKind.CHILD:
            born = self.today - datetime.timedelta(days=rng.randint(365, 17 * 365))
        else:
            born = self.today - datetime.timedelta(days=rng.randint(18 * 365, 70 * 365))
        person = Person(
            organisation_id=organisation_id,
            given_name=given,
            family_name=family,
            date_of_birth=born,
            gender=gender if kind != CaseKind.CHILD else Gender.NOT_STATED,
            languages=["en"]
            if rng.random() < 0.8
            else ["en", rng.choice(["es", "it", "el", "sv"])],
            phone=f"07700 9{rng.randint(0, 99999):05d}" if kind != CaseKind.CHILD else None,
        )
        if survivor_side and kind != CaseKind.CHILD:
            person.real_address = (
                f"{rng.randint(1, 200)} {rng.choice(STREETS)}, Scaletown ST{rng.randint(1, 9)}"
            )
            person.substitute_address = f"PO Box {rng.randint(1, 999)}, Scaletown ST0"
            person.safe_contact_times = "Weekday mornings"
        person.name_dob_index = name_dob_index(given, family, born)
        return person

    def write_batch(self, batch: list, locality: Locality) -> None:
        rng = self.rng
        people: list[Person] = []
        households: list[Household | None] = []
        team_of: list[TeamSlot] = []
        for unit in batch:
            household = None
            teams_in_unit = [self.pick_team(locality, kind) for kind, _ in unit]
            if unit[0][1] is not None:
                household = Household(
                    reference=self.reference("HH"),
                    created_by_organisation_id=teams_in_unit[0].organisation_id,
                )
            for (kind, _), team in zip(unit, teams_in_unit, strict=True):
                people.append(
                    self.person(kind, team.organisation_id, kind != CaseKind.PERPETRATOR_PROGRAMME)
                )
                households.append(household)
                team_of.append(team)
        Person.objects.bulk_create(people, batch_size=1000)
        Household.objects.bulk_create(
            {id(h): h for h in households if h is not None}.values(), batch_size=1000
        )
        relationships = [relationship for unit in batch for _, relationship in unit]
        members = [
            HouseholdMember(
                household_id=household.pk, person_id=person.pk, relationship=relationship
            )
            for person, household, relationship in zip(
                people, households, relationships, strict=True
            )
            if household is not None
        ]
        HouseholdMember.objects.bulk_create(members, batch_size=1000)

        cases = []
        for person, household, team in zip(people, households, team_of, strict=True):
            cases.append(self.case(person, household, team))
        Case.objects.bulk_create(cases, batch_size=1000)

        incidents, notes, tasks = [], [], []
        for case, team in zip(cases, team_of, strict=True):
            workers = team.workers
            until = case.closed_on or self.today
            most = 2 if case.kind == CaseKind.PERPETRATOR_PROGRAMME else 5
            for _ in range(rng.randint(0, most)):
                incidents.append(self.incident(case, case.key_worker_id or rng.choice(workers).pk))
            for _ in range(rng.randint(0, 5)):
                author = case.key_worker_id or rng.choice(workers).pk
                visibility = (
                    NoteVisibility.DISCLOSURE
                    if rng.random() < 0.6
                    else NoteVisibility.ADMINISTRATIVE
                )
                notes.append(
                    Note(
                        case_id=case.pk,
                        contact_type=rng.choice(list(ContactType)),
                        visibility=visibility,
                        text=rng.choice(NOTE_TEXTS),
                        author_id=author,
                        written_at=self.time_on(self.day_between(case.opened_on, until)),
                    )
                )
            for _ in range(rng.randint(0, 5)):
                assignee = case.key_worker_id or rng.choice(workers).pk
                due = case.opened_on + datetime.timedelta(days=rng.randint(3, 150))
                done = case.status == CaseStatus.CLOSED or (due < self.today and rng.random() < 0.8)
                tasks.append(
                    Task(
                        case_id=case.pk,
                        title=rng.choice(TASK_TITLES),
                        due_on=due,
                        assignee_id=assignee,
                        created_by_id=assignee,
                        done_at=self.time_on(min(due, until)) if done else None,
                    )
                )
        Incident.objects.bulk_create(incidents, batch_size=1000)
        Note.objects.bulk_create(notes, batch_size=1000)
        Task.objects.bulk_create(tasks, batch_size=1000)
        self.counts.update(
            {
                "people": len(people),
                "households": len({id(h) for h in households if h is not None}),
                "household members": len(members),
                "cases": len(cases),
                "incidents": len(incidents),
                "notes": len(notes),
                "tasks": len(tasks),
            }
        )

    def pick_team(self, locality: Locality, kind: CaseKind) -> TeamSlot:
        # Round robin: teams of a kind get the same number of cases.
        teams = locality.teams[kind]
        index = self.counts[f"team:{kind}"]
        self.counts[f"team:{kind}"] += 1
        return teams[index % len(teams)]

    def case(self, person: Person, household: Household | None, team: TeamSlot) -> Case:
        rng = self.rng
        kind = team.kind
        opened = self.today - datetime.timedelta(days=rng.randint(0, 3 * 365))
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        closed_on, reason = None, ""
        if status == CaseStatus.CLOSED:
            closed_on = self.day_between(opened, self.today)
            reason = rng.choice(CLOSURE_REASONS.get(kind, CLOSURE_REASONS["default"]))
        # One in twenty cases waits for a key worker.
        key_worker = rng.choice(team.workers).pk if rng.random() >= 0.05 else None
        return Case(
            reference=self.reference(REFERENCE_PREFIXES[kind]),
            kind=kind,
            person_id=person.pk,
            household_id=household.pk if household is not None else None,
            team_id=team.team.pk,
            key_worker_id=key_worker,
            status=status,
            closure_reason=reason,
            opened_on=opened,
            closed_on=closed_on,
            risk_level=(
                rng.choices(RISK_LEVELS, weights=RISK_WEIGHTS)[0]
                if kind != CaseKind.PERPETRATOR_PROGRAMME
                else ""
            ),
            partner_first_name_as_given=(
                rng.choice(GIVEN_NAMES[Gender.WOMAN])
                if kind == CaseKind.PERPETRATOR_PROGRAMME
                else None
            ),
        )

    def incident(self, case: Case, recorder: int) -> Incident:
        rng = self.rng
        forms = rng.sample(FORMS, k=rng.choice([1, 1, 2, 2, 3]))
        penetration = ViolenceForm.SEXUAL in forms and rng.random() < 0.5
        return Incident(
            case_id=case.pk,
            occurred_on=self.day_between(
                case.opened_on - datetime.timedelta(days=180), case.opened_on
            ),
            date_is_approximate=rng.random() < 0.2,
            forms=sorted(forms),
            penetration=penetration,
            gbvims_type=classify_gbvims(forms, penetration=penetration),
            injuries=rng.random() < 0.3,
            weapons=rng.random() < 0.1,
            children_present=rng.random() < 0.3,
            police_called=rng.random() < 0.4,
            protection_order=rng.choice(list(ProtectionOrder)),
            source=rng.choice(list(IncidentSource)),
            narrative=rng.choice(NARRATIVES) if rng.random() < 0.8 else None,
            recorded_by_id=recorder,
        )

    # --- incidents in SQL -------------------------------------------------------------------------

    def write_sql_incidents(self, total: int) -> None:
        """`total` incidents over the survivor cases and the two years before today, each a
        combination of one to three forms classified as the services classify it."""
        cases = list(
            Case.objects.filter(kind=CaseKind.SURVIVOR_SUPPORT)
            .exclude(key_worker=None)
            .order_by("pk")
            .values_list("pk", "key_worker_id")
        )
        if not cases:
            return
        combos = []
        for size in (1, 2, 3):
            for chosen in itertools.combinations(sorted(FORMS), size):
                for penetration in (False, True) if ViolenceForm.SEXUAL in chosen else (False,):
                    kind = classify_gbvims(chosen, penetration=penetration)
                    combos.append((json.dumps(list(chosen)), penetration, kind))
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            for table in ("scale_case", "scale_combo"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")  # fixed names
            cursor.execute(
                "CREATE TEMPORARY TABLE scale_case "
                "(n integer PRIMARY KEY, case_id integer, recorder_id integer)"
            )
            cursor.execute(
                "CREATE TEMPORARY TABLE scale_combo "
                "(n integer PRIMARY KEY, forms text, penetration boolean, gbvims_type text)"
            )
            cursor.executemany(
                "INSERT INTO scale_case VALUES (%s, %s, %s)",
                [(n, pk, worker) for n, (pk, worker) in enumerate(cases)],
            )
            cursor.executemany(
                "INSERT INTO scale_combo VALUES (%s, %s, %s, %s)",
                [(n, *combo) for n, combo in enumerate(combos)],
            )
            if postgres:
                series = "generate_series(CAST(%s AS bigint), CAST(%s AS bigint)) AS s(x)"
                uid, forms = "gen_random_uuid()", "m.forms::jsonb"
                day = "CAST(%s AS date) - CAST((s.x * {day}) %% 730 AS integer)"
            else:
                series = (
                    "(WITH RECURSIVE r(x) AS (SELECT %s UNION ALL SELECT x + 1 FROM r "
                    "WHERE x < %s) SELECT x FROM r) AS s"
                )
                uid, forms = "lower(hex(randomblob(16)))", "m.forms"
                day = "date(%s, '-' || ((s.x * {day}) %% 730) || ' days')"
            # Constant SQL text (no input in it); the numbers and the day are parameters.
            statement = f"""
                INSERT INTO cases_incident (uid, case_id, occurred_on, date_is_approximate,
                    forms, penetration, gbvims_type, injuries, weapons, strangulation,
                    children_present, police_called, protection_order, source, narrative,
                    recorded_by_id, recorded_at)
                SELECT {uid}, c.case_id, {day.format(day=SPREAD_DAY)}, (s.x %% 5 = 0),
                    {forms}, m.penetration, m.gbvims_type, (s.x %% 3 = 0), (s.x %% 10 = 0),
                    (s.x %% 20 = 0), (s.x %% 3 = 1), (s.x %% 5 < 2), 'none', 'survivor', NULL,
                    c.recorder_id, CURRENT_TIMESTAMP
                FROM {series}
                JOIN scale_case c ON c.n = (s.x * {SPREAD_CASE}) %% {len(cases)}
                JOIN scale_combo m ON m.n = (s.x * {SPREAD_FORMS}) %% {len(combos)}
            """  # noqa: S608
            for start in range(0, total, SQL_BATCH):
                end = min(total, start + SQL_BATCH) - 1
                # The day comes first in the text (the SELECT list), then the series' bounds.
                cursor.execute(statement, [self.today, start, end])
                self.say(f"incidents in SQL: {end + 1:,}/{total:,}")
            for table in ("scale_case", "scale_combo"):
                cursor.execute(f"DROP TABLE {table}")  # fixed names
        self.counts["incidents"] += total
