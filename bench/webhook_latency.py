#!/usr/bin/env python3
"""bench/webhook_latency.py API RECEIVER TOKEN ITEM N: N orders one after another, each sent
once the previous one's order.created delivery has arrived at the receiver (bench/
webhook_receiver.py, answering at once); prints the p50 and p99 milliseconds from sending
an order to its delivery's arrival (one machine, one clock)."""
import json
import sys
import time
import urllib.request

api, receiver, token, item, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])


def arrivals():
    with urllib.request.urlopen(receiver + "/stats") as answer:
        return json.load(answer)["arrivals"]


latencies = []
for _ in range(n):
    before = len(arrivals())
    request = urllib.request.Request(
        api + "/api/orders/", method="POST",
        data=json.dumps({"items": [{"inventory_id": int(item), "quantity": 1}]}).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    sent = time.time()
    urllib.request.urlopen(request).read()
    while True:
        seen = arrivals()
        if len(seen) > before:
            latencies.append((seen[before] - sent) * 1000)
            break
        time.sleep(0.001)
latencies.sort()
print("%.1f %.1f" % (latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99) - 1]))
