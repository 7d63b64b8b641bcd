"""Load and crash run: mixed-role users doing real flows against gunicorn and the task worker,
then proof that nothing acknowledged was lost (issue 10, items 3 and 4; docs/operations.md).

    .venv/bin/python bench/load.py [--users 20] [--seconds 30] [--crash] [--database-url URL]

1. a fresh database: DATABASE_URL / --database-url (an empty PostgreSQL database), else a
   SQLite file in a temporary directory; migrate and the demo locality (seed_demo --force);
2. gunicorn (config.wsgi, 2 workers, DEBUG off) and `manage.py db_worker` on 127.0.0.1;
3. sessions written directly for the demo's caseworkers, manager and facilitator (as the test
   client's force_login does; they have TOTP, so the MFA middleware lets them through);
4. locust users of mixed roles: the caseload and case pages, adding a note and recording an
   incident through the API, changing a case with the version read (a stale version is a
   conflict, 409, counted as such); every acknowledged write (201) goes into a ledger;
5. with --crash: at a third of the time the task worker is killed with SIGKILL, a batch of
   tasks queued, one gunicorn worker killed with SIGKILL (its master starts another), and the
   task worker started again;
6. afterwards: every ledger entry is in the database, every note and incident has its audit
   event (no half-saved record), the queued tasks ran, and `audit_verify` passes.

Prints throughput, p50/p95/p99 per flow, errors and conflicts; exit status 1 if a check fails.
Only loopback is contacted; users, time and requests are bounded; everything started is
stopped and the temporary directory removed on exit.
"""

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
MAX_USERS = 100
MAX_SECONDS = 120
MAX_REQUESTS = 200_000
CSRF = "loadloadloadloadloadloadloadload"  # 32 characters: a CSRF secret of our own

SESSIONS = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accord.accounts.models import User
from accord.cases.models import Case
out = {}
for username in ["caseworker", "manager", "facilitator", "partnerworker"]:
    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    out[username] = store.session_key
print(json.dumps(out))
"""

ENQUEUE = """
from accord.people.tasks import apply_retention
print(" ".join(str(apply_retention.enqueue().id) for _ in range(%d)))
"""

CHECK = """
import json, sys
from django_tasks_db.models import DBTaskResult
from accord.audit.models import AuditEvent
from accord.cases.models import Incident, Note
ledger = json.load(open(%r))
tasks = %r
found = {
    "note": set(str(u) for u in Note.objects.values_list("uid", flat=True)),
    "incident": set(str(u) for u in Incident.objects.values_list("uid", flat=True)),
}
lost = [entry for entry in ledger if entry[1] not in found[entry[0]]]
def unaudited(model, action):
    events = set(AuditEvent.objects.filter(action=action).values_list("object_id", flat=True))
    return [pk for pk in model.objects.values_list("pk", flat=True) if str(pk) not in events]
half = unaudited(Note, "note.added") + unaudited(Incident, "incident.recorded")
statuses = list(DBTaskResult.objects.filter(id__in=tasks).values_list("status", flat=True))
print(json.dumps({"acknowledged": len(ledger), "lost": len(lost), "half_saved": len(half),
                  "tasks": len(tasks), "tasks_done": statuses.count("SUCCESSFUL")}))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--crash", action="store_true", help="kill -9 a worker mid-run")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    args.users = max(1, min(args.users, MAX_USERS))
    args.seconds = max(5.0, min(args.seconds, MAX_SECONDS))
    return args


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="accord-load."))
        self.port = free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": args.database_url or f"sqlite:///{self.work / 'accord.sqlite3'}",
            "ACCORD_DEBUG": "0",
            "ACCORD_LOCAL_SECRETS": "1",
            # Plain http on loopback: no TLS proxy in front, so no Secure cookies.
            "ACCORD_HTTPS": "0",
            "ACCORD_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "ACCORD_API_RATE_SESSION": "100000/minute",
            "ACCORD_LOG_LEVEL": "WARNING",
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def manage(self, *arguments: str, code: str | None = None) -> str:
        command = [PYTHON, "manage.py", *arguments]
        if code is not None:
            command += ["-c", code]
        result = subprocess.run(  # noqa: S603 - our own command line
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=600
        )
        if result.returncode != 0:
            raise SystemExit(f"manage.py {arguments[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""

    def start(self, name: str, command: list[str]) -> None:
        log = open(self.work / f"{name}.log", "a")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=ROOT, env=self.env, stdout=log, stderr=log
        )

    def start_worker(self) -> None:
        self.start("worker", [PYTHON, "manage.py", "db_worker"])

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        subprocess.run(["rm", "-rf", str(self.work)], check=False)  # noqa: S603, S607


