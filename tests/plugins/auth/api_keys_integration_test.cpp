// API keys (SPEC 11) through the real binary, on SQLite and PostgreSQL: making, listing,
// showing and revoking them; the key shown once and never stored or logged; scopes on the
// routes (403 naming the missing scope), keys never managing keys; bad input (422 with field
// errors); expiry; the audit's actor; last_used_at; throttling of bad keys per client; and a
// revocation reaching a second instance within 1 s.
#include <Poco/JSON/Array.h>

#include <thread>

#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

using namespace std::chrono_literals;

class ApiKeysTest : public ShopTest {
 protected:
  // makeKey makes a key with scopes and answers the whole answer.
  Poco::JSON::Object::Ptr makeKey(const std::vector<std::string>& scopes,
                                  const std::string& expiresAt = "",
                                  const std::string& name = "accounting") {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("name", name);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& scope : scopes)
      list->add(scope);
    body->set("scopes", list);
    if (!expiresAt.empty())
      body->set("expires_at", expiresAt);
    const auto response = client_->post("/api/keys/", jsonText(body), asStaff());
    EXPECT_EQ(response.status, 201) << response.body;
    return response.json();
  }
  static std::string keyOf(const Poco::JSON::Object::Ptr& made) {
    return made->getValue<std::string>("key");
  }
  static std::string idOf(const Poco::JSON::Object::Ptr& made) {
    return std::to_string(made->getValue<Poco::Int64>("id"));
  }
  HttpResponse post(const std::string& path, const std::string& body, const std::string& key) {
    return client_->post(path, body, bearer(key));
  }
  static std::string itemBody(const std::string& name) {
    return R"({"name":")" + name + R"(","price":"10.00","on_hand":5})";
  }
};

TEST_P(ApiKeysTest, AKeyIsShownOnceListedWithoutItsSecretAndRevoked) {
  const auto made = makeKey({"inventory:read"}, "", "storefront");
  const std::string key = keyOf(made);
  const std::string prefix = made->getValue<std::string>("prefix");
  EXPECT_EQ(key.rfind("duka_" + prefix + "_", 0), 0u) << key;
  EXPECT_GE(key.size(), 5 + prefix.size() + 1 + 32);
  EXPECT_TRUE(made->isNull("expires_at"));
  EXPECT_TRUE(made->isNull("last_used_at"));

  const auto list = client_->get("/api/keys/", asStaff());
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()->getValue<int>("count"), 1);
  EXPECT_EQ(list.body.find(key), std::string::npos) << "the list shows the secret";
  const auto shown = client_->get("/api/keys/" + idOf(made) + "/", asStaff());
  ASSERT_EQ(shown.status, 200);
  EXPECT_TRUE(shown.json()->isNull("key"));
  EXPECT_EQ(shown.json()->getValue<std::string>("name"), "storefront");

  EXPECT_EQ(client_->get("/api/inventory/", bearer(key)).status, 200);
  EXPECT_EQ(client_->request("DELETE", "/api/keys/" + idOf(made) + "/", "", asStaff()).status, 204);
  EXPECT_EQ(client_->get("/api/inventory/", bearer(key)).status, 401);
  EXPECT_EQ(client_->get("/api/keys/" + idOf(made) + "/", asStaff()).status, 404);
  EXPECT_EQ(client_->request("DELETE", "/api/keys/" + idOf(made) + "/", "", asStaff()).status, 404);
  EXPECT_EQ(client_->get("/api/keys/", asStaff()).json()->getValue<int>("count"), 0);
  // The secret is in no log line, and only its hash is stored.
  EXPECT_EQ(server_->output().find(key.substr(5 + prefix.size() + 1)), std::string::npos);
}

TEST_P(ApiKeysTest, EachRouteNeedsItsScopeAndKeysNeverManageKeys) {
  const std::string reader = keyOf(makeKey({"inventory:read"}));
  EXPECT_EQ(client_->get("/api/inventory/", bearer(reader)).status, 200);
  const auto refused = post("/api/inventory/", itemBody("Tea"), reader);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.header("content-type").rfind("application/problem+json", 0), 0u);
  const auto errors = refused.json()->getObject("errors");
  ASSERT_TRUE(errors && errors->has("missing_scope")) << refused.body;
  EXPECT_EQ(errors->getArray("missing_scope")->getElement<std::string>(0), "inventory:write");
  EXPECT_NE(refused.json()->getValue<std::string>("detail").find("inventory:write"),
            std::string::npos);

  // Every route family: a key without the family's scope is refused, with it allowed.
  const std::vector<std::pair<std::string, std::string>> reads{
      {"/api/customers/", "customers"}, {"/api/orders/", "orders"}, {"/api/audit/", "audit"}};
  for (const auto& [path, family] : reads) {
    EXPECT_EQ(client_->get(path, bearer(reader)).status, 403) << path;
    const std::string allowed = keyOf(makeKey({family + ":read"}));
    EXPECT_EQ(client_->get(path, bearer(allowed)).status, 200) << path;
  }

  // Keys never manage keys, whatever their scopes; people-only routes refuse them too.
  const std::string everything = keyOf(makeKey(
      {"customers:read", "customers:write", "inventory:read", "inventory:write", "orders:read",
       "orders:write", "payments:read", "payments:write", "audit:read", "webhooks:manage"}));
  EXPECT_EQ(client_->get("/api/keys/", bearer(everything)).status, 403);
  EXPECT_EQ(post("/api/keys/", R"({"name":"x","scopes":["orders:read"]})", everything).status, 403);
  EXPECT_EQ(client_->get("/api/me/", bearer(everything)).status, 403);
  const auto created = post("/api/inventory/", itemBody("Sugar"), everything);
  EXPECT_EQ(created.status, 201) << created.body;
}

