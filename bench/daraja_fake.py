#!/usr/bin/env python3
"""bench/daraja_fake.py PORT: a fake Daraja for bench/payments, on 127.0.0.1 only.

The token endpoint answers a token; every STK push is accepted at once with CheckoutRequestID
ws_CO_<n>; every status query says the transaction is still being processed (the bench's
callbacks settle the payments).
"""
import itertools
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counter = itertools.count(1)


class Daraja(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.answer(200, {"access_token": "bench-token", "expires_in": "3599"})

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/mpesa/stkpush/"):
            n = next(counter)
            self.answer(200, {"MerchantRequestID": "m-%d" % n, "CheckoutRequestID": "ws_CO_%d" % n,
                              "ResponseCode": "0", "ResponseDescription": "Success",
                              "CustomerMessage": "Success"})
        else:
            self.answer(500, {"requestId": "r", "errorCode": "500.001.1001",
                              "errorMessage": "The transaction is being processed"})


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Daraja).serve_forever()
