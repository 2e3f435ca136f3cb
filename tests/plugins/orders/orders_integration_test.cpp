// The orders plugin through the real binary, on SQLite and PostgreSQL: placing, reading,
// the state machine with its stock moves, Idempotency-Key, bad input, and concurrency.
#include <atomic>
#include <set>
#include <thread>

#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

class OrdersTest : public ShopTest {
 protected:
  static std::string orderPath(const HttpResponse& created, const std::string& rest = "") {
    return "/api/orders/" + std::to_string(created.json()->getValue<Poco::Int64>("id")) + "/" +
           rest;
  }
  // run starts n threads, each with its own keep-alive client, and waits for them.
  template <class F>
  void run(int n, F&& body) {
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
      threads.emplace_back([&, i] {
        HttpClient client(server_->port());
        body(client, i);
      });
    for (auto& thread : threads)
      thread.join();
  }
};

TEST_P(OrdersTest, PlacingReservesStockAndCapturesThePrice) {
  const std::int64_t sugar = item("Sugar", "150.00", 10), salt = item("Salt", "30.50", 5);
  std::int64_t customer = 0;
  const std::string me = shopper("imani", &customer);
  const auto created =
      client_->post("/api/orders/",
                    R"({"items":[{"inventory_id":)" + std::to_string(sugar) +
                        R"(,"quantity":2},{"inventory_id":)" + std::to_string(salt) +
                        R"(,"quantity":3}],"note":"Deliver after 5pm"})",
                    bearer(me));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto order = created.json();
  EXPECT_EQ(order->getValue<std::string>("status"), "pending");
  EXPECT_EQ(order->getValue<Poco::Int64>("customer_id"), customer);
  EXPECT_EQ(order->getValue<std::string>("total"), "391.50");
  EXPECT_EQ(order->getValue<std::string>("currency"), "KES");
  EXPECT_EQ(order->getValue<std::string>("note"), "Deliver after 5pm");
  const auto line = order->getArray("items")->getObject(1);
  EXPECT_EQ(line->getValue<std::string>("name"), "Salt");
  EXPECT_EQ(line->getValue<std::string>("unit_price"), "30.50");
  EXPECT_EQ(line->getValue<std::string>("line_total"), "91.50");
  EXPECT_EQ(stock(sugar)->getValue<int>("reserved"), 2);
  EXPECT_EQ(stock(salt)->getValue<int>("available"), 2);
  // A later price change leaves the order alone.
  client_->request("PATCH", "/api/inventory/" + std::to_string(salt) + "/", R"({"price":"99"})",
                   asStaff());
  const auto again = client_->get(orderPath(created), bearer(me)).json();
  EXPECT_EQ(again->getArray("items")->getObject(1)->getValue<std::string>("unit_price"), "30.50");
}

TEST_P(OrdersTest, AShortageRefusesTheWholeOrderNamingTheItems) {
  const std::int64_t a = item("A", "1.00", 5), b = item("B", "1.00", 1);
  const std::string me = shopper("juma");
  const auto refused = client_->post("/api/orders/", orderBody({{a, 2}, {b, 3}}), bearer(me));
  ASSERT_EQ(refused.status, 409) << refused.body;
  const auto items = refused.json()->getObject("errors")->getArray("items");
  ASSERT_EQ(items->size(), 1u);
  EXPECT_NE(items->getElement<std::string>(0).find("inventory_id " + std::to_string(b)),
            std::string::npos);
  EXPECT_EQ(stock(a)->getValue<int>("reserved"), 0);  // nothing reserved
  EXPECT_EQ(client_->get("/api/orders/", bearer(me)).json()->getValue<int>("count"), 0);
}

