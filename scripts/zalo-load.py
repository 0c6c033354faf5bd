#!/usr/bin/env python3
"""Signed Zalo OA webhook events against a MapServer, from concurrent senders.

Used by scripts/kill-test (records every event answered 200, so that the restarted server
can be checked) and scripts/bench-zalo (events per second and the time to the 200).

  zalo-load.py BASE --app APP --oa OA --secret KEY [--senders 32] [--rate 500]
               [--seconds 10] [--acked FILE] [--prefix P]

Each sender is one resident: a text naming a neighbourhood of the demo province, then its
shared location, then a photo, then again (new msg_ids). The signature is Zalo's:
mac = sha256(app_id + raw body + timestamp + OA secret key).
"""
import argparse, hashlib, http.client, json, random, sys, threading, time, urllib.parse

TEXTS = ["Có nhóm thanh niên tụ tập mang hung khí ở khu phố 1 phường Khánh Hải",
         "Phát hiện người bán ma túy gần chợ, khu phố 2 phường Khánh Hải",
         "Cháy nhà ở khu phố 3 phường Khánh Hải",
         "Có người đánh bạc trong hẻm khu phố 1 phường Khánh Hải"]


def event(app, oa, user, name, message):
    body = json.dumps({"app_id": app, "user_id_by_app": "5" + user, "event_name": name,
                       "timestamp": str(int(time.time() * 1000)), "sender": {"id": user},
                       "recipient": {"id": oa}, "message": message}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    return body


def sign(app, body, secret):
    timestamp = json.loads(body)["timestamp"]
    return "mac=" + hashlib.sha256(app.encode() + body + timestamp.encode() + secret.encode()).hexdigest()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base"); p.add_argument("--app", required=True); p.add_argument("--oa", required=True)
    p.add_argument("--secret", required=True); p.add_argument("--senders", type=int, default=32)
    p.add_argument("--rate", type=float, default=0, help="events per second over all senders; 0 = as fast as answered")
    p.add_argument("--seconds", type=float, default=10); p.add_argument("--acked")
    p.add_argument("--prefix", default="load"); p.add_argument("--lon", type=float, default=108.95)
    p.add_argument("--lat", type=float, default=11.55)
    a = p.parse_args()
    url = urllib.parse.urlparse(a.base)
    latencies, acked, errors, lock = [], [], [], threading.Lock()
    stop = time.monotonic() + a.seconds
    interval = a.senders / a.rate if a.rate > 0 else 0

    def sender(n):
        user = f"{a.prefix}-user-{n}"
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        i, next_at = 0, time.monotonic() + random.random() * interval
        while time.monotonic() < stop:
            i += 1
            kind = i % 3
            msg = f"{a.prefix}-{n}-{i}"
            if kind == 1:
                body = event(a.app, a.oa, user, "user_send_text", {"msg_id": msg, "text": random.choice(TEXTS)})
            elif kind == 2:
                body = event(a.app, a.oa, user, "user_send_location", {"msg_id": msg, "text": "", "attachments": [
                    {"type": "location", "payload": {"coordinates": {"latitude": f"{a.lat + random.uniform(-0.01, 0.01):.6f}",
                                                                     "longitude": f"{a.lon + random.uniform(-0.01, 0.01):.6f}"}}}]})
            else:
                body = event(a.app, a.oa, user, "user_send_image", {"msg_id": msg, "attachments": [
                    {"type": "image", "payload": {"thumbnail": "https://f.zalo.me/t.jpg", "url": f"https://f.zalo.me/{msg}.jpg"}}]})
            if interval:
                delay = next_at - time.monotonic()
                if delay > 0: time.sleep(delay)
                next_at += interval
            started = time.monotonic()
            try:
                conn.request("POST", "/intake/zalo", body, {"Content-Type": "application/json", "X-ZEvent-Signature": sign(a.app, body, a.secret)})
                response = conn.getresponse(); response.read()
                status = response.status
            except Exception as e:  # the server was killed, or refused the connection
                with lock: errors.append(str(e))
                conn.close(); conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
                if a.acked: time.sleep(0.05)
                continue
            elapsed = time.monotonic() - started
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                    acked.append((msg, ["", "text", "location", "image"][kind or 3]))
                else:
                    errors.append(f"HTTP {status}")
                    if a.acked is None and len(errors) < 3: print(f"unexpected HTTP {status}", file=sys.stderr)

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(a.senders)]
    began = time.monotonic()
    for t in threads: t.start()
    for t in threads: t.join()
    took = time.monotonic() - began
    if a.acked:
        with open(a.acked, "w") as f:
            for msg, kind in acked: f.write(f"{msg}\t{kind}\n")
    latencies.sort()
    def q(x): return latencies[min(len(latencies) - 1, int(x * len(latencies)))] * 1000 if latencies else float("nan")
    print(json.dumps({"senders": a.senders, "target_rate": a.rate, "seconds": round(took, 2), "answered_200": len(latencies),
                      "events_per_second": round(len(latencies) / took, 1), "p50_ms": round(q(0.5), 2), "p99_ms": round(q(0.99), 2),
                      "max_ms": round(latencies[-1] * 1000, 2) if latencies else None, "errors": len(errors)}))


if __name__ == "__main__":
    main()
