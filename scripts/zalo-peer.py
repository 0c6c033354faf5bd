#!/usr/bin/env python3
"""The peer for scripts/bench-zalo: the usual Zalo webhook receiver, as integrations write it
(Python's standard library: ThreadingHTTPServer; verify mac = sha256(app_id + body + timestamp
+ OA secret key), insert the raw event into SQLite with WAL and synchronous=FULL, commit,
answer 200). No processing: it only records, so it is a floor for "durable before the 200".

  zalo-peer.py PORT DATABASE SECRET
"""
import hashlib, hmac, json, sqlite3, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, path, secret = int(sys.argv[1]), sys.argv[2], sys.argv[3]
local = threading.local()


def db():
    if not hasattr(local, "c"):
        c = sqlite3.connect(path, timeout=30, isolation_level=None)
        c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA synchronous=FULL")
        c.execute("CREATE TABLE IF NOT EXISTS events (key TEXT PRIMARY KEY, body BLOB)")
        local.c = c
    return local.c


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        event = json.loads(body)
        mac = "mac=" + hashlib.sha256(event["app_id"].encode() + body + event["timestamp"].encode() + secret.encode()).hexdigest()
        if not hmac.compare_digest(mac, self.headers.get("X-ZEvent-Signature", "")):
            self.send_response(401); self.send_header("Content-Length", "0"); self.end_headers(); return
        db().execute("INSERT OR IGNORE INTO events VALUES (?, ?)", (event["message"]["msg_id"], body))
        out = b'{"received":true}'
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.send_header("Content-Length", str(len(out)))
        self.end_headers(); self.wfile.write(out)


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