TEST_P(OrdersTest, AMissingItemIsNamedBeforeAnyShortageAndNothingIsReserved) {
  const std::int64_t a = item("A", "1.00", 5), b = item("B", "1.00", 1);
  const std::string me = shopper("wanjiru");
  // A missing item is named (422) even beside a short one, and nothing is reserved of the
  // items around it.
  const auto refused =
      client_->post("/api/orders/", orderBody({{a, 2}, {987654, 1}, {b, 3}}), bearer(me));
  ASSERT_EQ(refused.status, 422) << refused.body;
  const auto errors = refused.json()->getObject("errors");
  EXPECT_TRUE(errors->has("items[1].inventory_id")) << refused.body;
  EXPECT_EQ(errors->size(), 1u) << refused.body;
  EXPECT_EQ(stock(a)->getValue<int>("reserved"), 0);
  EXPECT_EQ(stock(b)->getValue<int>("reserved"), 0);
  EXPECT_EQ(client_->get("/api/orders/", bearer(me)).json()->getValue<int>("count"), 0);
  // And the same items, all present, make an order.
  EXPECT_EQ(client_->post("/api/orders/", orderBody({{a, 2}, {b, 1}}), bearer(me)).status, 201);
  EXPECT_EQ(stock(a)->getValue<int>("reserved"), 2);
}

TEST_P(OrdersTest, ATotalBeyondTheLargestAmountIsRefusedAndNothingIsReserved) {
  const std::int64_t gold = item("Gold", "100000000000.00", 5);
  const std::string me = shopper("baraka");
  const auto refused = client_->post("/api/orders/", orderBody({{gold, 2}}), bearer(me));
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_TRUE(refused.json()->getObject("errors")->has("items")) << refused.body;
  EXPECT_EQ(stock(gold)->getValue<int>("reserved"), 0);
  const auto one = client_->post("/api/orders/", orderBody({{gold, 1}}), bearer(me));
  ASSERT_EQ(one.status, 201) << one.body;
  EXPECT_EQ(one.json()->getValue<std::string>("total"), "100000000000.00");
}

TEST_P(OrdersTest, TheStateMachineMovesStock) {
  const std::int64_t id = item("Rice", "100.00", 10);
  const std::string me = shopper("kamau");
  const auto first = client_->post("/api/orders/", orderBody({{id, 4}}), bearer(me));
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(client_->request("PUT", orderPath(first, "approve/"), "", bearer(me)).status, 403);
  EXPECT_EQ(client_->request("PUT", orderPath(first, "fulfil/"), "", asStaff()).status, 409);
  ASSERT_EQ(client_->request("PUT", orderPath(first, "approve/"), "", asStaff()).status, 200);
  auto rice = stock(id);
  EXPECT_EQ(rice->getValue<int>("on_hand"), 6);
  EXPECT_EQ(rice->getValue<int>("reserved"), 0);
  // The owner may not cancel an approved order; staff may, and the stock comes back.
  EXPECT_EQ(client_->request("PUT", orderPath(first, "cancel/"), "", bearer(me)).status, 409);
  const auto cancelled = client_->request("POST", orderPath(first, "cancel/"), "", asStaff());
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json()->getValue<std::string>("status"), "cancelled");
  EXPECT_EQ(stock(id)->getValue<int>("on_hand"), 10);
  const auto conflict = client_->request("PUT", orderPath(first, "approve/"), "", asStaff());
  ASSERT_EQ(conflict.status, 409);
  EXPECT_NE(conflict.json()->getValue<std::string>("detail").find("cancelled"), std::string::npos);

  const auto second = client_->post("/api/orders/", orderBody({{id, 3}}), bearer(me));
  ASSERT_EQ(client_->request("PUT", orderPath(second, "cancel/"), "", bearer(me)).status, 200);
  EXPECT_EQ(stock(id)->getValue<int>("reserved"), 0);

  const auto third = client_->post("/api/orders/", orderBody({{id, 1}}), bearer(me));
  ASSERT_EQ(client_->request("PUT", orderPath(third, "approve/"), "", asStaff()).status, 200);
  ASSERT_EQ(client_->request("PUT", orderPath(third, "fulfil/"), "", asStaff()).status, 200);
  EXPECT_EQ(client_->request("PUT", orderPath(third, "cancel/"), "", asStaff()).status, 409);
  EXPECT_EQ(stock(id)->getValue<int>("on_hand"), 9);
  // History: created, approved, fulfilled.
  const auto history = client_->get(orderPath(third, "history/"), bearer(me)).json();
  ASSERT_EQ(history->getValue<int>("count"), 3);
  EXPECT_EQ(history->getArray("results")->getObject(2)->getValue<std::string>("action"),
            "order.fulfilled");
}

