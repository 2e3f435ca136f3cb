// A webhook receiver on 127.0.0.1 for duka's webhooks tests. Every delivery is verified with
// the Standard Webhooks reference library (npm standardwebhooks), not with duka's code, under
// each secret the test gave it; the test reads what arrived and how it verified.
//   node server.mjs          prints "listening <port>"
//   PUT  /secrets  ["whsec_...", ...]   the secrets to verify under
//   GET  /received                       [{path, id, type, verified: [true | "why", ...]}]
//   anything else                        a delivery: recorded, answered 200
import http from "node:http";
import standardwebhooks from "standardwebhooks";

const { Webhook } = standardwebhooks;
let secrets = [];
const received = [];

function typeOf(body) {
  try {
    return JSON.parse(body).type;
  } catch {
    return null;
  }
}

const server = http.createServer((request, response) => {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    response.setHeader("content-type", "application/json");
    if (request.method === "PUT" && request.url === "/secrets") {
      secrets = JSON.parse(body);
      response.end("{}");
      return;
    }
    if (request.method === "GET" && request.url === "/received") {
      response.end(JSON.stringify(received));
      return;
    }
    const verified = secrets.map((secret) => {
      try {
        new Webhook(secret).verify(body, request.headers);
        return true;
      } catch (error) {
        return String(error.message);
      }
    });
    received.push({ path: request.url, id: request.headers["webhook-id"], type: typeOf(body),
                    signatures: (request.headers["webhook-signature"] || "").split(" ").length,
                    verified });
    response.end('{"ok":true}');
  });
});

server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
