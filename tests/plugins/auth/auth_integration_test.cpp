// The auth plugin through the real binary, on SQLite and PostgreSQL: registration, password
// login, refresh rotation, logout, staff access, --add-user, and the events it publishes.
#include <Poco/JSON/Array.h>

#include <atomic>
#include <duka/plugins/auth/auth_events.hpp>
#include <thread>

#include "integration/server_fixture.hpp"
#include "support/accounts.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

std::string json(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::string refreshBody(const std::string& token) {
  Poco::JSON::Object body;
  body.set("refresh", token);
  return json(body);
}

class AuthTest : public ServerTest {
 protected:
  void SetUp() override { startWith(testPluginDir(), "auth, event_recorder", ""); }

  // expectLoginRefused checks the one 401 every failed login gets.
  void expectLoginRefused(const HttpResponse& response) {
    ASSERT_EQ(response.status, 401) << response.body;
    EXPECT_EQ(response.header("www-authenticate"), "Bearer");
    const auto problem = response.json();
    EXPECT_EQ(problem->getValue<std::string>("type"), "/problems/unauthorized");
    EXPECT_EQ(problem->getValue<std::string>("detail"), "The credentials are not valid.");
  }

  Poco::JSON::Array::Ptr events() {
    return client_->get("/api/recorder/events/").json()->getArray("events");
  }
};

TEST_P(AuthTest, RegisterAnswersTokensThatWorkOnProtectedRoutes) {
  const auto response = client_->post("/api/register/", credentials("amina", kTestPassword));
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(response.header("cache-control"), "no-store");
  const auto tokens = response.json();
  EXPECT_EQ(tokens->getValue<std::string>("token_type"), "Bearer");
  EXPECT_EQ(tokens->getValue<int>("expires_in"), 900);
  EXPECT_FALSE(tokens->getValue<std::string>("refresh").empty());

  const auto me = client_->get("/api/me/", bearer(tokens->getValue<std::string>("access")));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()->getValue<std::string>("username"), "amina");
  EXPECT_FALSE(me.json()->getValue<bool>("staff"));
  EXPECT_EQ(me.json()->getArray("roles")->size(), 0u);
  EXPECT_TRUE(me.json()->isNull("customer_id"));
  EXPECT_FALSE(me.json()->getValue<std::string>("sub").empty());
}

TEST_P(AuthTest, TheLoginOptionsOfferPasswordsOnly) {
  const auto options = client_->get("/api/login/options/");
  ASSERT_EQ(options.status, 200) << options.body;
  EXPECT_EQ(options.body,
            R"({"authorization_endpoint":null,"client_id":null,"openid":false,"password":true,)"
            R"("scope":null})");
}

TEST_P(AuthTest, LoginIgnoresUsernameCaseAndIssuesFreshTokens) {
  const Tokens registered = registerUser(*client_, "Baraka");
  const Tokens loggedIn = login(*client_, "baraka");
  EXPECT_NE(registered.access, loggedIn.access);
  const auto me = client_->get("/api/me/", bearer(loggedIn.access));
  EXPECT_EQ(me.json()->getValue<std::string>("username"), "Baraka");
}

TEST_P(AuthTest, RegisterRefusesATakenUsernameWhateverItsCase) {
  registerUser(*client_, "chege");
  const auto again = client_->post("/api/register/", credentials("CHEGE", kTestPassword));
  ASSERT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.json()->getObject("errors")->getArray("username")->getElement<std::string>(0),
            "is taken");
}

