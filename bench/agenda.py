"""Agenda benchmark: a risk conference meeting's agenda over 10 000 open high-risk referrals,
through the application's own query (accord.conferences.selectors.agenda: the access rule of
accord/conferences/access.py, the agenda's order, its table's rows) against a hand-written SQL
query that returns the same rows in the same order, on the same database.

    .venv/bin/python bench/agenda.py [--referrals 10000] [--repeat 7]

1. a fresh SQLite database in a temporary directory (or DATABASE_URL, e.g. a throwaway
   PostgreSQL database), migrated;
2. a coordinator and a member agency built through the services (accord.testing), one
   conference and one open meeting whose confidentiality statement the member accepted;
3. the referrals bulk-inserted (the services would take minutes for 10 000): all high risk,
   listed on the meeting, with random repeat flags and children, encrypted as the services
   encrypt them;
4. both queries run --repeat times as the member, after one unmeasured run each; the rows are
   checked equal, and the medians and their ratio printed (target: at most 2×).

Only the temporary database is touched; it is removed on exit.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_REFERRALS = 200_000

HAND_WRITTEN = """
SELECT r.reference
FROM conferences_conferencereferral r
JOIN accounts_team t ON t.id = r.referring_team_id
JOIN accounts_service s ON s.id = t.service_id
WHERE r.meeting_id = %(meeting)s
  AND EXISTS (
    SELECT 1 FROM conferences_meeting m
    JOIN conferences_conferencemember cm ON cm.conference_id = m.conference_id
    JOIN accounts_membership mb ON mb.team_id = cm.team_id AND mb.user_id = %(user)s
    JOIN conferences_confidentialityacceptance a ON a.meeting_id = m.id AND a.user_id = %(user)s
    WHERE m.id = r.meeting_id AND m.status = 'open'
  )
ORDER BY r.is_repeat DESC,
  CASE r.risk_level WHEN 'high' THEN 2 WHEN 'medium' THEN 1 WHEN 'standard' THEN 0 ELSE -1 END DESC,
  r.children_in_household DESC, r.referred_at ASC, r.id ASC
"""

# What the application's agenda reads per row, for a fair comparison: the same columns.
HAND_WRITTEN_COLUMNS = (
    "r.reference, r.criteria, r.risk_level, r.children_in_household, r.is_repeat, s.name"
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--referrals", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    args.referrals = max(1, min(args.referrals, MAX_REFERRALS))
    args.repeat = max(1, min(args.repeat, 50))
    return args


def setup(directory: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{directory}/bench.sqlite3")
    os.environ.setdefault("ACCORD_LOCAL_SECRETS", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(count: int):  # noqa: ANN201 - Django is imported after setup
    import datetime

    from django.utils import timezone

    from accord.audit.context import Actor
    from accord.conferences import services
    from accord.conferences.models import ConferenceReferral
    from accord.conferences.tests.helpers import build_conference_world
    from accord.testing import build_casework, build_world

    world = build_world()
    cw = build_conference_world(world, build_casework(world))
    meeting = services.meeting_schedule_next(
        actor=Actor.for_user(cw.coordinator), conference=cw.conference
    )
    services.confidentiality_accept(actor=Actor.for_user(world.police_liaison), meeting=meeting)
    rng = random.Random(12)  # noqa: S311 - synthetic data, not a secret
    now = timezone.now()
    rows = [
        ConferenceReferral(
            reference=f"CR-B{index:07d}",
            conference=cw.conference,
            case=cw.casework.her_case,
            referring_team=world.outreach,
            meeting=meeting,
            status="listed",
            criteria=["high_risk"],
            is_repeat=rng.random() < 0.25,
            shared={"given_name": f"Woman {index}"},
            risk_level="high",
            risk_summary="Threats to kill.",
            children_in_household=rng.randint(0, 4),
            referred_by=world.caseworker,
            referred_at=now - datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 30)),
        )
        for index in range(count)
    ]
    ConferenceReferral.objects.bulk_create(rows, batch_size=1000)
    return world.police_liaison, meeting


def _json(value: object) -> object:
    # PostgreSQL's driver decodes JSON itself; SQLite hands back the text.
    return json.loads(value) if isinstance(value, str) else value


def median_seconds(run, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    result = run()  # unmeasured: caches, the first compilation of the SQL
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    args = parse_args()
    directory = tempfile.mkdtemp(prefix="accord-bench-agenda-")
    try:
        setup(directory)
        from django.db import connection

        from accord.conferences import selectors

        started = time.perf_counter()
        member, meeting = seed(args.referrals)
        seeded = time.perf_counter() - started

        def application() -> list[tuple]:
            return [tuple(row) for row in selectors.agenda(member, meeting)]

        sql = HAND_WRITTEN.replace("SELECT r.reference", f"SELECT {HAND_WRITTEN_COLUMNS}", 1)
        if connection.vendor == "postgresql":
            sql = sql.replace("%(meeting)s", "%(meeting)s::bigint")

        def hand_written() -> list[tuple]:
            # The same values as the application's rows: the criteria decoded, a real bool.
            with connection.cursor() as cursor:
                cursor.execute(sql, {"meeting": meeting.pk, "user": member.pk})
                return [
                    (ref, _json(criteria), level, children, bool(repeat), agency)
                    for ref, criteria, level, children, repeat, agency in cursor.fetchall()
                ]

        app_time, app_rows = median_seconds(application, args.repeat)
        sql_time, sql_rows = median_seconds(hand_written, args.repeat)
        if app_rows != sql_rows:
            print("The two queries disagree: not the same rows in the same order.")
            return 1
        print(
            f"database: {connection.vendor}; referrals: {args.referrals}; seeded in {seeded:.1f} s"
        )
        print(f"rows: {len(app_rows)}; runs: {args.repeat} (median)")
        print(f"application agenda (ORM, access rule, its rows):    {app_time * 1000:.1f} ms")
        print(f"hand-written SQL (same rows, same columns):       {sql_time * 1000:.1f} ms")
        print(f"ratio: {app_time / sql_time:.2f}× (target ≤ 2×)")
        return 0
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
