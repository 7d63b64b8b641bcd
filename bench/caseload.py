"""Caseload benchmark: how fast a key worker's caseload and case pages answer under load.

    .venv/bin/python bench/caseload.py [--cases 100000] [--seconds 20] [--clients 16]
    make bench BENCH_ARGS="--cases 10000"

What it does (docs/product.md §7; docs/performance.md has the method and the figures):

1. a fresh SQLite database in a temporary directory (or DATABASE_URL, e.g. a throwaway
   PostgreSQL database; or --db-file to keep a seeded SQLite file between runs);
2. migrate, then `manage.py seed_scale --cases N` (synthetic data only);
3. gunicorn serving config.wsgi on 127.0.0.1 and a free port, DEBUG off;
4. the benchmark user signed in by writing sessions directly, as Django's test client's
   force_login does (the user has TOTP, so the MFA middleware lets the session through);
5. for each page in turn, first one client for --solo-seconds (what a page costs, without
   queueing), then --clients threads with keep-alive connections for --seconds, each after a
   short warm-up: the trivial /healthz view (the baseline, same server, same run), the
   caseload page /cases/, the case pages /cases/<reference>/ of her open cases (round robin)
   and, as an extra, her team's caseload /cases/?scope=team;
6. prints requests, req/s, p50/p95/p99 latency, the share of non-200 answers and each page's
   throughput as a ratio of the baseline's. Exit status 1 if any answer was not a 200.

Only loopback is ever contacted; every loop is bounded in time and in requests; the server
is stopped and the temporary directory removed on exit, also on Ctrl-C.
"""

import argparse
import atexit
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
BENCH_USERNAME = "scale-bench"  # accord.demo.management.commands.seed_scale.BENCH_USERNAME

# Hard bounds, whatever the arguments say.
MAX_SECONDS = 120
MAX_CLIENTS = 64
MAX_REQUESTS = 1_000_000
MAX_CASES = 1_000_000
SEED_TIMEOUT = 30 * 60
SERVER_START_TIMEOUT = 60
REQUEST_TIMEOUT = 15


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases to seed (100000)")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per page (20)")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured seconds first (2)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (16)")
    parser.add_argument(
        "--max-requests", type=int, default=200_000, help="cap on requests per page (200000)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (2)")
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per worker; 1 means sync workers (4)"
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="ACCORD_DB_CONN_MAX_AGE for the server: persistent connections, as deployed (60)",
    )
    parser.add_argument(
        "--db-file",
        type=Path,
        help="SQLite file to use and keep (seeded only if new), to rerun without seeding again",
    )
    parser.add_argument("--caseload-path", default="/cases/", help="the caseload page (/cases/)")
    parser.add_argument(
        "--case-path",
        default="/cases/{reference}/",
        help="the case page, {reference} filled in (/cases/{reference}/)",
    )
    parser.add_argument("--baseline-path", default="/healthz", help="the trivial view (/healthz)")
    parser.add_argument(
        "--extra-path",
        action="append",
        default=None,
        help="another page to measure, repeatable (default: the team's caseload, "
        "/cases/?scope=team); --extra-path '' for none",
    )
    parser.add_argument(
        "--solo-seconds",
        type=float,
        default=5,
        help="measured seconds per page with a single client first, 0 to skip (5)",
    )
    args = parser.parse_args()
    if args.extra_path is None:
        args.extra_path = ["/cases/?scope=team"]
    args.extra_path = [path for path in args.extra_path if path]
    args.solo_seconds = min(max(args.solo_seconds, 0), MAX_SECONDS)
    args.seconds = min(max(args.seconds, 1), MAX_SECONDS)
    args.warmup = min(max(args.warmup, 0), 30)
    args.clients = min(max(args.clients, 1), MAX_CLIENTS)
    args.max_requests = min(max(args.max_requests, 1), MAX_REQUESTS)
    args.cases = min(max(args.cases, 1), MAX_CASES)
    return args


