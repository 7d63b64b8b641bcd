"""Load and crash run: mixed-role users doing real flows against gunicorn and the task worker,
then proof that nothing acknowledged was lost (issue 10, items 3 and 4; docs/operations.md).

    .venv/bin/python bench/load.py [--users 50] [--seconds 30] [--crash] [--database-url URL]

1. a fresh database: DATABASE_URL / --database-url (an empty PostgreSQL database), else a
   SQLite file in a temporary directory; migrate and the demo locality (seed_demo --force);
2. gunicorn (config.wsgi, 2 workers, DEBUG off) and `manage.py db_worker` on 127.0.0.1, and
   the load starts once both workers answer /healthz;
3. sessions written directly for the demo's caseworkers, manager, facilitator and mentor (as
   the test client's force_login does; they have TOTP, so the MFA middleware lets them in);
4. locust users of mixed roles, through the pages and the public API only: the caseload and
   case pages; adding a note and recording an incident; changing a case with the version read;
   completing a risk assessment (start it, answer the instrument's items, complete it);
   referring a case to the Migrant Women's Network (draft, send, recording her consent first
   where the send asks for it), which the network's mentor accepts and later closes. A stale
   version (409) or a referral another mentor answered first (404) is counted as a conflict;
   a referral refused because the case already has one open there is counted as refused;
   every acknowledged write (201, or 200 to a change) goes into a ledger;
5. with --crash: at a third of the time the task worker is killed with SIGKILL, a batch of
   tasks queued, one gunicorn worker killed with SIGKILL (its master starts another), and the
   task worker started again;
6. afterwards: every ledger entry is in the database in the state it was acknowledged in,
   every record of those kinds has the audit events of its state (no half-saved record), the
   queued tasks ran, and `audit_verify` passes.

Prints throughput, p50/p95/p99 per flow, errors, conflicts and refusals. Exit status 1 if a
check fails, if any request got a server error (5xx) or an answer no flow expects, or if a
request got no answer in a run without --crash (with it, the requests in flight on the killed
worker get none: never acknowledged, so nothing a client was told is saved can be missing).
Only loopback is contacted; users, time and requests are bounded; everything started is
stopped and the temporary directory removed on exit.
"""

import argparse
import datetime
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from accord.accounts.models import Service, Team, User
out = {"sessions": {}}
for username in %r:
    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    out["sessions"][username] = store.session_key
# Where the caseworkers refer: the demo's mentors, under the protocol between the two.
mentors = Team.objects.select_related("service").get(
    service__organisation__slug="riverton-migrant-womens-network", name="Mentors"
)
out["network"] = {
    "service": mentors.service_id,
    "organisation": mentors.service.organisation_id,
    "team": mentors.pk,
}
print(json.dumps(out))
"""
USERNAMES = ["caseworker", "manager", "facilitator", "partnerworker", "mentor"]

ENQUEUE = """
from accord.people.tasks import apply_retention
print(" ".join(str(apply_retention.enqueue().id) for _ in range(%d)))
"""

# Every acknowledged write is there in the state it was acknowledged in; every record of these
# kinds carries the audit events of its state, written in the same transaction (none without).
CHECK = """
import json
from collections import defaultdict
from django_tasks_db.models import DBTaskResult
from accord.audit.models import AuditEvent
from accord.cases.models import Case, Incident, Note
from accord.people.models import Consent
from accord.referrals.models import Referral, ReferralStatus as R
from accord.risk.models import Assessment, AssessmentStatus
ledger = json.load(open(%r))
tasks = %r
referrals = {r.reference: r for r in Referral.objects.all()}
assessments = {str(a.uid): a for a in Assessment.objects.all()}
versions = dict(Case.objects.values_list("reference", "version"))
present = {
    "note": lambda key: Note.objects.filter(uid=key).exists(),
    "incident": lambda key: Incident.objects.filter(uid=key).exists(),
    "consent": lambda key: Consent.objects.filter(uid=key).exists(),
    "case changed": lambda key: versions.get(key[0], 0) >= key[1],
    "assessment started": lambda key: key in assessments,
    "assessment completed": lambda key: key in assessments
    and assessments[key].status == AssessmentStatus.COMPLETE,
    "referral drafted": lambda key: key in referrals,
    "referral sent": lambda key: key in referrals and referrals[key].status != R.DRAFT,
    "referral accepted": lambda key: key in referrals
    and referrals[key].status in {R.ACCEPTED, R.CLOSED}
    and referrals[key].receiver_case_id is not None,
    "referral closed": lambda key: key in referrals and referrals[key].status == R.CLOSED,
}
lost = [entry for entry in ledger if not present[entry[0]](entry[1])]
events = defaultdict(set)
for object_type, object_id, action in AuditEvent.objects.values_list(
    "object_type", "object_id", "action"
):
    events[object_type, object_id].add(action)
