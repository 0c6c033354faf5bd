#!/usr/bin/env python3
"""Sends scripts/hostile/requests.txt to a live MapServer and checks every answer.

Usage: send.py BASE_URL REQUESTS_FILE  (tokens in the environment: ANALYST, COMMANDER,
INTAKE, SCOPED). Exits 1 on the first request that kills or hangs the server, and after
all requests when any answered outside its expectation or with a 5xx.
"""
import http.client
import os
import sys
import time
import urllib.parse

base, listing = sys.argv[1], sys.argv[2]
host = urllib.parse.urlparse(base)
tokens = {"anonymous": None, "analyst": os.environ["ANALYST"], "commander": os.environ["COMMANDER"],
          "intake": os.environ["INTAKE"], "scoped": os.environ["SCOPED"]}
bodies = {
    "@1MB": b'{"lon": 108.9, "lat": 11.5, "category": "criminal", "description": "' + b"x" * (1 << 20) + b'"}',
    "@badutf8": b'{"lon": 108.9, "lat": 11.5, "category": "criminal", "description": "\xff\xfe\xc3\x28"}',
    "@nested": b"[" * 100_000 + b"]" * 100_000,
    "@1MBtext": b'{"category": "criminal", "location_text": "' + "phường Khánh Hải ".encode() * 60_000 + b'"}',
    "@badutf8text": b'{"category": "criminal", "location_text": "ph\xff\xfe\xc3\x28 Kh\xc3nh H\xe1i"}',
}


def send(method, path, body, token, timeout=30):
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=timeout)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = "Bearer " + token
    started = time.monotonic()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        return response.status, payload, time.monotonic() - started
    finally:
        connection.close()


def matches(expect, status):
    return any(status == int(e) if e.isdigit() else str(status)[0] == e[0] for e in expect.split("|"))


failures, count, slowest = [], 0, (0.0, "")
for number, line in enumerate(open(listing, encoding="utf-8"), 1):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    parts = line.split(" ", 4)
    expect, role, method, path = parts[:4]
    raw = parts[4] if len(parts) > 4 else None
    body = bodies.get(raw, raw.encode() if raw is not None else None)
    where = f"{listing}:{number}: {role} {method} {path[:100]}"
    try:
        status, payload, seconds = send(method, path, body, tokens[role])
    except Exception as error:  # a reset, a timeout: the server died or hung
        sys.exit(f"hostile-test: FAIL {where}: no answer ({type(error).__name__}: {error})")
    count += 1
    slowest = max(slowest, (seconds, where))
    if status >= 500 or not matches(expect, status):
        failures.append(f"{where}: {status}, expected {expect}: {payload[:200]!r}")
    try:
        alive, _, _ = send("GET", "/health", None, None, timeout=10)
    except Exception as error:
        sys.exit(f"hostile-test: FAIL {where}: the server stopped answering /health ({error})")
    if alive != 200:
        sys.exit(f"hostile-test: FAIL {where}: /health answered {alive} afterwards")

for failure in failures:
    print("hostile-test: FAIL " + failure, file=sys.stderr)
print(f"hostile-test: {count} hostile requests, {count - len(failures)} answered as expected, "
      f"the server answered /health after each; slowest {slowest[0]:.2f} s ({slowest[1]})")
sys.exit(1 if failures else 0)