TEST_P(AuthTest, RegisterChecksEveryField) {
  const auto shortPassword = client_->post("/api/register/", credentials("dan", "seven77"));
  ASSERT_EQ(shortPassword.status, 422) << shortPassword.body;
  EXPECT_TRUE(shortPassword.json()->getObject("errors")->has("password"));

  const auto blank = client_->post("/api/register/", credentials("dan kamau", kTestPassword));
  ASSERT_EQ(blank.status, 422) << blank.body;
  EXPECT_TRUE(blank.json()->getObject("errors")->has("username"));

  const auto longName =
      client_->post("/api/register/", credentials(std::string(151, 'd'), kTestPassword));
  EXPECT_EQ(longName.status, 422) << longName.body;

  const auto hugePassword =
      client_->post("/api/register/", credentials("dan", std::string(5000, 'p')));
  EXPECT_EQ(hugePassword.status, 422) << hugePassword.body;

  const auto missing = client_->post("/api/register/", R"({"username":"dan"})");
  ASSERT_EQ(missing.status, 422) << missing.body;
  EXPECT_TRUE(missing.json()->getObject("errors")->has("password"));

  const auto wrongType =
      client_->post("/api/register/", R"({"username":"dan","password":12345678})");
  EXPECT_EQ(wrongType.status, 400) << wrongType.body;

  const auto badEmail = client_->post(
      "/api/register/", R"({"username":"dan","password":"correct horse","email":"no-at-sign"})");
  ASSERT_EQ(badEmail.status, 422) << badEmail.body;
  EXPECT_TRUE(badEmail.json()->getObject("errors")->has("email"));

  EXPECT_EQ(client_->post("/api/register/", R"({"username":)").status, 400);
  EXPECT_EQ(client_->post("/api/register/", "[]").status, 400);
  EXPECT_EQ(client_->post("/api/register/", "username=dan", {}, "text/plain").status, 415);
  // Nothing half-made: the name is still free.
  registerUser(*client_, "dan");
}

TEST_P(AuthTest, UnicodeUsernamesWork) {
  registerUser(*client_, "Wanjirũ_Njoroge");
  const Tokens tokens = login(*client_, "Wanjirũ_Njoroge");
  const auto me = client_->get("/api/me/", bearer(tokens.access));
  EXPECT_EQ(me.json()->getValue<std::string>("username"), "Wanjirũ_Njoroge");
}

