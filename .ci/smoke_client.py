"""The smoke test's signed-in flow over HTTP (.ci/smoke): sign in with password and TOTP, open
the caseload and the API, as a browser behind the TLS proxy would. Standard library only.

Cookies are kept by hand: they are Secure (production settings), and http.cookiejar would not
send them over the plain-HTTP hop from the proxy to gunicorn."""

import http.client
import json
import re
import subprocess
import sys
from urllib.parse import urlencode, urlsplit

HOST, PORT = sys.argv[1], int(sys.argv[2])
USERNAME, PASSWORD, TOTP_COMMAND = sys.argv[3], sys.argv[4], sys.argv[5]
ORIGIN = f"https://{HOST}:{PORT}"
cookies: dict[str, str] = {}


def request(method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    headers = {
        # What the proxy in front of gunicorn adds (ACCORD_BEHIND_PROXY=1).
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "127.0.0.1",
        "Host": f"{HOST}:{PORT}",
        "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
    }
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = ORIGIN
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    text = response.read().decode()
    location = urlsplit(response.getheader("Location") or "").path
    connection.close()
    return response.status, location, text


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        sys.exit("no CSRF token in the form")
    return found.group(1)


def expect(condition: bool, message: str) -> None:
    if not condition:
        sys.exit(f"smoke: {message}")
    print(f"smoke: {message}: ok")


status, _, page = request("GET", "/accounts/login/")
expect(status == 200, "the sign-in page answers")
status, location, _ = request(
    "POST",
    "/accounts/login/",
    {"login": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
)
expect(status == 302 and location == "/accounts/2fa/authenticate/", "the password is accepted")
status, _, page = request("GET", location)
code = subprocess.run(TOTP_COMMAND, shell=True, capture_output=True, text=True, check=True)  # noqa: S602 - our own command
# `manage.py shell` may print a line of its own before the code: the code is the last line.
totp_code = code.stdout.strip().splitlines()[-1]
status, location, _ = request(
    "POST", location, {"code": totp_code, "csrfmiddlewaretoken": csrf_token(page)}
)
expect(status == 302 and location == "/", "the TOTP code signs in")
status, _, page = request("GET", "/cases/")
expect(status == 200 and "<h1" in page, "the caseload opens")
status, _, body = request("GET", "/api/v1/cases/?format=json")
expect(status == 200 and "count" in json.loads(body), "the API answers the signed-in session")
status, _, body = request("GET", "/healthz")
expect(status == 200, "healthz answers")
