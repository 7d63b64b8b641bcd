"""Indicator benchmark: the network's incident indicators over many synthetic incidents, against
a hand-written SQL aggregate of the same figures on the same database.

    ACCORD_LOCAL_SECRETS=1 .venv/bin/python bench/indicators.py [--incidents 1000000]
    DATABASE_URL=postgres://… ACCORD_LOCAL_SECRETS=1 .venv/bin/python bench/indicators.py

What it does (docs/performance.md has the figures):

1. a fresh SQLite database in a temporary directory (or DATABASE_URL: a throwaway PostgreSQL
   database, which it empties with `flush`), migrated;
2. `manage.py seed_scale --cases C --incidents N`: the synthetic locality (people, cases,
   incidents, notes, tasks through bulk_create, encrypted as usual), and N more incidents over
   the last two years written by the database itself (INSERT … SELECT, no narratives); then
   each survivor's answer on inclusion in statistics: one in fifty withdrew it, one in a
   hundred refused it (a third of those consented later), the others gave it;
3. for last year and its third quarter, each computation (accord.network.compute: incidents by
   GBVIMS type, incidents by form of violence) --repeat times, and the hand-written SQL giving
   the same numbers; the figures are compared (exit status 1 if they differ) and the median
   times and their ratio printed (the target is at most 1.5); each side runs once unmeasured,
   then the two take turns, so that load from elsewhere on the machine falls on both.

Synthetic data only; only the database is contacted; the temporary directory is removed.
"""

import argparse
import datetime
import io
import os
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


def seed(incidents: int, cases: int) -> None:
    """seed_scale's synthetic locality with `cases` cases and `incidents` more incidents written
    in SQL; then the answers to the consent to statistics: one survivor in fifty withdrew it,
    one in a hundred refused it (one in three of those gave it later), the rest gave it."""
    from django.core.management import call_command
    from django.db import transaction

    from accord.cases.models import Case, CaseKind
    from accord.people.models import (
        Consent,
        ConsentAnswer,
        ConsentGiver,
        ConsentMethod,
        ConsentScope,
    )

    started = time.perf_counter()
    call_command("seed_scale", cases=cases, incidents=incidents, force=True, stdout=io.StringIO())
    seeded = time.perf_counter() - started
    clock = time.perf_counter()
    rows = list(
        Case.objects.filter(kind=CaseKind.SURVIVOR_SUPPORT)
        .exclude(key_worker=None)
        .order_by("pk")
        .values_list("person_id", "key_worker_id")
    )

    def consent(person: int, worker: int, on: datetime.date, **fields) -> Consent:
        return Consent(
            person_id=person,
            scope=ConsentScope.STATISTICS,
            given_by=ConsentGiver.PERSON,
            method=ConsentMethod.WRITTEN,
            given_on=on,
            recorded_by_id=worker,
            **fields,
        )

    answers = []
    for number, (person, worker) in enumerate(rows):
        if number % 50 == 0:
            withdrawn = datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)
            answers.append(
                consent(
                    person,
                    worker,
                    datetime.date(2024, 6, 1),
                    withdrawn_at=withdrawn,
                    withdrawn_by_id=worker,
                )
            )
        elif number % 100 == 1:
            answers.append(
                consent(person, worker, datetime.date(2025, 3, 1), answer=ConsentAnswer.REFUSED)
            )
            if number % 300 == 1:
                answers.append(consent(person, worker, datetime.date(2025, 5, 1)))
        else:
            answers.append(consent(person, worker, datetime.date(2024, 6, 1)))
    with transaction.atomic():
        Consent.objects.bulk_create(answers, batch_size=BATCH)
    print(
        f"seeded {cases:,} cases and {incidents:,} incidents in SQL in {seeded:.0f} s; "
        f"{len(answers):,} consent answers in {time.perf_counter() - clock:.0f} s"
    )