TEST_P(OrdersTest, ListsAreOldestFirstOrNewestFirstWhenAsked) {
  const std::int64_t id = item("Rice", "3.00", 10);
  const std::string me = shopper("neema");
  std::vector<std::int64_t> placed;
  for (int i = 0; i < 3; ++i)
    placed.push_back(client_->post("/api/orders/", orderBody({{id, 1}}), bearer(me))
                         .json()
                         ->getValue<Poco::Int64>("id"));
  const auto idsOf = [&](const std::string& query) {
    std::vector<std::int64_t> ids;
    const auto results =
        client_->get("/api/orders/" + query, asStaff()).json()->getArray("results");
    for (unsigned i = 0; i < results->size(); ++i)
      ids.push_back(results->getObject(i)->getValue<Poco::Int64>("id"));
    return ids;
  };
  EXPECT_EQ(idsOf(""), placed);
  EXPECT_EQ(idsOf("?ordering=id"), placed);
  EXPECT_EQ(idsOf("?ordering=-id"), (std::vector<std::int64_t>{placed[2], placed[1], placed[0]}));
  EXPECT_EQ(idsOf("?ordering=-id&limit=1&offset=1"), std::vector<std::int64_t>{placed[1]});
  EXPECT_EQ(client_->get("/api/orders/?ordering=total", asStaff()).status, 400);
}

TEST_P(OrdersTest, OrdersArePrivateToTheirCustomer) {
  const std::int64_t id = item("Tea", "10.00", 10);
  const std::string me = shopper("lulu"), other = shopper("mosi");
  const auto mine = client_->post("/api/orders/", orderBody({{id, 1}}), bearer(me));
  ASSERT_EQ(mine.status, 201);
  EXPECT_EQ(client_->get(orderPath(mine), bearer(other)).status, 404);
  EXPECT_EQ(client_->get(orderPath(mine, "history/"), bearer(other)).status, 404);
  EXPECT_EQ(client_->request("PUT", orderPath(mine, "cancel/"), "", bearer(other)).status, 404);
  EXPECT_EQ(client_->get("/api/orders/", bearer(other)).json()->getValue<int>("count"), 0);
  EXPECT_EQ(client_->get("/api/orders/", asStaff()).json()->getValue<int>("count"), 1);
  EXPECT_EQ(client_->get("/api/orders/?status=pending", asStaff()).json()->getValue<int>("count"),
            1);
  EXPECT_EQ(client_->get("/api/orders/?status=nope", asStaff()).status, 400);
  // Without a customer profile a caller cannot order.
  const std::string stranger = registerUser(*client_, "no-profile").access;
  const auto refused = client_->post("/api/orders/", orderBody({{id, 1}}), bearer(stranger));
  EXPECT_EQ(refused.status, 422) << refused.body;
  // Staff order for a customer they name.
  const auto forCustomer = client_->post(
      "/api/orders/",
      R"({"customer_id":)" + std::to_string(mine.json()->getValue<Poco::Int64>("customer_id")) +
          R"(,"items":[{"inventory_id":)" + std::to_string(id) + R"(,"quantity":1}]})",
      asStaff());
  EXPECT_EQ(forCustomer.status, 201) << forCustomer.body;
  EXPECT_EQ(client_->post("/api/orders/", orderBody({{id, 1}}), asStaff()).status, 422);
}

