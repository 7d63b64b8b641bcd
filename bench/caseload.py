"""Caseload benchmark: how fast a key worker's caseload and case pages answer under load.

    .venv/bin/python bench/caseload.py [--cases 100000] [--seconds 10] [--clients 16]
    make bench BENCH_ARGS="--cases 10000"

What it does (docs/product.md §7; docs/performance.md has the method and the figures):

1. a fresh SQLite database in a temporary directory (or DATABASE_URL, e.g. a throwaway
   PostgreSQL database; or --db-file to keep a seeded SQLite file between runs);
2. migrate, then `manage.py seed_scale --cases N` (synthetic data only);
3. gunicorn serving config.wsgi on 127.0.0.1 and a free port, DEBUG off, with the deployed
   settings plus one page (bench/settings.py): `/bench/signed-in/`, a signed-in view that does
   nothing, the floor under every page that asks who the reader is;
4. the benchmark user signed in by writing sessions directly, as Django's test client's
   force_login does (the user has TOTP, so the MFA middleware lets the session through);
5. the CPU each page costs in-process: --cpu-requests WSGI calls per page straight into
   the application in this process (no server, no socket), timed with time.process_time, so
   that the figure holds on a busy machine (other processes take wall time, not our CPU);
6. for each page in turn, first one client for --solo-seconds (what a page costs, without
   queueing), then --clients threads with keep-alive connections for --seconds, each after a
   short warm-up: the trivial /healthz view (the baseline, same server, same run), the
   signed-in do-nothing page, the caseload page /cases/, the case pages /cases/<reference>/
   of her open cases (round robin) and, as an extra, her team's caseload /cases/?scope=team;
7. --users users with think time (--open-seconds per page): each user asks for the page,
   reads the answer, then thinks for a random time (exponential, mean --think seconds) before
   the next; p50/p95 latency with the load average beside them;
8. prints requests, req/s, p50/p95/p99 latency, the share of non-200 answers and each page's
   throughput and CPU as a ratio of the baseline's. Exit status 1 if any answer was not a 200.

Only loopback is ever contacted; every loop is bounded in time and in requests; the server
is stopped and the temporary directory removed on exit, also on Ctrl-C.
"""

import argparse
import atexit
import cProfile
import http.client
import io
import json
import os
import platform
import pstats
import random
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

SIGNED_IN_PATH = "/bench/signed-in/"  # bench/urls.py