def missing(rows, object_type, action):
    return [row.pk for row in rows if action not in events[object_type, str(row.pk)]]
half = (
    missing(Note.objects.all(), "cases.note", "note.added")
    + missing(Incident.objects.all(), "cases.incident", "incident.recorded")
    + missing(Consent.objects.all(), "people.consent", "consent.recorded")
    + missing(assessments.values(), "risk.assessment", "assessment.started")
    + missing(
        [a for a in assessments.values() if a.status == AssessmentStatus.COMPLETE],
        "risk.assessment",
        "assessment.completed",
    )
    + missing(referrals.values(), "referrals.referral", "referral.drafted")
    + missing(
        [r for r in referrals.values() if r.status in {R.SENT, R.ACCEPTED} or r.sent_at],
        "referrals.referral",
        "referral.sent",
    )
    + missing(
        [r for r in referrals.values() if r.receiver_case_id],
        "referrals.referral",
        "referral.accepted",
    )
    + missing(
        [r for r in referrals.values() if r.status == R.CLOSED],
        "referrals.referral",
        "referral.closed",
    )
)
statuses = list(DBTaskResult.objects.filter(id__in=tasks).values_list("status", flat=True))
kinds = defaultdict(int)
for kind, _ in ledger:
    kinds[kind] += 1
print(json.dumps({"acknowledged": len(ledger), "kinds": kinds, "lost": len(lost),
                  "lost_entries": lost[:10], "half_saved": len(half), "tasks": len(tasks),
                  "tasks_done": statuses.count("SUCCESSFUL")}))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
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

    def wait_until_served(self) -> None:
        """Until both gunicorn workers have booted: a bound port answers nothing before, and
        a load started then would measure Django's start-up."""
        deadline = time.monotonic() + 180
        answered = 0
        while answered < 4:
            try:
                with urllib.request.urlopen(  # noqa: S310 - loopback, our own server
                    f"http://{HOST}:{self.port}/healthz", timeout=30
                ) as answer:
                    answered += answer.status == 200
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(
                        "gunicorn did not answer:\n" + (self.work / "gunicorn.log").read_text()
                    ) from None
                time.sleep(0.5)

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