def main() -> int:
    args = parse_args()
    run = Run(args)
    try:
        return measure(run, args)
    finally:
        run.stop()


def measure(run: Run, args: argparse.Namespace) -> int:
    started = time.monotonic()
    run.manage("migrate", "--noinput")
    run.manage("createcachetable")
    run.manage("seed_demo", "--force")
    sessions = json.loads(run.manage("shell", code=SESSIONS))
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    run.start(
        "gunicorn",
        [
            gunicorn,
            "config.wsgi",
            "--bind",
            f"{HOST}:{run.port}",
            "--workers",
            "2",
            "--threads",
            "4",
        ],
    )
    run.start_worker()
    for _ in range(100):
        try:
            socket.create_connection((HOST, run.port), 1).close()
            break
        except OSError:
            time.sleep(0.2)
    print(f"setup: {time.monotonic() - started:.0f} s; {args.users} users for {args.seconds:.0f} s")

    ledger: list[tuple[str, str]] = []
    conflicts = [0]
    users = user_classes(sessions, ledger, conflicts)
    environment = Environment(user_classes=users, host=f"http://{HOST}:{run.port}")
    runner = environment.create_local_runner()

    @events.request.add_listener
    def bounded(**kwargs: object) -> None:
        if environment.stats.total.num_requests >= MAX_REQUESTS:
            runner.quit()

    runner.start(args.users, spawn_rate=args.users)
    tasks: list[str] = []
    if args.crash:

        def kill() -> None:
            # The task worker dies first, so the tasks queued next wait for its successor.
            os.kill(run.processes["worker"].pid, signal.SIGKILL)
            run.processes["worker"].wait()
            tasks.extend(run.manage("shell", code=ENQUEUE % 20).split())
            arbiter = str(run.processes["gunicorn"].pid)
            workers = subprocess.run(  # noqa: S603
                ["pgrep", "-P", arbiter],  # noqa: S607 - procps' pgrep
                capture_output=True,
                text=True,
            ).stdout.split()
            os.kill(int(workers[0]), signal.SIGKILL)
            run.start_worker()
            print(
                f"crash: killed the task worker, queued {len(tasks)} tasks, killed gunicorn "
                f"worker {workers[0]} (SIGKILL); task worker started again"
            )

        crashing = gevent.spawn_later(args.seconds / 3, kill)
    gevent.spawn_later(args.seconds, runner.quit)
    runner.greenlet.join()
    if args.crash:
        crashing.join()
    report(environment, args, conflicts[0])

    ledger_file = run.work / "ledger.json"
    ledger_file.write_text(json.dumps(ledger))
    deadline = time.monotonic() + 60
    while True:
        result = json.loads(run.manage("shell", code=CHECK % (str(ledger_file), tasks)))
        if result["tasks_done"] == result["tasks"] or time.monotonic() > deadline:
            break
        time.sleep(1)
    audit = run.manage("audit_verify")
    print(
        f"checks: {result['acknowledged']} acknowledged writes, {result['lost']} lost; "
        f"{result['half_saved']} half-saved records; {result['tasks_done']}/{result['tasks']} "
        f"queued tasks ran; {audit}"
    )
    failed = result["lost"] or result["half_saved"] or result["tasks_done"] != result["tasks"]
    return 1 if failed or "intact" not in audit else 0


