// Throttled logins and registrations through the real binary, from several loopback
// addresses (SPEC 5), and usernames compared in NFKC case-folded form.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <thread>

#include "integration/server_fixture.hpp"
#include "support/accounts.hpp"
#include "support/raw_connection.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

class LoginThrottling : public ServerTest {
 protected:
  void SetUp() override {
    startWith(testPluginDir(), "auth, event_recorder",
              "[auth]\nlogin_failures_per_client = 6\nlogin_failures_per_account = 3\n"
              "registrations_per_client = 4\nlogin_window_s = 120\n");
  }

  // postFrom sends a JSON POST from source (a loopback address) on a new connection.
  RawResponse postFrom(const std::string& source, const std::string& path,
                       const std::string& body) {
    RawConnection connection(server_->port(), source);
    connection.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " +
                    "application/json\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\n\r\n" + body);
    return connection.read(std::chrono::milliseconds(10000));
  }
  RawResponse loginFrom(const std::string& source, const std::string& username,
                        const std::string& password) {
    return postFrom(source, "/api/login/", credentials(username, password));
  }

  int failedLoginEvents() {
    int count = 0;
    const auto events = client_->get("/api/recorder/events/").json()->getArray("events");
    for (const auto& item : *events) {
      count += item.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("name") ==
               "auth.login_failed";
    }
    return count;
  }
};

TEST_P(LoginThrottling, AnAccountIsThrottledFromOneAddressNeverForItsOwnerElsewhere) {
  registerUser(*client_, "amina");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(loginFrom("127.0.0.2", "amina", "wrong password").status, 401);
  const RawResponse throttled = loginFrom("127.0.0.2", "amina", kTestPassword);
  ASSERT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.header("content-type"), "application/problem+json; charset=utf-8");
  const int retryAfter = std::stoi(throttled.header("retry-after"));
  EXPECT_GE(retryAfter, 1);
  EXPECT_LE(retryAfter, 120);
  // Case and width make no other account.
  EXPECT_EQ(loginFrom("127.0.0.2", "AMINA", kTestPassword).status, 429);
  // Another account from that address, and this account from another, go on.
  EXPECT_EQ(loginFrom("127.0.0.2", "baraka", "wrong password").status, 401);
  EXPECT_EQ(loginFrom("127.0.0.3", "amina", kTestPassword).status, 200);
  // Throttled attempts leave no audit trail: three failures, three events.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(failedLoginEvents(), 4);
}

TEST_P(LoginThrottling, AnAddressIsThrottledAcrossAccountsForLoginAndRegister) {
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(loginFrom("127.0.0.4", "nobody" + std::to_string(i), "wrong password").status, 401);
  }
  EXPECT_EQ(loginFrom("127.0.0.4", "someone", "wrong password").status, 429);
  EXPECT_EQ(postFrom("127.0.0.4", "/api/register/", credentials("newcomer", kTestPassword)).status,
            429);
  EXPECT_EQ(postFrom("127.0.0.5", "/api/register/", credentials("newcomer", kTestPassword)).status,
            201);
  const std::string metrics = client_->get("/metrics").body;
  EXPECT_NE(metrics.find("# TYPE duka_auth_throttled_logins_total counter\n"
                         "duka_auth_throttled_logins_total 2\n"),
            std::string::npos)
      << metrics;
}

TEST_P(LoginThrottling, FailedRegistrationsCount) {
  registerUser(*client_, "taken");
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(postFrom("127.0.0.6", "/api/register/", credentials("taken", kTestPassword)).status,
              409);
  }
  EXPECT_EQ(postFrom("127.0.0.6", "/api/register/", credentials("fresh", kTestPassword)).status,
            429);
}

TEST_P(LoginThrottling, NewAccountsFromOneAddressHaveABudget) {
  // One address cannot make accounts without end (registrations_per_client = 4).
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(postFrom("127.0.0.8", "/api/register/",
                       credentials("maker" + std::to_string(i), kTestPassword))
                  .status,
              201);
  }
  const RawResponse refused =
      postFrom("127.0.0.8", "/api/register/", credentials("maker4", kTestPassword));
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(refused.header("retry-after").empty());
  EXPECT_EQ(postFrom("127.0.0.9", "/api/register/", credentials("maker4", kTestPassword)).status,
            201);
  // Logging in is not a registration: the address may still log in.
  EXPECT_EQ(loginFrom("127.0.0.8", "maker0", kTestPassword).status, 200);
}

TEST_P(LoginThrottling, FailedTokenRefreshesCount) {
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(postFrom("127.0.0.10", "/api/token/refresh/", R"({"refresh":"guess"})").status, 401);
  }
  const RawResponse refused =
      postFrom("127.0.0.10", "/api/token/refresh/", R"({"refresh":"guess"})");
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(refused.header("retry-after").empty());
}

TEST_P(LoginThrottling, ASuccessfulLoginClearsTheAccountsFailures) {
  registerUser(*client_, "mosi");
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(loginFrom("127.0.0.7", "mosi", "wrong password").status, 401);
    EXPECT_EQ(loginFrom("127.0.0.7", "mosi", "wrong password").status, 401);
    EXPECT_EQ(loginFrom("127.0.0.7", "mosi", kTestPassword).status, 200);
  }
}

TEST_P(LoginThrottling, UsernamesCompareAfterNfkcAndCaseFolding) {
  const Tokens amina = registerUser(*client_, "Amina");
  // Fullwidth "ａ" (U+FF41) is "a" under NFKC; "AMINA" is "amina" under case folding.
  EXPECT_EQ(postFrom("127.0.0.8", "/api/register/", credentials("\xEF\xBD\x81mina", kTestPassword))
                .status,
            409);
  EXPECT_EQ(loginFrom("127.0.0.8", "\xEF\xBD\x81MINA", kTestPassword).status, 200);
  // "amína" composed (U+00ED) and decomposed (i + U+0301) are one name.
  registerUser(*client_, "am\xC3\xADna");
  EXPECT_EQ(
      postFrom("127.0.0.8", "/api/register/", credentials("ami\xCC\x81na", kTestPassword)).status,
      409);
  EXPECT_EQ(loginFrom("127.0.0.8", "AMI\xCC\x81NA", kTestPassword).status, 200);
  (void)amina;
}

DUKA_SERVER_BACKENDS(LoginThrottling);

}  // namespace
}  // namespace duka::test