TEST_P(AuthTest, EveryLoginFailureLooksTheSame) {
  registerUser(*client_, "esther");
  expectLoginRefused(client_->post("/api/login/", credentials("esther", "wrong password")));
  expectLoginRefused(client_->post("/api/login/", credentials("nobody", kTestPassword)));
  expectLoginRefused(client_->post("/api/login/", R"({"id_token":"a.b.c"})"));
  expectLoginRefused(
      client_->post("/api/login/", R"({"code":"abc","redirect_uri":"http://127.0.0.1/cb"})"));
  EXPECT_EQ(client_->post("/api/login/", "{}").status, 422);
  EXPECT_EQ(client_->post("/api/login/", R"({"username":"esther","password":["x"]})").status, 400);
}

TEST_P(AuthTest, ProtectedRoutesNeedAValidBearerToken) {
  const auto none = client_->get("/api/me/");
  ASSERT_EQ(none.status, 401);
  EXPECT_EQ(none.header("www-authenticate"), "Bearer");
  EXPECT_EQ(client_->get("/api/me/", bearer("garbage")).status, 401);
  EXPECT_EQ(client_->get("/api/me/", bearer(std::string(8000, 'a') + ".b.c")).status, 401);
  // Beyond the 16 KiB request head limit the request is refused before it is read.
  EXPECT_EQ(HttpClient(server_->port()).get("/api/me/", bearer(std::string(20000, 'a'))).status,
            431);
  const Tokens tokens = registerUser(*client_, "fatuma");
  // A refresh token is not an access token.
  EXPECT_EQ(client_->get("/api/me/", bearer(tokens.refresh)).status, 401);
  // A tampered access token is refused.
  std::string tampered = tokens.access;
  tampered[tampered.find('.') + 5] ^= 1;
  EXPECT_EQ(client_->get("/api/me/", bearer(tampered)).status, 401);
}

TEST_P(AuthTest, RefreshRotatesAndAReusedTokenEndsTheFamily) {
  const Tokens first = registerUser(*client_, "gitau");
  const auto rotated = client_->post("/api/token/refresh/", refreshBody(first.refresh));
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string second = rotated.json()->getValue<std::string>("refresh");
  const std::string access = rotated.json()->getValue<std::string>("access");
  EXPECT_EQ(client_->get("/api/me/", bearer(access)).status, 200);

  // The used token is revoked; presenting it again also revokes its successor.
  const auto reused = client_->post("/api/token/refresh/", refreshBody(first.refresh));
  EXPECT_EQ(reused.status, 401) << reused.body;
  EXPECT_EQ(client_->post("/api/token/refresh/", refreshBody(second)).status, 401);

  // An access token is not a refresh token; garbage is refused alike.
  const Tokens fresh = login(*client_, "gitau");
  EXPECT_EQ(client_->post("/api/token/refresh/", refreshBody(fresh.access)).status, 401);
  EXPECT_EQ(client_->post("/api/token/refresh/", refreshBody("x.y.z")).status, 401);
  EXPECT_EQ(client_->post("/api/token/refresh/", "{}").status, 422);
  EXPECT_EQ(client_->post("/api/token/refresh/", refreshBody(fresh.refresh)).status, 200);
}

TEST_P(AuthTest, LogoutRevokesTheSession) {
  const Tokens tokens = registerUser(*client_, "halima");
  const Tokens other = registerUser(*client_, "imani");
  EXPECT_EQ(client_->post("/api/logout/", refreshBody(tokens.refresh)).status, 401);
  // Another account's refresh token is not this caller's to revoke.
  EXPECT_EQ(client_->post("/api/logout/", refreshBody(other.refresh), bearer(tokens.access)).status,
            422);
  const auto out =
      client_->post("/api/logout/", refreshBody(tokens.refresh), bearer(tokens.access));
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(client_->post("/api/token/refresh/", refreshBody(tokens.refresh)).status, 401);
  EXPECT_EQ(client_->post("/api/token/refresh/", refreshBody(other.refresh)).status, 200);
}

TEST_P(AuthTest, StaffComeFromTheCommandLine) {
  addUser(configPath_, "boss", true);
  addUser(configPath_, "clerk", false);
  const Tokens boss = login(*client_, "boss");
  const Tokens clerk = login(*client_, "clerk");
  const auto me = client_->get("/api/me/", bearer(boss.access));
  EXPECT_TRUE(me.json()->getValue<bool>("staff"));
  EXPECT_EQ(me.json()->getArray("roles")->getElement<std::string>(0), "staff");
  EXPECT_EQ(client_->get("/api/plugins/", bearer(boss.access)).status, 200);
  const auto forbidden = client_->get("/api/plugins/", bearer(clerk.access));
  EXPECT_EQ(forbidden.status, 403);
  // A refreshed token keeps the staff role.
  const auto rotated = client_->post("/api/token/refresh/", refreshBody(boss.refresh));
  const std::string access = rotated.json()->getValue<std::string>("access");
  EXPECT_EQ(client_->get("/api/plugins/", bearer(access)).status, 200);
}

TEST_P(AuthTest, AddUserReadsStdinAndRefusesBadAccounts) {
  const RunResult fromStdin = runCli({"--add-user=juma"}, {}, "from stdin 123\n");
  ASSERT_EQ(fromStdin.exitCode, 0) << fromStdin.output;
  login(*client_, "juma", "from stdin 123");

  const RunResult taken = runCli({"--add-user=JUMA"}, {{"DUKA_PASSWORD", kTestPassword}});
  EXPECT_NE(taken.exitCode, 0);
  EXPECT_NE(taken.output.find("taken"), std::string::npos) << taken.output;

  const RunResult tooShort = runCli({"--add-user=kioko"}, {{"DUKA_PASSWORD", "Zq7!xK"}});
  EXPECT_NE(tooShort.exitCode, 0);
  EXPECT_NE(tooShort.output.find("password"), std::string::npos) << tooShort.output;
  EXPECT_EQ(tooShort.output.find("Zq7!xK"), std::string::npos) << "the password was echoed";
}

TEST_P(AuthTest, PublishesAccountEventsWithoutSecrets) {
  registerUser(*client_, "lulu");
  login(*client_, "lulu");
  client_->post("/api/login/", credentials("lulu", "not my password"));
  std::map<std::string, Poco::JSON::Object::Ptr> byName;
  Poco::JSON::Array::Ptr all;
  for (int attempt = 0; attempt < 50 && byName.size() < 3; ++attempt) {
    all = events();
    for (const auto& item : *all) {
      auto event = item.extract<Poco::JSON::Object::Ptr>();
      byName[event->getValue<std::string>("name")] = event;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(byName.count("user.registered"));
  ASSERT_TRUE(byName.count("auth.login"));
  ASSERT_TRUE(byName.count("auth.login_failed"));
  EXPECT_EQ(byName["user.registered"]->getObject("payload")->getValue<std::string>("username"),
            "lulu");
  EXPECT_EQ(byName["auth.login"]->getObject("payload")->getValue<std::string>("method"),
            "password");
  EXPECT_FALSE(byName["auth.login"]->isNull("actor"));
  EXPECT_EQ(byName["auth.login_failed"]->getObject("payload")->getValue<std::string>("username"),
            "lulu");
  // Each payload reads back through the shape auth's public header declares for it.
  const auth::RegisteredUser user =
      auth::registeredUserShape().view(byName[auth::kUserRegistered.name()]->getObject("payload"));
  EXPECT_EQ(user.username, "lulu");
  EXPECT_FALSE(user.subject.empty());
  EXPECT_TRUE(user.roles.empty());
  const auth::Login login =
      auth::loginShape().view(byName[auth::kLogin.name()]->getObject("payload"));
  EXPECT_EQ(login.subject, user.subject);
  EXPECT_EQ(login.method, auth::kByPassword);
  const auth::LoginFailed failed =
      auth::loginFailedShape().view(byName[auth::kLoginFailed.name()]->getObject("payload"));
  EXPECT_EQ(failed.username, "lulu");
  std::ostringstream text;
  all->stringify(text);
  EXPECT_EQ(text.str().find(kTestPassword), std::string::npos);
  EXPECT_EQ(text.str().find("not my password"), std::string::npos);
  EXPECT_EQ(text.str().find("pbkdf2"), std::string::npos);
}

TEST_P(AuthTest, SecretsStayOutOfTheLog) {
  registerUser(*client_, "mosi");
  client_->post("/api/login/", credentials("mosi", "a wrong secret"));
  server_->stop();
  const std::string log = server_->output();
  EXPECT_EQ(log.find(kTestPassword), std::string::npos);
  EXPECT_EQ(log.find("a wrong secret"), std::string::npos);
  EXPECT_NE(log.find("token_secret is empty"), std::string::npos);
}

DUKA_SERVER_BACKENDS(AuthTest);

}  // namespace
}  // namespace duka::test

namespace duka::test {
namespace {

// Many clients refreshing the same token at once: exactly one gets new tokens.
TEST_P(AuthTest, ConcurrentRefreshesOfOneTokenHaveOneWinner) {
  const Tokens tokens = registerUser(*client_, "nuru");
  constexpr int kClients = 8;
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&] {
      HttpClient client(server_->port());
      const int status = client.post("/api/token/refresh/", refreshBody(tokens.refresh)).status;
      (status == 200 ? ok : status == 401 ? refused : other)++;
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), kClients - 1);
  EXPECT_EQ(other.load(), 0);
}

// Many registrations of one name at once: exactly one account.
TEST_P(AuthTest, ConcurrentRegistrationsOfOneNameMakeOneAccount) {
  constexpr int kClients = 8;
  std::atomic<int> created{0}, taken{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(server_->port());
      const std::string name = i % 2 ? "Zawadi" : "zawadi";
      const int status = client.post("/api/register/", credentials(name, kTestPassword)).status;
      (status == 201 ? created : status == 409 ? taken : other)++;
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(taken.load(), kClients - 1);
  EXPECT_EQ(other.load(), 0);
}

}  // namespace
}  // namespace duka::test