# The rule of accord.network.compute.excluded_people, written by hand.
EXCLUDED = """
    SELECT p.id FROM people_person p
    WHERE (EXISTS (SELECT 1 FROM people_consent w WHERE w.person_id = p.id
                   AND w.scope = 'statistics' AND w.withdrawn_at IS NOT NULL)
           AND NOT EXISTS (SELECT 1 FROM people_consent v WHERE v.person_id = p.id
                   AND v.scope = 'statistics' AND v.answer = 'given'
                   AND v.withdrawn_at IS NULL AND v.given_on <= %s
                   AND (v.expires_on IS NULL OR v.expires_on >= %s)))
       OR EXISTS (SELECT 1 FROM people_consent r WHERE r.person_id = p.id
                   AND r.scope = 'statistics' AND r.answer = 'refused'
                   AND NOT EXISTS (SELECT 1 FROM people_consent a WHERE a.person_id = p.id
                       AND a.scope = 'statistics' AND a.answer = 'given'
                       AND a.withdrawn_at IS NULL AND a.given_on <= %s
                       AND (a.expires_on IS NULL OR a.expires_on >= %s)
                       AND (a.given_on > r.given_on
                            OR (a.given_on = r.given_on AND a.recorded_at > r.recorded_at))))
"""


# Constant SQL text (no input in it); the dates are parameters.
SQL_GBVIMS = f"""SELECT i.gbvims_type, COUNT(*) FROM cases_incident i
    JOIN cases_case c ON c.id = i.case_id
    WHERE i.occurred_on BETWEEN %s AND %s AND c.person_id NOT IN ({EXCLUDED})
    GROUP BY i.gbvims_type"""  # noqa: S608


def sql_gbvims(start: datetime.date, end: datetime.date) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SQL_GBVIMS, [start, end, end, end, end, end])
        return dict(cursor.fetchall())


def explain(period) -> None:
    """The plans of both sides of incidents by GBVIMS type: the database's own words."""
    from django.db import connection
    from django.db.models import Count

    from accord.network.compute import _incidents

    ours = _incidents(period).order_by().values_list("gbvims_type")
    print(f"plan, Accord ({period}):")
    print(ours.annotate(n=Count("pk")).explain())
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + SQL_GBVIMS, [period.start, period.end, *[period.end] * 4])
        print(f"plan, hand-written SQL ({period}):")
        print("\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall()))


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
            [start, end, end, end, end, end],
        )
        return dict(cursor.fetchall())


def median_seconds(
    ours, our_arguments: tuple, theirs, their_arguments: tuple, repeat: int
) -> tuple[float, object, float, object]:
    """Both sides, each run once unmeasured first (the database's pages read into memory), then
    measured in turns (ours, theirs, ours, …), so that a burst of load from another process on
    the machine falls on both sides rather than on whichever ran then: each side's median."""
    ours(*our_arguments)
    theirs(*their_arguments)
    times: dict[str, list[float]] = {"ours": [], "theirs": []}
    results: dict[str, object] = {}
    for _n in range(repeat):
        for side, function, arguments in (
            ("ours", ours, our_arguments),
            ("theirs", theirs, their_arguments),
        ):
            started = time.perf_counter()
            results[side] = function(*arguments)
            times[side].append(time.perf_counter() - started)
    return (
        statistics.median(times["ours"]),
        results["ours"],
        statistics.median(times["theirs"]),
        results["theirs"],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument(
        "--cases", type=int, default=0, help="seed_scale's cases (default: one per 200 incidents)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--explain", action="store_true", help="also print both query plans of each period"
    )
    arguments = parser.parse_args()
    incidents = min(max(1, arguments.incidents), MAX_INCIDENTS)
    temporary = setup(os.environ.get("DATABASE_URL"))
    try:
        from django.db import connection

        from accord.network.compute import incidents_by_form, incidents_gbvims
        from accord.network.periods import Period

        seed(incidents, arguments.cases or min(50_000, max(1_000, incidents // 200)))
        print(f"database: {connection.vendor}; repeat: {arguments.repeat} (median)")
        failed = False
        year = datetime.date.today().year - 1
        for period in (Period(year), Period(year, 3)):
            if arguments.explain:
                explain(period)
            for name, ours, theirs in (
                ("incidents by GBVIMS type", incidents_gbvims, sql_gbvims),
                ("incidents by form of violence", incidents_by_form, sql_forms),
            ):
                mine, computed, raw, expected = median_seconds(
                    ours, (period,), theirs, (period.start, period.end), arguments.repeat
                )
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
