"""Two instances on loopback: this test process is the locality (its own test database), and a
second process, gunicorn on another free 127.0.0.1 port with its own SQLite file, is the hub.
The locality's approved tables travel to the hub over HTTP with the member's service token."""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from accord.audit.context import Actor
from accord.network import services
from accord.network.models import ReportStatus
from accord.network.tests.helpers import build_network, survivor_with_incident
from accord.testing.databases import CopyDatabase, environment_for, manage

ROOT = Path(django_settings.BASE_DIR)


@dataclass(frozen=True)
class Hub:
    url: str
    token: str
    database: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, migrated_database: CopyDatabase) -> Iterator[Hub]:
    # Migrated, with the cache table that holds the API's throttle counts, as in production.
    database = migrated_database(tmp_path_factory.mktemp("hub") / "hub.sqlite3")
    env = environment_for(database, ACCORD_HTTPS="0")
    manage(database, "load_indicators")
    token = manage(
        database,
        "network_member_create",
        "riverton",
        "Riverton Partnership",
        "--country",
        "ES",
        "--since",
        "2021-03-01",
    ).strip()
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - gunicorn, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        yield Hub(url=url, token=token, database=database)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _hub_submissions(hub: Hub) -> list[dict]:
    request = urllib.request.Request(  # noqa: S310
        f"{hub.url}/api/v1/network/submissions/",
        headers={"Authorization": f"Token {hub.token}", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())["results"]


@pytest.mark.django_db(transaction=True)
def test_a_locality_submits_to_a_hub_over_http(world, hub: Hub, settings) -> None:
    settings.ACCORD_NETWORK_HUB_URL = hub.url
    settings.ACCORD_NETWORK_HUB_TOKEN = hub.token
    settings.ACCORD_NETWORK_MEMBER = "riverton"
    network = build_network(world)
    for name in "ABCDEFG":
        survivor_with_incident(world, name=name)

    report = services.report_prepare(actor=Actor.for_user(network.analyst), period="2026-Q3")
    report = services.report_approve(
        actor=Actor.for_user(network.second_analyst), report=report, expected_version=1
    )
    sent = services.report_send(actor=Actor.for_user(network.analyst), report=report)

    assert sent.status == ReportStatus.SUBMITTED, sent.last_error
    assert sent.receipt["created"] == len(report.tables)
    stored = _hub_submissions(hub)
    survivors = next(s for s in stored if s["indicator"] == "survivors-supported")
    total = next(c for c in survivors["cells"] if c["key"] == ["woman", "_T"])
    assert total["value"] == 7 and survivors["revision"] == 1
    # Sent again (a retry after a lost answer): the hub stores nothing new.
    again = services.report_send(actor=Actor.for_user(network.analyst), report=sent)
    assert again.receipt["created"] == 0 and len(_hub_submissions(hub)) == len(stored)


@pytest.mark.django_db(transaction=True)
def test_the_hub_refuses_a_tampered_table_over_http_and_stores_nothing(
    world, hub: Hub, settings
) -> None:
    settings.ACCORD_NETWORK_HUB_URL = hub.url
    settings.ACCORD_NETWORK_HUB_TOKEN = hub.token
    settings.ACCORD_NETWORK_MEMBER = "elsewhere"  # not the member the token is for
    network = build_network(world)
    before = _hub_submissions(hub)
    report = services.report_prepare(actor=Actor.for_user(network.analyst), period="2026-Q2")
    report = services.report_approve(
        actor=Actor.for_user(network.second_analyst), report=report, expected_version=1
    )
    sent = services.report_send(actor=Actor.for_user(network.analyst), report=report)
    assert sent.status == ReportStatus.APPROVED
    assert "submits for riverton only" in sent.last_error
    assert _hub_submissions(hub) == before
