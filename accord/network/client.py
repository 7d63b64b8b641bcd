"""Sending a report to the hub over its API with the hub's service token, retried on a lost
connection or a server error (never on a refusal: a refused submission is refused again)."""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

ATTEMPTS = 3
BACKOFF_SECONDS = (0.5, 2.0)
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Answer:
    ok: bool
    status: int
    body: dict[str, Any]
    attempts: int
    error: str = ""


def _post(url: str, token: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 - the hub's address is the operator's setting
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            body = json.loads(error.read() or b"{}")
        except ValueError:
            body = {}
        return error.code, body


def send(payload: dict[str, Any], *, sleep=time.sleep) -> Answer:
    url = settings.ACCORD_NETWORK_HUB_URL.rstrip("/") + "/api/v1/network/submissions/"
    token = settings.ACCORD_NETWORK_HUB_TOKEN
    error = ""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            status, body = _post(url, token, payload)
        except (urllib.error.URLError, OSError, ValueError) as failure:
            status, body, error = 0, {}, str(failure)
        else:
            if status < 500:
                return Answer(ok=status in (200, 201), status=status, body=body, attempts=attempt)
            error = f"HTTP {status}"
        if attempt < ATTEMPTS:
            sleep(BACKOFF_SECONDS[min(attempt - 1, len(BACKOFF_SECONDS) - 1)])
    return Answer(ok=False, status=0, body={}, attempts=ATTEMPTS, error=error)
