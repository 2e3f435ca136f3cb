#!/usr/bin/env python3
"""bench/daraja_hanging.py PORT: a Daraja that never answers in time (bench/attacks): every
request, the token's included, waits 60 s before its answer. On 127.0.0.1 only."""
import sys
import time

from fake_http import JsonHandler, serve


class Hanging(JsonHandler):
    def do_GET(self):
        time.sleep(60)
        self.answer(200, {"access_token": "late", "expires_in": "3599"})

    def do_POST(self):
        self.read_body()
        time.sleep(60)
        self.answer(500, {"errorMessage": "late"})


serve(int(sys.argv[1]), Hanging)