@dataclass
class Tally:
    """What the flows saw besides their successes, and the ledger of acknowledged writes."""

    ledger: list[tuple[str, object]] = field(default_factory=list)
    conflicts: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)


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
    world = json.loads(run.manage("shell", code=SESSIONS % USERNAMES))
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
            # The shared machine may be slow: a request is not cut off as a hung worker.
            "--timeout",
            "120",
        ],
    )
    run.start_worker()
    run.wait_until_served()
    print(f"setup: {time.monotonic() - started:.0f} s; {args.users} users for {args.seconds:.0f} s")

    tally = Tally()
    users = user_classes(world, tally)
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
    errors = report(environment, tally)

    ledger_file = run.work / "ledger.json"
    ledger_file.write_text(json.dumps(tally.ledger))
    deadline = time.monotonic() + 60
    while True:
        result = json.loads(run.manage("shell", code=CHECK % (str(ledger_file), tasks)))
        if result["tasks_done"] == result["tasks"] or time.monotonic() > deadline:
            break
        time.sleep(1)
    audit = run.manage("audit_verify")
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(result["kinds"].items()))
    print(
        f"checks: {result['acknowledged']} acknowledged writes ({kinds}), {result['lost']} "
        f"lost; {result['half_saved']} half-saved records; {result['tasks_done']}/"
        f"{result['tasks']} queued tasks ran; {audit}"
    )
    problems = []
    if result["lost"]:
        problems.append(f"lost writes: {result['lost_entries']}")
    if result["half_saved"]:
        problems.append("half-saved records")
    if result["tasks_done"] != result["tasks"]:
        problems.append("queued tasks that did not run")
    if "intact" not in audit:
        problems.append("a broken audit chain")
    if errors["server"]:
        problems.append(f"{errors['server']} server errors")
        # The work directory goes with the run: the tracebacks are shown while they are there.
        print("gunicorn's log, its errors:", server_errors(run.work / "gunicorn.log"), sep="\n")
    if errors["unexpected"]:
        problems.append(f"{errors['unexpected']} answers no flow expects")
    if errors["unanswered"] and not args.crash:
        problems.append(f"{errors['unanswered']} requests without an answer")
    # A flow that raised (a body it could not read) made no request the figures count.
    for exception in runner.exceptions.values():
        problems.append(f"a flow raised ×{exception['count']}: {exception['msg']}")
    if not result["acknowledged"]:
        problems.append("no write acknowledged: the run tested nothing")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def server_errors(log: Path) -> str:
    """The log's first server error with its traceback (Django logs each 500 with one)."""
    lines = log.read_text(errors="replace").splitlines()
    starts = [number for number, line in enumerate(lines) if "Internal Server Error" in line]
    if not starts:
        return "(no error record: the 500 came from outside Django)"
    return "\n".join(lines[starts[0] : starts[0] + 80])


def report(environment: Environment, tally: Tally) -> dict[str, int]:
    """Prints the figures; returns the failures by kind: a server error (5xx), no answer at all
    (status 0: a connection reset or refused), and any other answer no flow expects."""
    stats = environment.stats
    total = stats.total
    print(f"\n{'flow':<32}{'requests':>9}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'errors':>8}")
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        print(
            f"{entry.name:<32}{entry.num_requests:>9}{entry.total_rps:>8.1f}"
            f"{entry.get_response_time_percentile(0.5):>7.0f}"
            f"{entry.get_response_time_percentile(0.95):>7.0f}"
            f"{entry.get_response_time_percentile(0.99):>7.0f}{entry.num_failures:>8}"
        )
    print(
        f"{'all':<32}{total.num_requests:>9}{total.total_rps:>8.1f}"
        f"{total.get_response_time_percentile(0.5):>7.0f}"
        f"{total.get_response_time_percentile(0.95):>7.0f}"
        f"{total.get_response_time_percentile(0.99):>7.0f}{total.num_failures:>8}"
    )
    print("(milliseconds)")
    for heading, counts in [
        ("conflicts (409, or answered first by another)", tally.conflicts),
        ("refused as expected (a case referred there already)", tally.refused),
    ]:
        listed = ", ".join(f"{flow} ×{count}" for flow, count in sorted(counts.items()))
        print(f"{heading}: {counts.total()}{' (' + listed + ')' if listed else ''}")
    errors = {"server": 0, "unanswered": 0, "unexpected": 0}
    for error in stats.errors.values():
        print(f"error: {error.method} {error.name}: {error.error} ×{error.occurrences}")
        text = str(error.error)
        if text.startswith("5"):
            errors["server"] += error.occurrences
        elif text.startswith(UNEXPECTED) or text.startswith("4"):
            # Locust's own message for a 4xx on a read the flow does not check itself.
            errors["unexpected"] += error.occurrences
        else:
            errors["unanswered"] += error.occurrences
    return errors


UNEXPECTED = "answered "


def fail(answer: Any) -> None:
    """Marks an answer no flow expects by its kind, as `report` counts them: a server error, no
    answer at all (status 0, as when the crash run kills the worker serving it), or another."""
    code = answer.status_code
    if code >= 500:
        answer.failure(f"{code}")
    elif code:
        answer.failure(f"{UNEXPECTED}{code}: {answer.text[:200]}")
    else:
        answer.failure(f"no answer: {answer.error}")