# Hard bounds, whatever the arguments say.
MAX_SECONDS = 120
MAX_CPU_REQUESTS = 5_000
MAX_CLIENTS = 64
MAX_REQUESTS = 1_000_000
MAX_CASES = 1_000_000
SEED_TIMEOUT = 30 * 60
SERVER_START_TIMEOUT = 60
REQUEST_TIMEOUT = 15


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases to seed (100000)")
    parser.add_argument("--seconds", type=float, default=10, help="measured seconds per page (10)")
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
        default=3,
        help="measured seconds per page with a single client first, 0 to skip (3)",
    )
    parser.add_argument(
        "--cpu-requests",
        type=int,
        default=200,
        help="in-process WSGI calls per page timed with process_time, 0 to skip (200)",
    )
    parser.add_argument(
        "--users", type=int, default=16, help="users with think time in the open run (16)"
    )
    parser.add_argument(
        "--think", type=float, default=0.5, help="mean think time in seconds, exponential (0.5)"
    )
    parser.add_argument(
        "--open-seconds",
        type=float,
        default=10,
        help="measured seconds per page with users thinking between requests, 0 to skip (10)",
    )
    parser.add_argument(
        "--only-cpu",
        action="store_true",
        help="measure the in-process CPU per request only (no server, no load)",
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
    args.cpu_requests = min(max(args.cpu_requests, 0), MAX_CPU_REQUESTS)
    args.open_seconds = min(max(args.open_seconds, 0), MAX_SECONDS)
    args.users = min(max(args.users, 1), MAX_CLIENTS)
    args.think = min(max(args.think, 0.01), 10)
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
        self.cases = 0
        self.env = os.environ.copy()
        self.env.update(
            {
                # The deployed settings plus the signed-in do-nothing page (bench/settings.py).
                "DJANGO_SETTINGS_MODULE": "bench.settings",
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
        self.cases = Case.objects.count()
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
    # The machine's one-minute load average at the end of the run (users with think time).
    load_average: float | None = None

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
    think: float = 0.0,
) -> Result:
    """`clients` threads, each with its own keep-alive connection and session, requesting
    `paths` round robin; only answers that arrive after the warm-up are measured. With `think`
    each client is a user who reads the page and then thinks for a random time (exponential,
    mean `think` seconds) before the next: the latency a person gets while others work too,
    rather than the most a server can be made to answer."""
    result = Result(name)
    lock = threading.Lock()
    budget = [max_requests]
    start = time.monotonic()
    measure_from = start + warmup
    stop_at = measure_from + seconds

    def pause(rng: random.Random) -> None:
        if think > 0:
            time.sleep(min(rng.expovariate(1 / think), max(stop_at - time.monotonic(), 0)))

    def client(number: int) -> None:
        rng = random.Random(number)  # noqa: S311 - think times, not secrets
        headers = {"Cookie": f"sessionid={session_keys[number % len(session_keys)]}"}
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        latencies, statuses, errors = [], {}, 0
        index = number
        # Thinking users arrive spread over the first think time, not all in the same instant.
        pause(rng)
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
            pause(rng)
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
        thread.join(timeout=warmup + seconds + 2 * REQUEST_TIMEOUT + 10 * think)
    elapsed = time.monotonic() - start
    result.seconds = min(time.monotonic(), stop_at) - measure_from
    result.client_cpu = (time.process_time() - cpu_started) / elapsed if elapsed else 0.0
    if think > 0:
        result.load_average = os.getloadavg()[0]
    return result


# --- the CPU a page costs, in-process -------------------------------------------------------------


@dataclass
class CpuResult:
    name: str
    # Mean CPU milliseconds per request of each batch, in the order measured.
    batches: list[float]
    statuses: dict[int, int]
    # Python function calls per request (cProfile): the same on an idle and a busy machine.
    calls: float = 0.0

    @property
    def ms(self) -> float:
        """The median batch: a batch slowed by something else (a collection, a cold cache)
        does not move it."""
        ordered = sorted(self.batches)
        return ordered[len(ordered) // 2] if ordered else float("nan")

    @property
    def spread(self) -> float:
        return (max(self.batches) - min(self.batches)) if self.batches else float("nan")


def cpu_per_request(
    name: str, paths: list[str], session_key: str, *, requests: int, batches: int = 5
) -> CpuResult:
    """The CPU one request of `paths` costs the application, measured in this process: WSGI
    calls straight into the application (the whole middleware stack, the database, the audit
    log; no server, no socket), timed with time.process_time. Other processes on the machine
    take wall time from us, not CPU time, so the figure holds on a busy machine."""
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    statuses: dict[int, int] = {}

    def call(path: str) -> None:
        path_info, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path_info,
            "QUERY_STRING": query,
            "SCRIPT_NAME": "",
            "SERVER_NAME": HOST,
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": HOST,
            "HTTP_COOKIE": f"sessionid={session_key}",
            "REMOTE_ADDR": HOST,
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        status = []

        def start_response(line: str, headers: list, exc_info: object = None) -> None:
            status.append(int(line.split(" ", 1)[0]))

        body = application(environ, start_response)
        try:
            for _chunk in body:
                pass
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        statuses[status[0]] = statuses.get(status[0], 0) + 1

    for index in range(min(20, requests)):  # warm-up: caches, connections, compiled templates
        call(paths[index % len(paths)])
    statuses.clear()
    size = max(requests // batches, 1)
    measured = []
    index = 0
    for _ in range(batches):
        started = time.process_time()
        for _ in range(size):
            call(paths[index % len(paths)])
            index += 1
        measured.append((time.process_time() - started) / size * 1000)
    profile = cProfile.Profile()
    profiled = min(len(paths), 10)
    profile.enable()
    for number in range(profiled):
        call(paths[number])
    profile.disable()
    calls = pstats.Stats(profile).total_calls / profiled
    return CpuResult(name, measured, statuses, calls)


# --- the report -----------------------------------------------------------------------------------


# Issue 16's targets: throughput with 16 clients as a share of /healthz's, and the p95 of users
# with think time.
TARGET_RATIO = {"caseload": 0.25, "case page": 0.25, "team caseload": 0.15}
TARGET_THINK_P95_MS = 50


def target_ratio(name: str) -> float | None:
    kind = name.split(" /", 1)[0]
    return TARGET_RATIO.get(kind)


def report(results: list[Result], baseline: Result, *, judge: bool) -> None:
    print(
        f"{'page':<36} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'non-200':>8} {'vs baseline':>12} {'client cpu':>11}"
    )
    for result in results:
        ratio = result.rate / baseline.rate if baseline.rate else float("nan")
        share = result.non_200 / result.requests if result.requests else 0.0
        print(
            f"{result.name:<36} {result.requests:>9} {result.rate:>8.1f} "
            f"{result.percentile(0.50):>8.1f} {result.percentile(0.95):>8.1f} "
            f"{result.percentile(0.99):>8.1f} {share:>8.2%} "
            f"{'' if result is baseline else f'{ratio:.2f}x':>12} "
            f"{result.client_cpu:>10.0%}"
        )
    if not judge:
        return
    print()
    for result in results:
        target = target_ratio(result.name)
        if result is baseline or target is None:
            continue
        ratio = result.rate / baseline.rate if baseline.rate else 0.0
        print(
            f"{result.name}: throughput {ratio:.2f}x the baseline "
            f"({'meets' if ratio >= target else 'misses'} >= {target}x)"
        )
        if result.statuses.keys() - {200} or result.errors:
            print(f"  answers: {dict(sorted(result.statuses.items()))}, errors: {result.errors}")


def report_think(results: list[Result], *, users: int, think: float) -> None:
    print(
        f"{users} users, each thinking a random time (mean {think:g} s) between a page and the "
        "next:"
    )
    print(
        f"{'page':<36} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'non-200':>8} {'load avg':>9} {'target':>8}"
    )
    for result in results:
        share = result.non_200 / result.requests if result.requests else 0.0
        p95 = result.percentile(0.95)
        verdict = (
            ""
            if target_ratio(result.name) is None
            else ("meets" if p95 < TARGET_THINK_P95_MS else "misses")
        )
        print(
            f"{result.name:<36} {result.requests:>9} {result.rate:>8.1f} "
            f"{result.percentile(0.50):>8.1f} {p95:>8.1f} {result.percentile(0.99):>8.1f} "
            f"{share:>8.2%} {result.load_average or 0:>9.2f} {verdict:>8}"
        )


def report_cpu(results: list[CpuResult]) -> None:
    baseline = results[0]
    print("CPU per request in-process (time.process_time over WSGI calls, median of 5 batches):")
    print(f"{'page':<36} {'ms cpu':>8} {'spread':>8} {'/healthz over page':>19} {'answers':>14}")
    for result in results:
        ratio = baseline.ms / result.ms if result.ms else float("nan")
        print(
            f"{result.name:<36} {result.ms:>8.2f} {result.spread:>8.2f} "
            f"{'' if result is baseline else f'{ratio:.2f}x':>19} {result.calls:>9.0f} "
            f"{str(dict(sorted(result.statuses.items()))):>14}"
        )


def machine() -> str:
    cpus = os.cpu_count()
    load1, load5, _ = os.getloadavg()
    return (
        f"{platform.machine()}, {cpus} cores, load average {load1:.2f}/{load5:.2f}, "
        f"Python {platform.python_version()}"
    )


def summary_of(result: Result, baseline: Result | None) -> dict:
    return {
        "requests": result.requests,
        "rps": round(result.rate, 1),
        "p50_ms": round(result.percentile(0.5), 1),
        "p95_ms": round(result.percentile(0.95), 1),
        "p99_ms": round(result.percentile(0.99), 1),
        "non_200": result.non_200,
        "ratio": round(result.rate / baseline.rate, 3) if baseline and baseline.rate else None,
        "client_cpu": round(result.client_cpu, 2),
        "load_average": result.load_average,
    }


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
    print(
        f"bench: {bench.cases} cases; {BENCH_USERNAME} is key worker of {len(references)} open "
        "cases",
        flush=True,
    )

    pages = [
        ("baseline " + args.baseline_path, [args.baseline_path]),
        ("signed-in " + SIGNED_IN_PATH, [SIGNED_IN_PATH]),
        ("caseload " + args.caseload_path, [args.caseload_path]),
        (
            "case page " + args.case_path.replace("{reference}", "<ref>"),
            [args.case_path.format(reference=reference) for reference in references],
        ),
    ] + [
        (("team caseload " if path == "/cases/?scope=team" else "extra ") + path, [path])
        for path in args.extra_path
    ]

    cpu_results = []
    if args.cpu_requests:
        for name, paths in pages:
            cpu_results.append(cpu_per_request(name, paths, keys[0], requests=args.cpu_requests))
            print(f"bench: {name} CPU measured in-process", flush=True)
        bench.close_db()
        if any(status != 200 for r in cpu_results for status in r.statuses):
            print()
            report_cpu(cpu_results)
            bench.fail("a page answered something other than 200 in-process")

    tables = []
    think_results = []
    if not args.only_cpu:
        bench.start_server()
        kind = "gthread" if args.threads > 1 else "sync"
        print(
            f"bench: gunicorn on {HOST}:{bench.port}, {args.workers} {kind} workers x "
            f"{args.threads} threads; {args.clients} clients, {args.seconds:g} s per page after "
            f"{args.warmup:g} s of warm-up",
            flush=True,
        )
        for name, paths in pages:
            status, _ = get(bench.port, paths[0], keys[0])
            if status != 200:
                hint = (
                    " (not built yet? pass --caseload-path/--case-path to try other pages)"
                    if status == 404
                    else ""
                )
                bench.fail(f"{name}: {paths[0]} answered {status}{hint}")

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
        if args.open_seconds > 0:
            for name, paths in pages:
                think_results.append(
                    load(
                        name,
                        bench.port,
                        paths,
                        keys,
                        clients=args.users,
                        think=args.think,
                        seconds=args.open_seconds,
                        warmup=args.warmup,
                        max_requests=args.max_requests,
                    )
                )
                print(f"bench: {name} measured with {args.users} thinking users", flush=True)
        bench.stop_server()

    if cpu_results:
        print()
        report_cpu(cpu_results)
    for clients, results in tables:
        print()
        if clients == 1:
            print("One client at a time (the time a page costs, no queueing):")
        else:
            print(f"{clients} concurrent clients, each with its own session and connection:")
        report(results, results[0], judge=clients == args.clients)
    if think_results:
        print()
        report_think(think_results, users=args.users, think=args.think)
    print()
    if seed_seconds is not None:
        print(f"bench: seed_scale --cases {args.cases} took {seed_seconds:.0f} s")
    print(f"bench: {machine()}")
    summary = {
        "cases": bench.cases,
        "seed_seconds": round(seed_seconds, 1) if seed_seconds is not None else None,
        "cpu_ms": {
            r.name: {
                "ms": round(r.ms, 2),
                "batches": [round(b, 2) for b in r.batches],
                "python_calls": round(r.calls),
            }
            for r in cpu_results
        },
        "runs": {
            str(clients): {r.name: summary_of(r, results[0]) for r in results}
            for clients, results in tables
        },
        "think": {r.name: summary_of(r, None) for r in think_results},
    }
    print("bench: json " + json.dumps(summary))
    failed = any(r.non_200 for _, results in tables for r in results) or any(
        r.non_200 for r in think_results
    )
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        # The cleanup registered with atexit stops the server and removes the directory.
        print("bench: interrupted", file=sys.stderr)
        sys.exit(130)