# --- the server and its database -----------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="accord-bench-"))
        self.server: subprocess.Popen | None = None
        self.port = 0
        self.session_keys: list[str] = []
        self.env = os.environ.copy()
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "ACCORD_LOCAL_SECRETS": "1",
                "ACCORD_HTTPS": "0",
                "ACCORD_ALLOWED_HOSTS": HOST,
                # Measured as deployed: DEBUG off (seed_scale then needs --force).
                "ACCORD_DEBUG": "0",
                "ACCORD_DB_CONN_MAX_AGE": str(args.conn_max_age),
                "ACCORD_LOG_LEVEL": "WARNING",
            }
        )
        if args.db_file is not None:
            self.env["DATABASE_URL"] = f"sqlite:///{args.db_file.resolve()}"
        elif not os.environ.get("DATABASE_URL"):
            self.env["DATABASE_URL"] = f"sqlite:///{self.work / 'bench.sqlite3'}"
        self.database = self.env["DATABASE_URL"]

    def manage(self, *command: str, timeout: float = 600) -> None:
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=timeout,
        )

    def prepare_database(self) -> float | None:
        """Migrate and seed; the seeding time, or None if the database was seeded before."""
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("createcachetable")
        self.django_setup()
        from accord.accounts.models import Organisation

        others = Organisation.objects.exclude(slug__startswith="scale-")
        if others.exists():
            sys.exit(
                "bench: this database holds organisations other than the synthetic ones; "
                "use a throwaway database (unset DATABASE_URL for a temporary SQLite file)."
            )
        if Organisation.objects.filter(slug__startswith="scale-").exists():
            print("bench: the database is seeded already; not seeding again.", flush=True)
            self.close_db()
            return None
        self.close_db()
        started = time.perf_counter()
        self.manage("seed_scale", "--cases", str(self.args.cases), "--force", timeout=SEED_TIMEOUT)
        return time.perf_counter() - started

    def django_setup(self) -> None:
        os.environ.update(self.env)
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        import django

        django.setup()

    def close_db(self) -> None:
        from django.db import connections

        connections.close_all()

    def sign_in(self, count: int) -> tuple[list[str], list[str]]:
        """Sessions for the benchmark user (one per client) and her open cases' references."""
        from importlib import import_module

        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

        from accord.accounts.middleware import SEEN_AT, SIGNED_IN_AT
        from accord.accounts.models import User
        from accord.cases.models import Case, CaseStatus

        user = User.objects.get(username=BENCH_USERNAME)
        store = import_module(settings.SESSION_ENGINE).SessionStore
        keys = []
        for _ in range(count):
            session = store()
            # What django.contrib.auth.login() (and the test client's force_login) store.
            session[SESSION_KEY] = user._meta.pk.value_to_string(user)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session[SIGNED_IN_AT] = session[SEEN_AT] = time.time()
            session.save()
            keys.append(session.session_key)
        references = list(
            Case.objects.filter(key_worker=user, status=CaseStatus.OPEN)
            .order_by("reference")
            .values_list("reference", flat=True)
        )
        self.session_keys = keys
        self.close_db()
        return keys, references

    def sign_out(self) -> None:
        if not self.session_keys:
            return
        from importlib import import_module

        from django.conf import settings

        store = import_module(settings.SESSION_ENGINE).SessionStore
        for key in self.session_keys:
            store(session_key=key).delete()
        self.session_keys = []
        self.close_db()

    def start_server(self) -> None:
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port = probe.getsockname()[1]
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [
            str(gunicorn),
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.args.workers),
            "--worker-class",
            "gthread" if self.args.threads > 1 else "sync",
            "--threads",
            str(self.args.threads),
            "--keep-alive",
            "5",
            "--timeout",
            "30",
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.work / "gunicorn.log"),
        ]
        # Its own process group, so that stopping it stops its workers too.
        self.server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn, fixed arguments
            command, cwd=ROOT, env=self.env, start_new_session=True
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                self.fail("the server exited while starting")
            try:
                status, _ = get(self.port, self.args.baseline_path, None)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.fail("the server did not answer within a minute")

    def fail(self, message: str) -> None:
        log = self.work / "gunicorn.log"
        if log.exists():
            print(log.read_text()[-4000:], file=sys.stderr)
        sys.exit(f"bench: {message}")

    def stop_server(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        os.killpg(self.server.pid, signal.SIGTERM)
        try:
            self.server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait(timeout=5)

    def cleanup(self) -> None:
        self.stop_server()
        try:
            self.sign_out()
        except Exception as error:  # noqa: BLE001 - cleanup goes on regardless
            print(f"bench: could not delete the sessions: {error}", file=sys.stderr)
        shutil.rmtree(self.work, ignore_errors=True)


# --- the load -------------------------------------------------------------------------------------


def get(port: int, path: str, session_key: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        headers = {"Cookie": f"sessionid={session_key}"} if session_key else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    # CPU seconds the load generator itself used per second: it shares the machine's cores.
    client_cpu: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def non_200(self) -> int:
        return self.errors + sum(n for status, n in self.statuses.items() if status != 200)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def load(
    name: str,
    port: int,
    paths: list[str],
    session_keys: list[str],
    *,
    clients: int,
    seconds: float,
    warmup: float,
    max_requests: int,
) -> Result:
    """`clients` threads, each with its own keep-alive connection and session, requesting
    `paths` round robin; only answers that arrive after the warm-up are measured."""
    result = Result(name)
    lock = threading.Lock()
    budget = [max_requests]
    start = time.monotonic()
    measure_from = start + warmup
    stop_at = measure_from + seconds

    def client(number: int) -> None:
        headers = {"Cookie": f"sessionid={session_keys[number % len(session_keys)]}"}
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        latencies, statuses, errors = [], {}, 0
        index = number
        while True:
            began = time.monotonic()
            if began >= stop_at:
                break
            measured = began >= measure_from
            if measured:
                with lock:
                    if budget[0] <= 0:
                        break
                    budget[0] -= 1
            path = paths[index % len(paths)]
            index += 1
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                if measured:
                    errors += 1
                continue
            if measured:
                latencies.append(time.monotonic() - began)
                statuses[status] = statuses.get(status, 0) + 1
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            for status, count in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + count

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    cpu_started = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=warmup + seconds + 2 * REQUEST_TIMEOUT)
    elapsed = time.monotonic() - start
    result.seconds = min(time.monotonic(), stop_at) - measure_from
    result.client_cpu = (time.process_time() - cpu_started) / elapsed if elapsed else 0.0
    return result


# --- the report -----------------------------------------------------------------------------------


def report(results: list[Result], baseline: Result, *, judge: bool) -> None:
    print(
        f"{'page':<34} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'non-200':>8} {'vs baseline':>12} {'client cpu':>11}"
    )
    for result in results:
        ratio = result.rate / baseline.rate if baseline.rate else float("nan")
        share = result.non_200 / result.requests if result.requests else 0.0
        print(
            f"{result.name:<34} {result.requests:>9} {result.rate:>8.1f} "
            f"{result.percentile(0.50):>8.1f} {result.percentile(0.95):>8.1f} "
            f"{result.percentile(0.99):>8.1f} {share:>8.2%} "
            f"{'' if result is baseline else f'{ratio:.2f}x':>12} "
            f"{result.client_cpu:>10.0%}"
        )
    if not judge:
        return
    print()
    for result in results:
        if result is baseline:
            continue
        ratio = result.rate / baseline.rate if baseline.rate else 0.0
        p95 = result.percentile(0.95)
        print(
            f"{result.name}: p95 {p95:.1f} ms ({'meets' if p95 < 50 else 'misses'} < 50 ms), "
            f"throughput {ratio:.2f}x the baseline ({'meets' if ratio >= 0.5 else 'misses'} "
            f">= 0.5x)"
        )
        if result.statuses.keys() - {200} or result.errors:
            print(f"  answers: {dict(sorted(result.statuses.items()))}, errors: {result.errors}")


def machine() -> str:
    cpus = os.cpu_count()
    load1, load5, _ = os.getloadavg()
    return (
        f"{platform.machine()}, {cpus} cores, load average {load1:.2f}/{load5:.2f}, "
        f"Python {platform.python_version()}"
    )


def main() -> int:
    args = parse_args()
    bench = Bench(args)
    atexit.register(bench.cleanup)
    # Turn SIGTERM into a normal exit, so that the cleanup runs then too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    shown = bench.database if bench.database.startswith("sqlite") else "DATABASE_URL (not shown)"
    print(f"bench: {machine()}", flush=True)
    print(f"bench: database {shown}", flush=True)
    seed_seconds = bench.prepare_database()
    keys, references = bench.sign_in(args.clients)
    if not references:
        sys.exit("bench: the benchmark user has no open case (seed more cases)")
    print(f"bench: {BENCH_USERNAME} is key worker of {len(references)} open cases", flush=True)

    bench.start_server()
    kind = "gthread" if args.threads > 1 else "sync"
    print(
        f"bench: gunicorn on {HOST}:{bench.port}, {args.workers} {kind} workers x "
        f"{args.threads} threads; {args.clients} clients, {args.seconds:g} s per page after "
        f"{args.warmup:g} s of warm-up",
        flush=True,
    )
    pages = [
        ("baseline " + args.baseline_path, [args.baseline_path]),
        ("caseload " + args.caseload_path, [args.caseload_path]),
        (
            "case page " + args.case_path.replace("{reference}", "<ref>"),
            [args.case_path.format(reference=reference) for reference in references],
        ),
    ] + [("extra " + path, [path]) for path in args.extra_path]
    for name, paths in pages:
        status, _ = get(bench.port, paths[0], keys[0])
        if status != 200:
            hint = (
                " (not built yet? pass --caseload-path/--case-path to try other pages)"
                if status == 404
                else ""
            )
            bench.fail(f"{name}: {paths[0]} answered {status}{hint}")

    tables = []
    for clients, seconds in [(1, args.solo_seconds), (args.clients, args.seconds)]:
        if seconds <= 0:
            continue
        results = []
        for name, paths in pages:
            results.append(
                load(
                    name,
                    bench.port,
                    paths,
                    keys,
                    clients=clients,
                    seconds=seconds,
                    warmup=args.warmup,
                    max_requests=args.max_requests,
                )
            )
            print(f"bench: {name} measured with {clients} client(s)", flush=True)
        tables.append((clients, results))
    bench.stop_server()

    for clients, results in tables:
        print()
        if clients == 1:
            print("One client at a time (the time a page costs, no queueing):")
        else:
            print(f"{clients} concurrent clients, each with its own session and connection:")
        report(results, results[0], judge=clients == args.clients)
    print()
    if seed_seconds is not None:
        print(f"bench: seed_scale --cases {args.cases} took {seed_seconds:.0f} s")
    print(f"bench: {machine()}")
    summary = {
        "cases": args.cases,
        "seed_seconds": round(seed_seconds, 1) if seed_seconds is not None else None,
        "runs": {
            str(clients): {
                r.name: {
                    "requests": r.requests,
                    "rps": round(r.rate, 1),
                    "p50_ms": round(r.percentile(0.5), 1),
                    "p95_ms": round(r.percentile(0.95), 1),
                    "p99_ms": round(r.percentile(0.99), 1),
                    "non_200": r.non_200,
                    "ratio": round(r.rate / results[0].rate, 3) if results[0].rate else None,
                    "client_cpu": round(r.client_cpu, 2),
                }
                for r in results
            }
            for clients, results in tables
        },
    }
    print("bench: json " + json.dumps(summary))
    return 1 if any(r.non_200 for _, results in tables for r in results) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        # The cleanup registered with atexit stops the server and removes the directory.
        print("bench: interrupted", file=sys.stderr)
        sys.exit(130)
