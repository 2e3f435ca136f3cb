#!/usr/bin/env python3
"""bench/attack_clients.py PORT PID ATTACK [SECONDS]: one attack of the hardening review
against a duka on 127.0.0.1:PORT (process PID), bounded in time, with GET /health probes
from a new connection every half second meanwhile. Prints one JSON object: the probes'
answers and latencies, and duka's resident memory before and at its peak.

ATTACK is one of:
  chunk-line    4 connections: a chunked body "1;" and then bytes with no CRLF, for ever
  trailers      4 connections: a last chunk "0" and a trailer line that never ends
  slow-bodies   70 connections: a head with Content-Length: 1000, then a byte every 2 s,
                each reconnecting when dropped
  slow-readers  70 connections with 4 KiB receive buffers: 200 pipelined
                GET /api/openapi.json each, never read
  slow-daraja   PAYERS (16) customers pay at once while Daraja's token and push hang
                (needs bench/attacks' shop: DUKA_ORDERS names the orders and tokens)
  hog           one address opens up to 10,000 connections and reopens each as it closes;
                the probes come from 127.0.0.2
  none          no attack: the probes' reference
"""
import json
import os
import socket
import statistics
import sys
import threading
import time
import urllib.request

PORT = int(sys.argv[1])
PID = int(sys.argv[2])
ATTACK = sys.argv[3]
SECONDS = float(sys.argv[4]) if len(sys.argv) > 4 else 20.0
HEALTH = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
stop = threading.Event()


def rss_kb():
    with open("/proc/%d/status" % PID) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Memory:
    """Samples duka's RSS every 100 ms and keeps the peak."""

    def __init__(self):
        self.before = rss_kb()
        self.peak = self.before
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while not stop.is_set():
            self.peak = max(self.peak, rss_kb())
            time.sleep(0.1)


def probe(source="127.0.0.1", timeout=5.0):
    """One GET /health on a new connection: (status, milliseconds); status 0 on a timeout."""
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=timeout,
                                      source_address=(source, 0)) as s:
            s.sendall(HEALTH)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
    except OSError:
        status = 0
    return status, (time.monotonic() - start) * 1000


def probes(source, results, interval=0.5):
    while not stop.is_set():
        results.append(probe(source))
        time.sleep(interval)


def summary(results):
    answered = [ms for status, ms in results if status == 200]
    latencies = sorted(ms for _, ms in results)

    def pick(q):
        return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1) if latencies else None

    return {"probes": len(results), "answered_200": len(answered),
            "statuses": sorted({status for status, _ in results}),
            "p50_ms": pick(0.5), "p99_ms": pick(0.99),
            "max_ms": round(max(latencies), 1) if latencies else None}


def endless_body(opening):
    head = ("POST /no/such/route HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode() + opening
    filler = b"e" * 65536
    sent = 0
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=5) as s:
                s.sendall(head)
                while not stop.is_set():
                    s.sendall(filler)
                    sent += len(filler)
        except OSError:
            time.sleep(0.05)  # answered and closed: again
    return sent


def slow_body():
    head = (b"POST /api/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n")
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=5) as s:
                s.sendall(head)
                while not stop.is_set():
                    s.sendall(b" ")
                    if stop.wait(2):
                        return
        except OSError:
            time.sleep(0.05)


def slow_reader(sockets):
    pipeline = b"GET /api/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 200
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", PORT))
    sockets.append(s)
    s.settimeout(SECONDS)
    try:
        s.sendall(pipeline)
    except OSError:
        pass


def hog(counts):
    """Holds as many connections from 127.0.0.1 as duka lets it, up to 10,000, reopening each
    as it closes."""
    import selectors
    selector = selectors.DefaultSelector()
    opened = 0

    def open_one():
        nonlocal opened
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", PORT))
        selector.register(s, selectors.EVENT_READ)
        opened += 1

    for _ in range(10000):
        try:
            open_one()
        except OSError:
            break
    while not stop.is_set():
        for key, _ in selector.select(timeout=0.1):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if not data:  # closed or refused with a 503: reopen it
                selector.unregister(s)
                s.close()
                try:
                    open_one()
                except OSError:
                    pass
        counts["open"] = len(selector.get_map())
    counts["opened"] = opened
    for key in list(selector.get_map().values()):
        key.fileobj.close()


def pay(order, token, results):
    start = time.monotonic()
    request = urllib.request.Request(
        "http://127.0.0.1:%d/api/orders/%s/pay/mpesa/" % (PORT, order), data=b"{}", method="POST",
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    results.append((status, (time.monotonic() - start) * 1000))


def main():
    memory = Memory()
    results = []
    extra = {}
    source = "127.0.0.2" if ATTACK == "hog" else "127.0.0.1"
    workers = []
    if ATTACK == "chunk-line":
        workers = [threading.Thread(target=endless_body, args=(b"1;",)) for _ in range(4)]
    elif ATTACK == "trailers":
        workers = [threading.Thread(target=endless_body, args=(b"0\r\nX-T: ",)) for _ in range(4)]
    elif ATTACK == "slow-bodies":
        workers = [threading.Thread(target=slow_body) for _ in range(70)]
    elif ATTACK == "slow-readers":
        sockets = []
        workers = [threading.Thread(target=slow_reader, args=(sockets,)) for _ in range(70)]
    elif ATTACK == "hog":
        counts = {}
        workers = [threading.Thread(target=hog, args=(counts,))]
        extra = counts
    elif ATTACK == "slow-daraja":
        pays = []
        orders = json.loads(os.environ["DUKA_ORDERS"])
        workers = [threading.Thread(target=pay, args=(o["order"], o["token"], pays)) for o in orders]
    for worker in workers:
        worker.daemon = True
        worker.start()
    time.sleep(0.5)
    prober = threading.Thread(target=probes, args=(source, results), daemon=True)
    prober.start()
    time.sleep(SECONDS)
    stop.set()
    prober.join()
    for worker in workers:
        worker.join(timeout=70)
    out = {"attack": ATTACK, "seconds": SECONDS, "rss_before_kb": memory.before,
           "rss_peak_kb": memory.peak, **summary(results)}
    if ATTACK == "slow-daraja":
        out["pays"] = {"statuses": sorted(status for status, _ in pays),
                       "max_ms": round(max(ms for _, ms in pays), 1) if pays else None,
                       "median_ms": round(statistics.median(ms for _, ms in pays), 1) if pays else None}
    if ATTACK == "hog":
        out["hog"] = dict(extra)
    print(json.dumps(out))


main()
