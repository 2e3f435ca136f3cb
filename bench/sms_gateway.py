#!/usr/bin/env python3
"""bench/sms_gateway.py PORT DELAY_MS: a fake Africa's Talking messaging endpoint for bench/sms.

Each POST /version1/messaging waits DELAY_MS (a provider's round trip), then answers 201 with
one recipient accepted (statusCode 101). GET /stats answers {"count", "first", "last",
"max_in_flight"}: the messages taken, the times (s) of the first and last answer, and the
most calls it held at once. Listens on 127.0.0.1 only.
"""
import sys
import threading
import time

from fake_http import JsonHandler, serve

port, delay = int(sys.argv[1]), int(sys.argv[2]) / 1000.0
lock = threading.Lock()
stats = {"count": 0, "first": None, "last": None, "in_flight": 0, "max_in_flight": 0}


class Gateway(JsonHandler):
    def do_GET(self):
        with lock:
            self.answer(200, {k: stats[k] for k in ("count", "first", "last", "max_in_flight")})

    def do_POST(self):
        self.read_body()
        with lock:
            stats["in_flight"] += 1
            stats["max_in_flight"] = max(stats["max_in_flight"], stats["in_flight"])
        time.sleep(delay)
        with lock:
            stats["in_flight"] -= 1
            stats["count"] += 1
            n, now = stats["count"], time.time()
            stats["first"] = stats["first"] or now
            stats["last"] = now
        self.answer(201, {"SMSMessageData": {"Message": "Sent to 1/1", "Recipients": [
            {"statusCode": 101, "number": "+254700000000", "status": "Success",
             "cost": "KES 0.8000", "messageId": "ATXid_%d" % n}]}})


serve(port, Gateway)