TEST_P(OrdersTest, BadInputLeavesNothingBehind) {
  const std::int64_t id = item("Oil", "300.00", 50);
  const std::string me = shopper("njeri");
  const std::string sid = std::to_string(id);
  for (const std::string& bad :
       {std::string(R"({"items":[]})"), std::string(R"({})"),
        R"({"items":[{"inventory_id":)" + sid + R"(,"quantity":0}]})",
        R"({"items":[{"inventory_id":)" + sid + R"(,"quantity":1000000000000}]})",
        R"({"items":[{"inventory_id":)" + sid + R"(,"quantity":10001}]})",
        R"({"items":[{"inventory_id":)" + sid + R"(,"quantity":1},{"inventory_id":)" + sid +
            R"(,"quantity":1}]})",
        std::string(R"({"items":[{"inventory_id":987654,"quantity":1}]})"),
        std::string(R"({"items":[{"inventory_id":-1,"quantity":1}]})"),
        R"({"items":[{"inventory_id":)" + sid + R"(,"quantity":1}],"note":")" +
            std::string(1001, 'n') + R"("})"}) {
    EXPECT_EQ(client_->post("/api/orders/", bad, bearer(me)).status, 422) << bad.substr(0, 120);
  }
  for (const std::string& bad :
       {std::string(R"({"items":"all"})"), std::string(R"({"items":[1]})"),
        R"({"items":[{"inventory_id":")" + sid + R"(","quantity":1}]})",
        R"({"items":[{"inventory_id":)" + sid + R"(,"quantity":1.5}]})", std::string("[")}) {
    EXPECT_EQ(client_->post("/api/orders/", bad, bearer(me)).status, 400) << bad;
  }
  std::string many = R"({"items":[)";
  for (int i = 1; i <= 101; ++i)
    many += (i > 1 ? "," : "") + std::string(R"({"inventory_id":)") + std::to_string(i) +
            R"(,"quantity":1})";
  EXPECT_EQ(client_->post("/api/orders/", many + "]}", bearer(me)).status, 422);
  EXPECT_EQ(client_->get("/api/orders/", asStaff()).json()->getValue<int>("count"), 0);
  EXPECT_EQ(stock(id)->getValue<int>("reserved"), 0);
  EXPECT_EQ(client_->get("/api/orders/abc/", bearer(me)).status, 404);
  EXPECT_EQ(client_->request("DELETE", "/api/orders/", "", bearer(me)).status, 405);
}

TEST_P(OrdersTest, IdempotencyKeyReplaysTheFirstAnswer) {
  const std::int64_t id = item("Soap", "45.00", 10);
  const std::string me = shopper("otieno");
  auto headers = bearer(me);
  headers["Idempotency-Key"] = "order-2026-11-25-001";
  const auto first = client_->post("/api/orders/", orderBody({{id, 2}}), headers);
  ASSERT_EQ(first.status, 201) << first.body;
  const auto replay = client_->post("/api/orders/", orderBody({{id, 2}}), headers);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(stock(id)->getValue<int>("reserved"), 2);
  EXPECT_EQ(client_->post("/api/orders/", orderBody({{id, 3}}), headers).status, 422);
  // Another principal's identical key is its own.
  auto other = bearer(shopper("pendo"));
  other["Idempotency-Key"] = "order-2026-11-25-001";
  EXPECT_EQ(client_->post("/api/orders/", orderBody({{id, 2}}), other).status, 201);
  headers["Idempotency-Key"] = std::string(256, 'k');
  EXPECT_EQ(client_->post("/api/orders/", orderBody({{id, 1}}), headers).status, 422);
  // A refusal is replayed too.
  headers["Idempotency-Key"] = "too-many";
  const auto refused = client_->post("/api/orders/", orderBody({{id, 100}}), headers);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(client_->post("/api/orders/", orderBody({{id, 100}}), headers).body, refused.body);
}

