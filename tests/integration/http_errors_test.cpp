// Every error of SPEC 6 that the host produces, and bad input, through the real binary.
#include <chrono>
#include <thread>

#include "server_fixture.hpp"

namespace duka::test {
namespace {

using HttpErrors = ServerTest;

void expectProblem(const HttpResponse& response, int status, const std::string& type) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.header("Content-Type"), "application/problem+json; charset=utf-8");
  auto json = response.json();
  ASSERT_TRUE(json) << response.body;
  EXPECT_EQ(json->getValue<int>("status"), status);
  EXPECT_EQ(json->getValue<std::string>("type"), type);
  EXPECT_TRUE(json->has("title"));
  EXPECT_TRUE(json->has("detail"));
  EXPECT_EQ(json->getValue<std::string>("request_id"), response.header("X-Request-Id"));
  EXPECT_TRUE(json->has("errors"));
}

TEST_P(HttpErrors, UnknownPathIs404) {
  expectProblem(client_->get("/api/nothing/here/"), 404, "/problems/not-found");
}

TEST_P(HttpErrors, NonNumericIdIs404) {
  expectProblem(client_->get("/api/probe/items/abc/"), 404, "/problems/not-found");
}

TEST_P(HttpErrors, WrongMethodIs405WithAllow) {
  auto response = client_->request("DELETE", "/api/probe/items/");
  expectProblem(response, 405, "/problems/method-not-allowed");
  EXPECT_EQ(response.header("Allow"), "POST, GET, HEAD, OPTIONS");
}

TEST_P(HttpErrors, MalformedJsonIs400) {
  for (const char* body : {"{", "{\"name\":}", "not json", "{\"a\":1}}", "\xff\xfe"}) {
    expectProblem(client_->post("/api/probe/echo/", body), 400, "/problems/bad-request");
  }
}

TEST_P(HttpErrors, JsonThatIsNotAnObjectIs400) {
  expectProblem(client_->post("/api/probe/echo/", "[1,2]"), 400, "/problems/bad-request");
  expectProblem(client_->post("/api/probe/echo/", "\"text\""), 400, "/problems/bad-request");
}

TEST_P(HttpErrors, WrongTypesAre400AndMissingFields422WithFieldErrors) {
  auto wrong = client_->post("/api/probe/items/", R"({"name": 42})");
  expectProblem(wrong, 400, "/problems/bad-request");
  EXPECT_TRUE(wrong.json()->getObject("errors")->has("name"));
  auto missing = client_->post("/api/probe/items/", "{}");
  expectProblem(missing, 422, "/problems/validation");
  EXPECT_TRUE(missing.json()->getObject("errors")->has("name"));
  expectProblem(client_->post("/api/probe/items/", ""), 400, "/problems/bad-request");
}

TEST_P(HttpErrors, NonJsonContentTypeIs415) {
  expectProblem(client_->post("/api/probe/echo/", "{}", {}, "text/plain"), 415,
                "/problems/unsupported-media-type");
  expectProblem(client_->post("/api/probe/echo/", "{}", {}, "application/x-www-form-urlencoded"),
                415, "/problems/unsupported-media-type");
  EXPECT_EQ(client_->post("/api/probe/echo/", "{}", {}, "application/json; charset=utf-8").status,
            200);
  EXPECT_EQ(client_->post("/api/probe/echo/", "{}", {}, "application/merge-patch+json").status,
            200);
}

TEST_P(HttpErrors, FormRoutesTakeFormBodies) {
  auto response = client_->post("/api/probe/form/", "id=ATX1&status=Success", {},
                                "application/x-www-form-urlencoded");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.json()->getValue<std::string>("raw"), "id=ATX1&status=Success");
}

TEST_P(HttpErrors, BodyOverTheLimitIs413) {
  // A small limit keeps the refused body inside the socket buffers, so the client can
  // read the answer although the server never reads the body.
  server_->stop();
  startServer("fakeauth, probe", "[server]\nmax_body_bytes = 1024\n");
  EXPECT_EQ(client_->post("/api/probe/echo/", "{\"a\":\"" + std::string(1000, 'x') + "\"}").status,
            200);
  HttpClient client(server_->port());
  expectProblem(client.post("/api/probe/echo/", "{\"a\":\"" + std::string(4096, 'x') + "\"}"), 413,
                "/problems/payload-too-large");
  HttpClient fresh(server_->port());
  EXPECT_EQ(fresh.get("/health").status, 200);
}

TEST_P(HttpErrors, HandlerExceptionIs500WithRequestIdAndNothingInternal) {
  auto response = client_->get("/api/probe/boom/");
  expectProblem(response, 500, "/problems/internal");
  EXPECT_EQ(response.body.find("secret internals"), std::string::npos);
  EXPECT_EQ(response.body.find("hunter2"), std::string::npos);
  EXPECT_EQ(client_->get("/health").status, 200);  // the server keeps serving
  // The log is written by a background thread: give it a moment to reach the output.
  std::string output;
  for (int attempt = 0; attempt < 250; ++attempt) {
    output = server_->output();
    if (output.find(response.header("X-Request-Id")) != std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(output.find(response.header("X-Request-Id")), std::string::npos);
}

TEST_P(HttpErrors, HttpErrorFromAHandlerKeepsItsStatusAndFields) {
  auto response = client_->get("/api/probe/conflict/");
  expectProblem(response, 409, "/problems/conflict");
  EXPECT_EQ(response.json()->getObject("errors")->getArray("name")->getElement<std::string>(0),
            "Taken.");
}

TEST_P(HttpErrors, UnicodeRoundTrips) {
  const std::string body = R"({"name":"Wanjikũ 🙂 — 商店","nested":{"k":[1,"ü"]}})";
  auto response = client_->post("/api/probe/echo/", body);
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.json()->getValue<std::string>("name"), "Wanjikũ 🙂 — 商店");
}

TEST_P(HttpErrors, MalformedUriIs400) {
  expectProblem(client_->get("/api/probe/items/?q=%zz"), 400, "/problems/bad-request");
}

DUKA_SERVER_BACKENDS(HttpErrors);

}  // namespace
}  // namespace duka::test
