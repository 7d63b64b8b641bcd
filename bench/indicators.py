"""Indicator benchmark: the network's incident indicators over many synthetic incidents, against
a hand-written SQL aggregate of the same figures on the same database.

    ACCORD_LOCAL_SECRETS=1 .venv/bin/python bench/indicators.py [--incidents 1000000]
    DATABASE_URL=postgres://… ACCORD_LOCAL_SECRETS=1 .venv/bin/python bench/indicators.py

What it does (docs/performance.md has the figures):

1. a fresh SQLite database in a temporary directory (or DATABASE_URL: a throwaway PostgreSQL
   database, which it empties with `flush`), migrated;
2. synthetic people, survivor cases and --incidents incidents over one year, written with
   bulk_create (encrypted fields encrypted as usual; no narratives), and one person in fifty
   with a withdrawn consent to statistics (left out of every figure);
3. for the year and for one quarter, each computation (accord.network.compute: incidents by
   GBVIMS type, incidents by form of violence) --repeat times, and the hand-written SQL giving
   the same numbers; the figures are compared (exit status 1 if they differ) and the median
   times and their ratio printed (the target is at most 1.5).

Synthetic data only; only the database is contacted; the temporary directory is removed.
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_INCIDENTS = 20_000_000
BATCH = 5000


def setup(database_url: str | None) -> Path | None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    temporary = None
    if not database_url:
        temporary = Path(tempfile.mkdtemp(prefix="accord-bench-indicators-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{temporary / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if database_url:
        call_command("flush", interactive=False, verbosity=0)
    return temporary


def seed(incidents: int, rng: random.Random) -> None:
    from django.db import transaction

    from accord.accounts import services as accounts
    from accord.accounts.models import ServiceKind
    from accord.audit.context import Actor
    from accord.cases.classification import classify_gbvims
    from accord.cases.models import Case, CaseKind, Incident, IncidentSource, ViolenceForm
    from accord.people.models import Consent, ConsentGiver, ConsentMethod, ConsentScope, Person
    from accord.testing import make_user

    actor = Actor.system()
    organisation = accounts.organisation_create(
        actor=actor, name="Bench", slug="bench", country="ES", languages=["en"]
    )
    service = accounts.service_create(
        actor=actor, organisation=organisation, name="S", kind=ServiceKind.SURVIVOR_SUPPORT
    )
    team = accounts.team_create(actor=actor, service=service, name="T")
    from accord.accounts.models import Role

    worker = make_user("bench-worker", team, Role.CASEWORKER, mfa=False)
    people = max(1, incidents // 4)
    forms = list(ViolenceForm)
    started = time.perf_counter()
    with transaction.atomic():
        Person.objects.bulk_create(
            (Person(organisation=organisation, given_name=f"P{n}") for n in range(people)),
            batch_size=BATCH,
        )
        person_ids = list(Person.objects.values_list("pk", flat=True))
        Case.objects.bulk_create(
            (
                Case(
                    reference=f"B-{pk}",
                    kind=CaseKind.SURVIVOR_SUPPORT,
                    person_id=pk,
                    team=team,
                    opened_on=datetime.date(2025, 1, 1),
                )
                for pk in person_ids
            ),
            batch_size=BATCH,
        )
        case_ids = list(Case.objects.values_list("pk", flat=True))
        Consent.objects.bulk_create(
            (
                Consent(
                    person_id=pk,
                    scope=ConsentScope.STATISTICS,
                    given_by=ConsentGiver.PERSON,
                    method=ConsentMethod.WRITTEN,
                    given_on=datetime.date(2024, 6, 1),
                    recorded_by=worker,
                    withdrawn_at=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC),
                    withdrawn_by=worker,
                )
                for pk in person_ids[::50]
            ),
            batch_size=BATCH,
        )

        def incident() -> Incident:
            chosen = sorted(set(rng.sample(forms, rng.choice([1, 1, 2, 3]))))
            penetration = ViolenceForm.SEXUAL in chosen and rng.random() < 0.5
            return Incident(
                case_id=rng.choice(case_ids),
                occurred_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365)),
                forms=chosen,
                penetration=penetration,
                gbvims_type=classify_gbvims(chosen, penetration=penetration),
                source=IncidentSource.SURVIVOR,
                recorded_by=worker,
            )

        for start in range(0, incidents, BATCH):
            Incident.objects.bulk_create(
                [incident() for _n in range(min(BATCH, incidents - start))], batch_size=BATCH
            )
    print(f"seeded {people} people, {incidents} incidents in {time.perf_counter() - started:.1f} s")


EXCLUDED = """
    SELECT p.id FROM people_person p
    WHERE EXISTS (SELECT 1 FROM people_consent w WHERE w.person_id = p.id
                  AND w.scope = 'statistics' AND w.withdrawn_at IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM people_consent v WHERE v.person_id = p.id
                  AND v.scope = 'statistics' AND v.withdrawn_at IS NULL AND v.given_on <= %s
                  AND (v.expires_on IS NULL OR v.expires_on >= %s))
"""


def sql_gbvims(start: datetime.date, end: datetime.date) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            # Constant SQL text (no input in it); the dates are parameters.
            f"""SELECT i.gbvims_type, COUNT(*) FROM cases_incident i
                JOIN cases_case c ON c.id = i.case_id
                WHERE i.occurred_on BETWEEN %s AND %s AND c.person_id NOT IN ({EXCLUDED})
                GROUP BY i.gbvims_type""",  # noqa: S608
            [start, end, end, end],
        )
        return dict(cursor.fetchall())


def sql_forms(start: datetime.date, end: datetime.date) -> dict:
    from django.db import connection

    each = (
        "jsonb_array_elements_text(i.forms::jsonb) AS f(value)"
        if connection.vendor == "postgresql"
        else "json_each(i.forms) AS f"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT f.value, COUNT(*) FROM cases_incident i
                JOIN cases_case c ON c.id = i.case_id, {each}
                WHERE i.occurred_on BETWEEN %s AND %s AND c.person_id NOT IN ({EXCLUDED})
                GROUP BY f.value""",  # noqa: S608
            [start, end, end, end],
        )
        return dict(cursor.fetchall())


def median_seconds(function, arguments: tuple, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _n in range(repeat):
        started = time.perf_counter()
        result = function(*arguments)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=14)
    arguments = parser.parse_args()
    incidents = min(max(1, arguments.incidents), MAX_INCIDENTS)
    temporary = setup(os.environ.get("DATABASE_URL"))
    try:
        from django.db import connection

        from accord.network.compute import incidents_by_form, incidents_gbvims
        from accord.network.periods import Period

        seed(incidents, random.Random(arguments.seed))  # noqa: S311 - synthetic data
        print(f"database: {connection.vendor}; repeat: {arguments.repeat} (median)")
        failed = False
        for period in (Period(2025), Period(2025, 3)):
            for name, ours, theirs in (
                ("incidents by GBVIMS type", incidents_gbvims, sql_gbvims),
                ("incidents by form of violence", incidents_by_form, sql_forms),
            ):
                mine, computed = median_seconds(ours, (period,), arguments.repeat)
                raw, expected = median_seconds(theirs, (period.start, period.end), arguments.repeat)
                same = {key[0]: n for key, n in computed.items() if n} == expected
                failed |= not same
                print(
                    f"{period!s:8} {name:32} Accord {mine:8.3f} s  SQL {raw:8.3f} s  "
                    f"ratio {mine / raw:5.2f}  {'same figures' if same else 'DIFFERENT FIGURES'}"
                )
        return 1 if failed else 0
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