// 50 units, 40 clients ordering 2 each at once: exactly 25 orders.
TEST_P(OrdersTest, ConcurrentOrdersNeverOversell) {
  const std::int64_t id = item("Flour", "120.00", 50, 0);
  std::vector<std::string> tokens;
  for (int i = 0; i < 40; ++i)
    tokens.push_back(shopper("buyer" + std::to_string(i)));
  std::atomic<int> created{0}, refused{0}, other{0};
  run(40, [&](HttpClient& client, int i) {
    const int status = client.post("/api/orders/", orderBody({{id, 2}}), bearer(tokens[i])).status;
    (status == 201 ? created : status == 409 ? refused : other)++;
  });
  EXPECT_EQ(created.load(), 25);
  EXPECT_EQ(refused.load(), 15);
  EXPECT_EQ(other.load(), 0);
  const auto flour = stock(id);
  EXPECT_EQ(flour->getValue<int>("reserved"), 50);
  EXPECT_EQ(flour->getValue<int>("available"), 0);
  const auto audit = client_->get("/api/audit/?action=order.created&limit=200", asStaff()).json();
  EXPECT_EQ(audit->getValue<int>("count"), 25);
  EXPECT_TRUE(client_->get("/api/audit/verify/", asStaff()).json()->getValue<bool>("ok"));
}

// Approvals and cancellations of the same orders at once never count a unit twice.
TEST_P(OrdersTest, ConcurrentApprovalsAndCancellationsKeepTheBooks) {
  const std::int64_t id = item("Beans", "80.00", 30, 0);
  const std::string me = shopper("rehema");
  std::vector<std::string> paths;
  for (int i = 0; i < 10; ++i) {
    const auto order = client_->post("/api/orders/", orderBody({{id, 3}}), bearer(me));
    ASSERT_EQ(order.status, 201);
    paths.push_back(orderPath(order));
  }
  std::atomic<int> errors{0};
  run(30, [&](HttpClient& client, int i) {
    const std::string action = i % 3 == 0 ? "approve/" : i % 3 == 1 ? "cancel/" : "fulfil/";
    const int status = client.request("PUT", paths[i % 10] + action, "", asStaff()).status;
    if (status != 200 && status != 409)
      ++errors;
  });
  EXPECT_EQ(errors.load(), 0);
  std::int64_t held = 0, sold = 0;
  for (const auto& path : paths) {
    const std::string status =
        client_->get(path, asStaff()).json()->getValue<std::string>("status");
    if (status == "pending")
      held += 3;
    if (status == "approved" || status == "fulfilled")
      sold += 3;
  }
  const auto beans = stock(id);
  EXPECT_EQ(beans->getValue<Poco::Int64>("reserved"), held);
  EXPECT_EQ(beans->getValue<Poco::Int64>("on_hand"), 30 - sold);
  EXPECT_GE(beans->getValue<Poco::Int64>("available"), 0);
}

// The same Idempotency-Key from 10 clients at once makes one order.
TEST_P(OrdersTest, ConcurrentRequestsWithOneKeyMakeOneOrder) {
  const std::int64_t id = item("Matches", "5.00", 100);
  const std::string me = shopper("sefu");
  std::atomic<int> created{0}, inFlight{0}, other{0};
  run(10, [&](HttpClient& client, int) {
    auto headers = bearer(me);
    headers["Idempotency-Key"] = "one-key";
    const int status = client.post("/api/orders/", orderBody({{id, 1}}), headers).status;
    (status == 201 ? created : status == 409 ? inFlight : other)++;
  });
  EXPECT_GE(created.load(), 1);  // the first, and replays of it
  EXPECT_EQ(created.load() + inFlight.load(), 10);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(client_->get("/api/orders/", bearer(me)).json()->getValue<int>("count"), 1);
  EXPECT_EQ(stock(id)->getValue<int>("reserved"), 1);
}

DUKA_SERVER_BACKENDS(OrdersTest);

}  // namespace
}  // namespace duka::test

