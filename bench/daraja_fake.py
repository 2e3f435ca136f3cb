#!/usr/bin/env python3
"""bench/daraja_fake.py PORT: a fake Daraja for bench/payments, on 127.0.0.1 only.

The token endpoint answers a token; every STK push is accepted at once with CheckoutRequestID
ws_CO_<n>; every status query says the transaction is still being processed (the bench's
callbacks settle the payments).
"""
import itertools
import sys

from fake_http import JsonHandler, serve

counter = itertools.count(1)


class Daraja(JsonHandler):
    def do_GET(self):
        self.answer(200, {"access_token": "bench-token", "expires_in": "3599"})

    def do_POST(self):
        self.read_body()
        if self.path.startswith("/mpesa/stkpush/"):
            n = next(counter)
            self.answer(200, {"MerchantRequestID": "m-%d" % n, "CheckoutRequestID": "ws_CO_%d" % n,
                              "ResponseCode": "0", "ResponseDescription": "Success",
                              "CustomerMessage": "Success"})
        else:
            self.answer(500, {"requestId": "r", "errorCode": "500.001.1001",
                              "errorMessage": "The transaction is being processed"})


serve(int(sys.argv[1]), Daraja)
