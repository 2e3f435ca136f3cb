#!/usr/bin/env python3
"""bench/webhook_receiver.py PORT DELAY_MS: a webhook receiver for bench/webhooks.

Each POST waits DELAY_MS (a receiver's work), then answers 204. GET /stats answers
{"count", "first", "last", "arrivals"}: the deliveries taken, the times (s) of the first
and last answer, and each delivery's arrival time (s). Listens on 127.0.0.1 only.
"""
import sys
import threading
import time

from fake_http import JsonHandler, serve

port, delay = int(sys.argv[1]), int(sys.argv[2]) / 1000.0
lock = threading.Lock()
stats = {"count": 0, "first": None, "last": None, "arrivals": []}


class Receiver(JsonHandler):
    def do_POST(self):
        arrived = time.time()
        self.read_body()
        time.sleep(delay)
        with lock:
            now = time.time()
            stats["count"] += 1
            stats["first"] = stats["first"] or now
            stats["last"] = now
            stats["arrivals"].append(arrived)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        with lock:
            self.answer(200, stats)


serve(port, Receiver)