namespace duka::test {
namespace {

// Every domain route is in the OpenAPI document, with its shapes, parameters and headers.
TEST_P(OrdersTest, TheOpenApiDocumentDescribesTheDomainRoutes) {
  const auto document = client_->get("/api/openapi.json").json();
  EXPECT_EQ(document->getValue<std::string>("openapi"), "3.1.0");
  const auto paths = document->getObject("paths");
  for (const char* path :
       {"/api/customers", "/api/customers/{id}", "/api/inventory", "/api/inventory/{id}",
        "/api/inventory/{id}/adjust", "/api/orders", "/api/orders/{id}", "/api/orders/{id}/approve",
        "/api/orders/{id}/fulfil", "/api/orders/{id}/cancel", "/api/orders/{id}/history",
        "/api/audit", "/api/audit/verify", "/api/login", "/api/register", "/api/me"}) {
    EXPECT_TRUE(paths->has(path)) << path;
  }
  const auto post = paths->getObject("/api/orders")->getObject("post");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->getObject("requestBody")
                ->getObject("content")
                ->getObject("application/json")
                ->getObject("schema")
                ->getValue<std::string>("$ref"),
            "#/components/schemas/NewOrder");
  EXPECT_TRUE(post->getObject("responses")->has("201"));
  EXPECT_TRUE(post->getObject("responses")->has("409"));
  std::set<std::string> parameters;
  for (const auto& operation : {post, paths->getObject("/api/orders")->getObject("get")}) {
    for (const auto& parameter : *operation->getArray("parameters")) {
      const auto p = parameter.extract<Poco::JSON::Object::Ptr>();
      if (p->has("name"))
        parameters.insert(p->getValue<std::string>("name"));
    }
  }
  EXPECT_EQ(parameters, (std::set<std::string>{"Idempotency-Key", "limit", "offset", "status",
                                               "customer_id", "payment_status", "ordering"}));
  const auto schemas = document->getObject("components")->getObject("schemas");
  const auto order = schemas->getObject("Order")->getObject("properties");
  EXPECT_EQ(order->getObject("status")->getArray("enum")->size(), 4u);
  EXPECT_TRUE(schemas->getObject("OrderPage")->getObject("properties")->has("next"));
  EXPECT_EQ(schemas->getObject("NewOrder")
                ->getObject("properties")
                ->getObject("items")
                ->getValue<int>("maxItems"),
            100);
}

TEST_P(OrdersTest, EachDomainOperationShowsTheScopeAnApiKeyNeeds) {
  const auto paths = client_->get("/api/openapi.json").json()->getObject("paths");
  const auto scopeOf = [&](const std::string& path, const std::string& method) {
    return paths->getObject(path)->getObject(method)->optValue<std::string>("x-duka-scope", "");
  };
  EXPECT_EQ(scopeOf("/api/orders", "post"), "orders:write");
  EXPECT_EQ(scopeOf("/api/orders", "get"), "orders:read");
  EXPECT_EQ(scopeOf("/api/orders/{id}/approve", "post"), "orders:write");
  EXPECT_EQ(scopeOf("/api/orders/{id}/history", "get"), "orders:read");
  EXPECT_EQ(scopeOf("/api/customers", "get"), "customers:read");
  EXPECT_EQ(scopeOf("/api/customers/{id}", "delete"), "customers:write");
  EXPECT_EQ(scopeOf("/api/inventory/{id}/adjust", "post"), "inventory:write");
  EXPECT_EQ(scopeOf("/api/inventory", "get"), "inventory:read");
  EXPECT_EQ(scopeOf("/api/audit/verify", "get"), "audit:read");
  EXPECT_EQ(scopeOf("/api/me", "get"), "");      // a person's own routes: no key calls them
  EXPECT_EQ(scopeOf("/api/login", "post"), "");  // public
}

}  // namespace
}  // namespace duka::test
