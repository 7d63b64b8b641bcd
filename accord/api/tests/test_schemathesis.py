"""The API conforms to its own schema: schemathesis drives every operation of /api/v1/ with all
its checks (server errors, documented status codes and headers, response schemas, negative data
refused, schema-valid data accepted, …), signed in as a caseworker and as a programme
facilitator, and finds nothing (issue 10, item 1).

It runs the `st` command a person would run by hand against a live server over the persona
world, bounded: a fixed seed, a few examples per operation, one worker. Run it alone with
`pytest accord/api/tests/test_schemathesis.py -s` to see schemathesis' own report."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.middleware.csrf import CSRF_SESSION_KEY, _get_new_csrf_string

from accord.accounts.models import User
from accord.testing import build_casework, build_world, client_for

ST = Path(sys.executable).with_name("st")
# The seed, the examples per operation and the checks' settings (schemathesis.toml).
CONFIG = Path(settings.BASE_DIR) / "schemathesis.toml"


def _signed_in(user: User) -> tuple[dict[str, str], list[str]]:
    """A signed-in browser session (past the second factor) for schemathesis' own handling of
    the schema's cookie scheme, and the CSRF token as a header. The CSRF secret is kept in the
    session (CSRF_USE_SESSIONS, set by the test) so that the session cookie is the only cookie:
    a second one in a raw Cookie header would hide from schemathesis which cookie signs in."""
    client = client_for(user)
    csrf = _get_new_csrf_string()
    session = client.session
    session[CSRF_SESSION_KEY] = csrf
    session.save()
    return {"ACCORD_ST_SESSION": session.session_key}, ["-H", f"X-CSRFToken: {csrf}"]


def _run(
    live_server, user: User, phases: str, paths: str, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    environment, headers = _signed_in(user)
    # The schema as /api/v1/schema/ serves it (the same generator), read from a file: the
    # cookie that signs schemathesis in is given to the schema's operations only.
    schema = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(schema))
    command = [
        str(ST),
        "--config-file",
        str(CONFIG),
        "run",
        str(schema),
        "--url",
        live_server.url,
        "--checks",
        "all",
        "--phases",
        phases,
        "--include-path-regex",
        paths,
        "--no-shrink",
        "--request-timeout",
        "20",
        "--report-dir",
        str(tmp_path),
        *headers,
    ]
    return subprocess.run(  # noqa: S603 - our own command line, no shell
        command,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **environment, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"},
        check=False,
    )


# The caseworker's run is split by path into parts of about the same size, so that pytest-xdist
# spreads them over its workers; the last part is every path the others leave, so no operation
# is ever left out. Splitting changes nothing a run sends: the seed is fixed and every operation
# gets its own examples (all its coverage cases, 3 fuzzed examples), whatever else is in the run.
CASES = r"/api/v1/cases/"
CASE_RECORDS = r"\{case_reference\}/(assessments|consents|empowerment|enrolments|incidents)/"
CASE_RECORD_PATHS = rf"^{CASES}{CASE_RECORDS}"
CASEWORK_PATHS = rf"^{CASES}(?!{CASE_RECORDS})"
PROGRAMME_PATHS = r"^/api/v1/(enrolments|programme|partner-links|compliance-reports|safety-info)"
CONFERENCE_PATHS = r"^/api/v1/conference"
OTHER_PATHS = rf"^(?!{CASES}|{PROGRAMME_PATHS[1:]}|{CONFERENCE_PATHS[1:]})"
EVERY_PATH = r"^/"

# The coverage phase (every boundary of every operation: most of the run's time) once, as the
# caseworker; the facilitator, on the other side of the barrier, with generated and stateful
# requests. Measured 2026-12-07 on the shared machine, 73 operations: the caseworker 2 769
# cases in 260 s (coverage 220 s, fuzzing 36 s, stateful 3 s), the facilitator 305 in 33 s,
# 0 failures. The coverage phase has no example count to lower (it sends every case the schema
# defines) and fuzzing already runs 3 examples an operation: a cheaper run would test less.
# Split (2026-12-07, 104 operations, load ~8): the caseworker's 3 993 cases in parts of 1 453
# (cases, 207 s before the case records were split off it), 832, 526 and 1 182, the
# facilitator's 406; every operation tested, 0 failures, the same examples as one whole run.
CASEWORKER = "examples,coverage,fuzzing,stateful"
PERSONAS = [
    pytest.param("caseworker", CASEWORKER, CASEWORK_PATHS, id="caseworker-cases"),
    pytest.param("caseworker", CASEWORKER, CASE_RECORD_PATHS, id="caseworker-case-records"),
    pytest.param("caseworker", CASEWORKER, PROGRAMME_PATHS, id="caseworker-programmes"),
    pytest.param("caseworker", CASEWORKER, CONFERENCE_PATHS, id="caseworker-conferences"),
    pytest.param("caseworker", CASEWORKER, OTHER_PATHS, id="caseworker-others"),
    pytest.param("facilitator", "examples,fuzzing,stateful", EVERY_PATH, id="facilitator"),
]


@pytest.mark.parametrize(("persona", "phases", "paths"), PERSONAS)
def test_it_conforms_to_its_schema(
    transactional_db, live_server, settings, persona: str, phases: str, paths: str, tmp_path: Path
) -> None:
    settings.CSRF_USE_SESSIONS = True
    # Throttling (tested in test_throttling.py) would answer most of the run with 429.
    settings.ACCORD_API_RATES = {scope: "100000/minute" for scope in settings.ACCORD_API_RATES}
    world = build_world()
    build_casework(world)
    result = _run(live_server, getattr(world, persona), phases, paths, tmp_path)
    # Shown by pytest when the test fails: schemathesis' report, with a curl line per failure.
    print(result.stdout, result.stderr)
    assert result.returncode == 0, "schemathesis found failures (its report is printed above)"
