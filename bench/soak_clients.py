#!/usr/bin/env python3
"""bench/soak_clients.py URL PID MINUTES RATE STAFF SHOPPERS ITEM USSD_TOKEN C2B_TOKEN [PGCONN]

Drives a duka at URL (process PID) for MINUTES with mixed traffic at RATE requests a second
in all, spread over 8 threads, as the shoppers whose tokens SHOPPERS lists (comma-separated),
each request one of them in turn: orders placed (a fifth paid by C2B, so payments, their SMS
and webhook deliveries follow), lists of items and orders, USSD steps, and a reload
(SIGHUP) every 30 s. Each minute it records duka's resident memory, open files, database
connections (PostgreSQL: pg_stat_activity, when PGCONN is given), the outbox depths from
/metrics, the requests answered and their p99, and the answers other than 2xx. Prints one
JSON object with a row per minute.
"""
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

URL, PID, MINUTES, RATE = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
STAFF, SHOPPERS, ITEM, USSD_TOKEN, C2B_TOKEN = sys.argv[5:10]
SHOPPERS = SHOPPERS.split(",")
PGCONN = sys.argv[10] if len(sys.argv) > 10 else ""
THREADS = 8
lock = threading.Lock()
latencies, failures, answered = [], {}, [0]
stop = threading.Event()


def call(method, path, body=None, token=None, form=False):
    headers = {}
    data = None
    if body is not None:
        data = (urllib.parse.urlencode(body) if form else json.dumps(body)).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded" if form else "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    started = time.monotonic()
    request = urllib.request.Request(URL + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    except Exception as e:  # a connection dropped: counted as a failure
        status, text = type(e).__name__, b""
    elapsed = (time.monotonic() - started) * 1000
    with lock:
        latencies.append(elapsed)
        answered[0] += 1
        if not (isinstance(status, int) and 200 <= status < 300):
            key = f"{method} {path.split('?')[0].rstrip('0123456789/')} {status}"
            failures[key] = failures.get(key, 0) + 1
    return status, text


def step(n):
    kind = n % 10
    shopper = SHOPPERS[(n // 10) % len(SHOPPERS)]
    if kind < 3:  # an order; every fifth one paid by C2B
        status, text = call("POST", "/api/orders/", {"items": [{"inventory_id": int(ITEM), "quantity": 1}]}, shopper)
        if status == 201 and n % 5 == 0:
            order = json.loads(text)
            call("POST", f"/api/payments/c2b/{C2B_TOKEN}/confirmation/",
                 {"TransactionType": "Pay Bill", "TransID": f"SOAK{n}-{random.randrange(10**9)}",
                  "TransTime": "20261206100000", "TransAmount": order["total"],
                  "BusinessShortCode": "174379", "BillRefNumber": f"ORDER{order['id']}",
                  "MSISDN": "254712345678"})
    elif kind < 6:
        call("GET", "/api/inventory/?limit=20", token=STAFF)
    elif kind < 8:
        call("GET", "/api/orders/?limit=20&ordering=-id", token=shopper)
    else:  # a USSD session's step
        text = random.choice(["", "1", "1*1", "2", "3"])
        call("POST", f"/api/ussd/{USSD_TOKEN}/",
             {"sessionId": f"soak-{n}", "serviceCode": "*384#", "phoneNumber": "+254712345678",
              "networkCode": "63902", "text": text}, form=True)


def client(index):
    interval = THREADS / RATE
    n = index
    next_at = time.monotonic()
    while not stop.is_set():
        step(n)
        n += THREADS
        next_at += interval
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        else:
            next_at = time.monotonic()  # behind: never catch up in a burst


def reloads():
    while not stop.wait(30):
        os.kill(PID, signal.SIGHUP)


def sample():
    rss = 0
    with open(f"/proc/{PID}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    files = len(os.listdir(f"/proc/{PID}/fd"))
    depths = {}
    try:
        with urllib.request.urlopen(URL + "/metrics", timeout=10) as response:
            for line in response.read().decode().splitlines():
                if "_outbox_depth" in line and not line.startswith("#"):
                    name, value = line.rsplit(" ", 1)
                    depths[name] = float(value)
    except Exception:
        pass
    connections = None
    if PGCONN:
        out = subprocess.run(["psql", "-Atq", PGCONN, "-c",
                              "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"],
                             capture_output=True, text=True)
        connections = int(out.stdout.strip() or 0)
    return rss, files, depths, connections


threads = [threading.Thread(target=client, args=(i,)) for i in range(THREADS)]
threads.append(threading.Thread(target=reloads))
for thread in threads:
    thread.start()
rows = []
for minute in range(1, int(MINUTES * 60 / 60) + 1):
    time.sleep(60)
    with lock:
        taken, latencies[:] = sorted(latencies), []
        count, answered[0] = answered[0], 0
        failed = dict(failures)
        failures.clear()
    rss, files, depths, connections = sample()
    p99 = taken[int(len(taken) * 0.99) - 1] if taken else 0
    rows.append({"minute": minute, "requests": count, "p99_ms": round(p99, 1), "rss_kib": rss,
                 "open_files": files, "db_connections": connections, "outbox_depths": depths,
                 "not_2xx": failed})
    print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
stop.set()
for thread in threads:
    thread.join()
print(json.dumps({"rate": RATE, "minutes": MINUTES, "rows": rows}))