def user_classes(world: dict, tally: Tally) -> list[type]:
    sessions = world["sessions"]
    network = world["network"]

    class Worker(HttpUser):
        abstract = True
        wait_time = between(0.2, 1.0)
        username = ""
        cases: list[dict] = []

        def on_start(self) -> None:
            self.client.cookies.set("sessionid", sessions[self.username])
            self.client.cookies.set("csrftoken", CSRF)
            answer = self.client.get("/api/v1/cases/", name="API: caseload")
            if answer.status_code == 200:
                self.cases = answer.json()["results"]

        def reference(self, *kinds: str, closed: bool = False) -> str | None:
            """One of her cases, of these kinds if given; a closed one only to read (no flow
            closes a case, so the caseload's statuses hold for the run)."""
            cases = [
                c
                for c in self.cases
                if (not kinds or c.get("kind") in kinds) and (closed or c.get("status") != "closed")
            ]
            return random.choice(cases)["reference"] if cases else None  # noqa: S311

        def send(self, method: str, path: str, body: dict, name: str, **expected: str) -> Any:
            """The answer's body if it was 200 or 201; None after an expected refusal, counted
            as `expected` says by status ("conflict" or "refused"), and after a failure."""
            with self.client.request(
                method,
                path,
                json=body,
                name=name,
                headers={"X-CSRFToken": CSRF},
                catch_response=True,
            ) as answer:
                code = answer.status_code
                if code in {200, 201}:
                    return answer.json()
                outcome = expected.get(f"on_{code}")
                if outcome == "conflict":
                    tally.conflicts[f"{name}: {code}"] += 1
                    answer.success()
                elif outcome == "refused":
                    tally.refused[f"{name}: {code}"] += 1
                    answer.success()
                else:
                    fail(answer)
                return None

        def note(self, contact_type: str, text: str) -> None:
            if reference := self.reference():
                path = f"/api/v1/cases/{reference}/notes/"
                body = {"contact_type": contact_type, "text": text}
                if made := self.send("POST", path, body, "API: add note"):
                    tally.ledger.append(("note", made["uid"]))

        @task(4)
        def caseload(self) -> None:
            self.client.get("/cases/", name="page: caseload")

        @task(4)
        def case_page(self) -> None:
            if reference := self.reference(closed=True):
                self.client.get(f"/cases/{reference}/", name="page: case")

    class Caseworker(Worker):
        weight = 3
        username = "caseworker"
        checklist: dict | None = None

        def on_start(self) -> None:
            super().on_start()
            answer = self.client.get("/api/v1/instruments/", name="API: instruments")
            if answer.status_code == 200:
                self.checklist = next(
                    (
                        i
                        for i in answer.json()["results"]
                        if i["slug"] == "survivor-checklist" and i["active"]
                    ),
                    None,
                )

        @task(2)
        def add_note(self) -> None:
            self.note("phone", "Called her back; she is safe today.")

        @task(1)
        def record_incident(self) -> None:
            if reference := self.reference():
                body = {"forms": ["psychological"], "source": "survivor"}
                path = f"/api/v1/cases/{reference}/incidents/"
                if made := self.send("POST", path, body, "API: record incident"):
                    tally.ledger.append(("incident", made["uid"]))

        @task(1)
        def change_case(self) -> None:
            reference = self.reference()
            if reference is None:
                return
            read = self.client.get(f"/api/v1/cases/{reference}/", name="API: case")
            if read.status_code != 200 or read.json()["status"] not in {"open", "on_hold"}:
                return
            case = read.json()
            body = {
                "version": case["version"],
                "status": "on_hold" if case["status"] == "open" else "open",
            }
            path = f"/api/v1/cases/{reference}/"
            changed = self.send(
                "PATCH", path, body, "API: change case (versioned)", on_409="conflict"
            )
            if changed:
                tally.ledger.append(("case changed", (reference, changed["version"])))

        @task(1)
        def complete_assessment(self) -> None:
            """Her risk checklist, from start to completion: the answers are those a worker
            might give (items that open a follow-up module answered no, to keep it closed)."""
            if self.checklist is None:
                return
            reference = self.reference(*self.checklist["definition"]["case_kinds"])
            if reference is None:
                return
            path = f"/api/v1/cases/{reference}/assessments/"
            body = {"instrument": self.checklist["id"], "occasion": "scheduled"}
            started = self.send("POST", path, body, "API: start assessment")
            if not started:
                return
            tally.ledger.append(("assessment started", started["uid"]))
            definition = self.checklist["definition"]
            opening = {m["opened_by"]["item"] for m in definition.get("modules", [])}
            answers = {
                item["key"]: "no" if item["key"] in opening else random.choice(["yes", "no"])  # noqa: S311
                for section in definition["sections"]
                for item in section["items"]
            }
            body = {"version": started["version"], "answers": answers}
            done = self.send(
                "POST",
                f"{path}{started['uid']}/complete/",
                body,
                "API: complete assessment",
                on_409="conflict",
            )
            if done:
                tally.ledger.append(("assessment completed", done["uid"]))

        @task(1)
        def refer(self) -> None:
            """To the Migrant Women's Network's mentors: draft, send; where the send asks for
            her consent, record it (as she gave it today) and send again."""
            reference = self.reference("survivor_support")
            if reference is None:
                return
            body = {"case": reference, "to_service": network["service"]}
            # One open referral of a case to a service: a second is refused, not an error.
            draft = self.send(
                "POST", "/api/v1/referrals/", body, "API: draft referral", on_400="refused"
            )
            if not draft:
                return
            tally.ledger.append(("referral drafted", draft["reference"]))
            sent = self.send_referral(draft, reference)
            if sent:
                tally.ledger.append(("referral sent", sent["reference"]))

        def send_referral(self, draft: dict, reference: str) -> dict | None:
            path = f"/api/v1/referrals/{draft['reference']}/send/"
            with self.client.post(
                path,
                json={"version": draft["version"]},
                name="API: send referral",
                headers={"X-CSRFToken": CSRF},
                catch_response=True,
            ) as answer:
                if answer.status_code == 200:
                    return answer.json()
                if answer.status_code != 400 or "consent" not in answer.json():
                    fail(answer)
                    return None
                answer.success()
            consent = {
                "scope": "referral_to_organisation",
                "organisation": network["organisation"],
                "given_by": "person",
                "method": "written",
                "given_on": datetime.date.today().isoformat(),
            }
            recorded = self.send(
                "POST", f"/api/v1/cases/{reference}/consents/", consent, "API: record consent"
            )
            if not recorded:
                return None
            tally.ledger.append(("consent", recorded["uid"]))
            body = {"version": draft["version"]}
            return self.send("POST", path, body, "API: send referral", on_409="conflict")

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
            self.note("group", "Attended group session 4.")

    class Mentor(Worker):
        """The network's mentor answers the referrals sent to her team, and closes accepted
        ones once the case is hers (so that the case may be referred again)."""

        weight = 1
        username = "mentor"

        def referrals(self, status: str) -> list[dict]:
            answer = self.client.get("/api/v1/referrals/", name="API: referrals")
            if answer.status_code != 200:
                return []
            # Those sent to her service: the network's own referrals to Women's Aid are listed
            # too, for her as their sender.
            return [
                r
                for r in answer.json()["results"]
                if r["status"] == status and r["to_service"]["id"] == network["service"]
            ]

        def transition(self, verb: str, body: dict, kind: str, status: str) -> None:
            waiting = self.referrals(status)
            if not waiting:
                return
            referral = random.choice(waiting)  # noqa: S311
            done = self.send(
                "POST",
                f"/api/v1/referrals/{referral['reference']}/{verb}/",
                {"version": referral["version"], **body},
                f"API: {verb} referral",
                # Another mentor user answered it first: stale (409), or no longer to be
                # answered by her when she reached it (404).
                on_409="conflict",
                on_404="conflict",
            )
            if done:
                tally.ledger.append((kind, done["reference"]))

        @task(3)
        def accept(self) -> None:
            self.transition("accept", {"team": network["team"]}, "referral accepted", "sent")

        @task(1)
        def close(self) -> None:
            self.transition("close", {}, "referral closed", "accepted")

    return [Caseworker, PartnerWorker, Manager, Facilitator, Mentor]


if __name__ == "__main__":
    sys.exit(main())