TEST_P(ApiKeysTest, TheAuditNamesTheKeyAsActorAndLastUsedAtIsSet) {
  const auto made = makeKey({"inventory:write", "inventory:read"});
  const auto created = post("/api/inventory/", itemBody("Flour"), keyOf(made));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto audit =
      client_->get("/api/audit/?actor=key:" + idOf(made) + "&action=inventory.created", asStaff());
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json()->getValue<int>("count"), 1) << audit.body;
  // key.created is audited too, with the staff user as actor and no secret.
  const auto keyEvents = client_->get("/api/audit/?action=key.created", asStaff());
  EXPECT_EQ(keyEvents.json()->getValue<int>("count"), 1) << keyEvents.body;
  EXPECT_EQ(keyEvents.body.find(keyOf(made)), std::string::npos);

  const auto shown = client_->get("/api/keys/" + idOf(made) + "/", asStaff()).json();
  EXPECT_FALSE(shown->isNull("last_used_at"));
}

TEST_P(ApiKeysTest, BadInputIs422WithFieldErrors) {
  const auto refuse = [&](const std::string& body, const std::string& field) {
    const auto response = client_->post("/api/keys/", body, asStaff());
    EXPECT_EQ(response.status, 422) << body << " -> " << response.body;
    const auto errors = response.json() ? response.json()->getObject("errors") : nullptr;
    EXPECT_TRUE(errors && errors->has(field)) << body << " -> " << response.body;
  };
  refuse(R"({"name":"x","scopes":["orders:delete"]})", "scopes");
  refuse(R"({"name":"x","scopes":[]})", "scopes");
  refuse(R"({"name":"x"})", "scopes");
  refuse(R"({"scopes":["orders:read"]})", "name");
  refuse(R"({"name":"","scopes":["orders:read"]})", "name");
  refuse(R"({"name":")" + std::string(101, 'n') + R"(","scopes":["orders:read"]})", "name");
  refuse(R"({"name":"x","scopes":["orders:read"],"expires_at":"2001-01-01T00:00:00Z"})",
         "expires_at");
  refuse(R"({"name":"x","scopes":["orders:read"],"expires_at":"tomorrow"})", "expires_at");
  refuse(R"({"name":"x","scopes":["orders:read","orders:read"]})", "scopes");
  EXPECT_EQ(client_->post("/api/keys/", "{", asStaff()).status, 400);
  EXPECT_EQ(client_->post("/api/keys/", R"({"name":"x","scopes":["orders:read"]})").status, 401);
  const std::string shopper = this->shopper("amina");
  EXPECT_EQ(client_->post("/api/keys/", R"({"name":"x","scopes":["orders:read"]})", bearer(shopper))
                .status,
            403);
  EXPECT_EQ(client_->get("/api/keys/abc/", asStaff()).status, 404);
}

TEST_P(ApiKeysTest, AKeyPastItsExpiryOrMalformedOrWrongIsRefused) {
  const auto soon = std::chrono::system_clock::now() + 2s;
  const std::string expiring = keyOf(makeKey({"inventory:read"}, rfc3339(soon)));
  EXPECT_EQ(client_->get("/api/inventory/", bearer(expiring)).status, 200);
  std::this_thread::sleep_until(soon + 1100ms);
  EXPECT_EQ(client_->get("/api/inventory/", bearer(expiring)).status, 401);

  const std::string good = keyOf(makeKey({"inventory:read"}));
  std::string wrong = good;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(client_->get("/api/inventory/", bearer(wrong)).status, 401);
  EXPECT_EQ(client_->get("/api/inventory/", bearer("duka_short")).status, 401);
  EXPECT_EQ(client_->get("/api/inventory/", bearer(good)).status, 200);
}

TEST_P(ApiKeysTest, BadKeysFromOneAddressAreThrottledLikeLogins) {
  // [auth] login_failures_per_client defaults to 20 in its window.
  const std::string made = keyOf(makeKey({"inventory:read"}));
  std::string wrong = made;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  int refused = 0, throttled = 0;
  for (int i = 0; i < 25; ++i) {
    const int status = client_->get("/api/inventory/", bearer(wrong)).status;
    refused += status == 401;
    throttled += status == 429;
  }
  EXPECT_EQ(refused, 20);
  EXPECT_EQ(throttled, 5);
  const auto answer = client_->get("/api/inventory/", bearer(made));
  EXPECT_EQ(answer.status, 429) << "the good key from the throttled address waits too";
  EXPECT_FALSE(answer.header("retry-after").empty());
}

TEST_P(ApiKeysTest, ARevocationReachesASecondInstanceWithinASecond) {
  if (GetParam() != Backend::Postgresql)
    GTEST_SKIP() << "several instances share a PostgreSQL database (SQLite serves one)";
  auto other = DukaProcess::start(
      serverIni(db_->iniSection(), testPluginDir(), "auth, customers, inventory, orders, audit",
                "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n"));
  HttpClient second(other->port());
  const auto made = makeKey({"inventory:read"});
  const std::string key = keyOf(made);
  EXPECT_EQ(second.get("/api/inventory/", bearer(key)).status, 200);
  ASSERT_EQ(client_->request("DELETE", "/api/keys/" + idOf(made) + "/", "", asStaff()).status, 204);
  const auto revoked = std::chrono::steady_clock::now();
  int status = 200;
  while (status == 200 && std::chrono::steady_clock::now() - revoked < 3s) {
    status = second.get("/api/inventory/", bearer(key)).status;
    if (status == 200)
      std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(status, 401);
  EXPECT_LE(std::chrono::steady_clock::now() - revoked, 1100ms);
}

DUKA_SERVER_BACKENDS(ApiKeysTest);

}  // namespace
}  // namespace duka::test