def report(environment: Environment, args: argparse.Namespace, conflicts: int) -> None:
    stats = environment.stats
    total = stats.total
    print(f"\n{'flow':<28}{'requests':>9}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'errors':>8}")
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        print(
            f"{entry.name:<28}{entry.num_requests:>9}{entry.total_rps:>8.1f}"
            f"{entry.get_response_time_percentile(0.5):>7.0f}"
            f"{entry.get_response_time_percentile(0.95):>7.0f}"
            f"{entry.get_response_time_percentile(0.99):>7.0f}{entry.num_failures:>8}"
        )
    print(
        f"{'all':<28}{total.num_requests:>9}{total.total_rps:>8.1f}"
        f"{total.get_response_time_percentile(0.5):>7.0f}"
        f"{total.get_response_time_percentile(0.95):>7.0f}"
        f"{total.get_response_time_percentile(0.99):>7.0f}{total.num_failures:>8}"
    )
    print(f"(milliseconds) conflicts reported as 409: {conflicts}")
    for error in stats.errors.values():
        print(f"error: {error.method} {error.name}: {error.error} ×{error.occurrences}")


def user_classes(sessions: dict[str, str], ledger: list, conflicts: list[int]) -> list[type]:
    class Worker(HttpUser):
        abstract = True
        wait_time = between(0.2, 1.0)
        username = ""
        references: list[str] = []

        def on_start(self) -> None:
            self.client.cookies.set("sessionid", sessions[self.username])
            self.client.cookies.set("csrftoken", CSRF)
            answer = self.client.get("/api/v1/cases/", name="API: caseload")
            if answer.status_code == 200:
                self.references = [c["reference"] for c in answer.json()["results"]]

        def reference(self) -> str | None:
            return random.choice(self.references) if self.references else None  # noqa: S311

        def post(self, path: str, body: dict, name: str, kind: str) -> None:
            with self.client.post(
                path, json=body, name=name, headers={"X-CSRFToken": CSRF}, catch_response=True
            ) as answer:
                if answer.status_code == 201:
                    ledger.append((kind, answer.json()["uid"]))
                else:
                    answer.failure(f"{answer.status_code}")

        @task(4)
        def caseload(self) -> None:
            self.client.get("/cases/", name="page: caseload")

        @task(4)
        def case_page(self) -> None:
            if reference := self.reference():
                self.client.get(f"/cases/{reference}/", name="page: case")

    class Caseworker(Worker):
        weight = 3
        username = "caseworker"

        @task(2)
        def add_note(self) -> None:
            if reference := self.reference():
                body = {"contact_type": "phone", "text": "Called her back; she is safe today."}
                self.post(f"/api/v1/cases/{reference}/notes/", body, "API: add note", "note")

        @task(1)
        def record_incident(self) -> None:
            if reference := self.reference():
                body = {"forms": ["psychological"], "source": "survivor"}
                self.post(
                    f"/api/v1/cases/{reference}/incidents/",
                    body,
                    "API: record incident",
                    "incident",
                )

        @task(1)
        def change_case(self) -> None:
            reference = self.reference()
            if reference is None:
                return
            read = self.client.get(f"/api/v1/cases/{reference}/", name="API: case")
            if read.status_code != 200:
                return
            case = read.json()
            status = "on_hold" if case["status"] == "open" else "open"
            if case["status"] not in {"open", "on_hold"}:
                return
            with self.client.patch(
                f"/api/v1/cases/{reference}/",
                json={"version": case["version"], "status": status},
                name="API: change case (versioned)",
                headers={"X-CSRFToken": CSRF},
                catch_response=True,
            ) as answer:
                if answer.status_code == 409:
                    conflicts[0] += 1
                    answer.success()
                elif answer.status_code != 200:
                    answer.failure(f"{answer.status_code}")

    class PartnerWorker(Caseworker):
        weight = 1
        username = "partnerworker"

    class Manager(Worker):
        weight = 1
        username = "manager"

    class Facilitator(Worker):
        weight = 1
        username = "facilitator"

        @task(2)
        def add_note(self) -> None:
            if reference := self.reference():
                body = {"contact_type": "group", "text": "Attended group session 4."}
                self.post(f"/api/v1/cases/{reference}/notes/", body, "API: add note", "note")

    return [Caseworker, PartnerWorker, Manager, Facilitator]


if __name__ == "__main__":
    sys.exit(main())
