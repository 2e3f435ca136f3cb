// The reports plugin through the real binary, on both backends: sales by day, item and
// customer on Nairobi's days, the stock and payments reports, CSV, the period's limits and
// who may read them (staff, or a key with orders:read).
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <duka/testing/wait_until.hpp>

#include "db/sql_database.hpp"
#include "events/event_dispatcher.hpp"
#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

constexpr const char* kToken = "c2b-token-of-the-test-0123456789";

class ReportsTest : public ShopTest {
 protected:
  std::string morePlugins() const override { return ", mpesa, reports"; }
  std::string moreIni() const override {
    return std::string("[mpesa]\ncallback_token = ") + kToken +
           "\n[reports]\ntimezone = Africa/Nairobi\n";
  }

  std::int64_t customer(const std::string& name) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    static int counter = 0;
    ++counter;
    body->set("name", name);
    body->set("code", "R-" + std::to_string(counter));
    body->set("phone_number", "0722" + std::to_string(100000 + counter));
    const auto response = client_->post("/api/customers/", jsonText(body), asStaff());
    if (response.status != 201)
      throw std::runtime_error("customer: " + response.body);
    return response.json()->getValue<Poco::Int64>("id");
  }
  // placed places an order for customerId as staff, moves it through the given steps
  // (approve, fulfil, cancel) and dates its creation at createdAt (RFC 3339 UTC).
  std::int64_t placed(std::int64_t customerId,
                      std::initializer_list<std::pair<std::int64_t, std::int64_t>> lines,
                      const std::string& createdAt, std::vector<std::string> steps = {"approve"}) {
    auto body = Poco::JSON::Parser().parse(orderBody(lines)).extract<Poco::JSON::Object::Ptr>();
    body->set("customer_id", customerId);
    const auto response = client_->post("/api/orders/", jsonText(body), asStaff());
    if (response.status != 201)
      throw std::runtime_error("order: " + response.body);
    const auto id = response.json()->getValue<Poco::Int64>("id");
    for (const auto& step : steps) {
      const auto moved =
          client_->post("/api/orders/" + std::to_string(id) + "/" + step + "/", "", asStaff());
      if (moved.status != 200)
        throw std::runtime_error(step + ": " + moved.body);
    }
    sql("UPDATE orders_orders SET created_at = '" + createdAt +
        "' WHERE id = " + std::to_string(id));
    return id;
  }
  // sql runs a statement on the server's database, as an operator's tool would.
  void sql(const std::string& statement) {
    host::EventDispatcher events;
    auto db = host::SqlDatabase::open(db_->config(), events, std::chrono::seconds(10));
    db->write(EventContext::system("test"), [&](Transaction& tx) { tx.run(statement); });
    db->close();
  }
  Poco::JSON::Object::Ptr report(const std::string& pathAndQuery) {
    const auto response = client_->get(pathAndQuery, asStaff());
    EXPECT_EQ(response.status, 200) << pathAndQuery << ": " << response.body;
    return response.json();
  }
  static std::string row(const Poco::JSON::Object::Ptr& row) {
    return row->getValue<std::string>("key") + "|" + row->getValue<std::string>("label") + "|" +
           std::to_string(row->getValue<int>("orders")) + "|" +
           std::to_string(row->getValue<int>("units")) + "|" + row->getValue<std::string>("total");
  }
  static std::vector<std::string> rows(const Poco::JSON::Object::Ptr& report) {
    std::vector<std::string> found;
    const auto list = report->getArray("rows");
    for (unsigned i = 0; i < list->size(); ++i)
      found.push_back(row(list->getObject(i)));
    return found;
  }
  static std::string totals(const Poco::JSON::Object::Ptr& report) {
    const auto t = report->getObject("totals");
    return std::to_string(t->getValue<int>("orders")) + "|" +
           std::to_string(t->getValue<int>("units")) + "|" + t->getValue<std::string>("total");
  }
};

// The shop of the sales tests: two items, two customers, orders around Nairobi's midnight.
class SalesTest : public ReportsTest {
 protected:
  void SetUp() override {
    ReportsTest::SetUp();
    if (IsSkipped())
      return;
    tea_ = item("Tea", "10.00", 100);
    salt_ = item("Salt", "2.50", 100);
    amina_ = customer("Amina");
    baraka_ = customer("Baraka");
    // 23:30 on the 10th in Nairobi, and 00:30 on the 11th.
    placed(amina_, {{tea_, 2}}, "2026-03-10T20:30:00Z");
    placed(baraka_, {{tea_, 1}, {salt_, 4}}, "2026-03-10T21:30:00Z", {"approve", "fulfil"});
    // Never sold: pending, cancelled.
    placed(amina_, {{salt_, 1}}, "2026-03-10T10:00:00Z", {});
    placed(baraka_, {{tea_, 5}}, "2026-03-11T10:00:00Z", {"cancel"});
    placed(baraka_, {{tea_, 5}}, "2026-03-11T11:00:00Z", {"approve", "cancel"});
    // Midnight of the 13th in Nairobi, exactly.
    placed(amina_, {{salt_, 2}}, "2026-03-12T21:00:00Z");
  }
  std::int64_t tea_ = 0, salt_ = 0, amina_ = 0, baraka_ = 0;
};

TEST_P(SalesTest, ByDayCountsApprovedAndFulfilledOrdersOnTheirNairobiDay) {
  const auto days = report("/api/reports/sales/?from=2026-03-10&to=2026-03-12");
  EXPECT_EQ(days->getValue<std::string>("from"), "2026-03-10");
  EXPECT_EQ(days->getValue<std::string>("to"), "2026-03-12");
  EXPECT_EQ(days->getValue<std::string>("group"), "day");
  EXPECT_EQ(days->getValue<std::string>("currency"), "KES");
  EXPECT_EQ(rows(days), (std::vector<std::string>{"2026-03-10|2026-03-10|1|2|20.00",
                                                  "2026-03-11|2026-03-11|1|5|20.00",
                                                  "2026-03-12|2026-03-12|0|0|0.00"}));
  EXPECT_EQ(totals(days), "2|7|40.00");
  // The order at midnight belongs to the 13th.
  const auto next = report("/api/reports/sales/?from=2026-03-13&to=2026-03-13&group=day");
  EXPECT_EQ(rows(next), std::vector<std::string>{"2026-03-13|2026-03-13|1|2|5.00"});
  // One day each side of the boundary.
  EXPECT_EQ(totals(report("/api/reports/sales/?from=2026-03-10&to=2026-03-10")), "1|2|20.00");
  EXPECT_EQ(totals(report("/api/reports/sales/?from=2026-03-11&to=2026-03-11")), "1|5|20.00");
}

TEST_P(SalesTest, ByItemAndByCustomerHighestTotalFirst) {
  const std::string period = "from=2026-03-01&to=2026-03-31";
  const auto items = report("/api/reports/sales/?group=item&" + period);
  EXPECT_EQ(rows(items), (std::vector<std::string>{std::to_string(tea_) + "|Tea|2|3|30.00",
                                                   std::to_string(salt_) + "|Salt|2|6|15.00"}));
  // Two items of one order: the order counts once in the totals.
  EXPECT_EQ(totals(items), "3|9|45.00");
  const auto customers = report("/api/reports/sales/?group=customer&" + period);
  EXPECT_EQ(rows(customers),
            (std::vector<std::string>{std::to_string(amina_) + "|Amina|2|4|25.00",
                                      std::to_string(baraka_) + "|Baraka|1|5|20.00"}));
  EXPECT_EQ(totals(customers), "3|9|45.00");
  // An item renamed since is labelled by its name now; a period with nothing has no rows.
  ASSERT_EQ(client_
                ->request("PATCH", "/api/inventory/" + std::to_string(tea_) + "/",
                          R"({"name":"Chai"})", asStaff())
                .status,
            200);
  EXPECT_EQ(rows(report("/api/reports/sales/?group=item&" + period))[0],
            std::to_string(tea_) + "|Chai|2|3|30.00");
  const auto none = report("/api/reports/sales/?group=customer&from=2025-01-01&to=2025-01-31");
  EXPECT_TRUE(rows(none).empty());
  EXPECT_EQ(totals(none), "0|0|0.00");
  EXPECT_EQ(rows(report("/api/reports/sales/?from=2025-01-01&to=2025-01-31")).size(), 31u);
}

TEST_P(SalesTest, CsvHasAHeaderLineAndTheRowsAsRfc4180Says) {
  const auto csv =
      client_->get("/api/reports/sales/?from=2026-03-10&to=2026-03-11&format=csv", asStaff());
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(csv.header("Content-Disposition"),
            "attachment; filename=\"sales-by-day-2026-03-10-to-2026-03-11.csv\"");
  EXPECT_EQ(csv.body,
            "key,label,orders,units,total\r\n2026-03-10,2026-03-10,1,2,20.00\r\n"
            "2026-03-11,2026-03-11,1,5,20.00\r\n");
  // Accept: text/csv does the same; Accept JSON or nothing is JSON.
  auto headers = asStaff();
  headers["Accept"] = "text/csv";
  EXPECT_EQ(client_->get("/api/reports/sales/?from=2026-03-10&to=2026-03-11", headers).body,
            csv.body);
  headers["Accept"] = "application/json";
  EXPECT_EQ(client_->get("/api/reports/sales/?from=2026-03-10&to=2026-03-11", headers)
                .header("Content-Type"),
            "application/json; charset=utf-8");
  // Names with commas, quotes, line breaks and a leading "=" stay one field each.
  const auto odd = customer("Otieno, \"Baba\" =\nline two");
  const auto formula = customer("=HYPERLINK(\"http://x\")");
  placed(odd, {{tea_, 1}}, "2026-04-01T09:00:00Z");
  placed(formula, {{salt_, 1}}, "2026-04-01T09:00:00Z");
  const auto named = client_->get(
      "/api/reports/sales/?group=customer&from=2026-04-01&to=2026-04-01&format=csv", asStaff());
  EXPECT_EQ(named.body, "key,label,orders,units,total\r\n" + std::to_string(odd) +
                            ",\"Otieno, \"\"Baba\"\" =\nline two\",1,1,10.00\r\n" +
                            std::to_string(formula) +
                            ",\"'=HYPERLINK(\"\"http://x\"\")\",1,1,2.50\r\n");
}

TEST_P(SalesTest, APeriodIsAtMost366DaysOfRealDates) {
  EXPECT_EQ(client_->get("/api/reports/sales/?from=2024-01-01&to=2024-12-31", asStaff()).status,
            200);
  for (const std::string& query :
       std::vector<std::string>{"from=2024-01-01&to=2025-01-01", "from=2026-03-02&to=2026-03-01",
                                "from=2026-02-30", "to=tomorrow", "from=2026-3-1"}) {
    const auto refused = client_->get("/api/reports/sales/?" + query, asStaff());
    EXPECT_EQ(refused.status, 422) << query << ": " << refused.body;
    EXPECT_EQ(refused.header("Content-Type"), "application/problem+json; charset=utf-8");
    EXPECT_EQ(refused.json()->getObject("errors")->size(), 1u) << refused.body;
  }
  for (const std::string& query :
       std::vector<std::string>{"group=week", "format=xml", "from=" + std::string(5000, '9')})
    EXPECT_EQ(client_->get("/api/reports/sales/?" + query, asStaff()).status, 400) << query;
  // Without dates: the last 30 days up to today.
  EXPECT_EQ(report("/api/reports/sales/")->getArray("rows")->size(), 30u);
}

TEST_P(ReportsTest, StaffOrAKeyWithOrdersReadMayReadReportsAndNobodyElse) {
  const auto shopperToken = shopper("kioko");
  auto makeKey = [&](const std::string& scope) {
    const auto made =
        client_->post("/api/keys/", R"({"name":"books","scopes":[")" + scope + R"("]})", asStaff());
    EXPECT_EQ(made.status, 201) << made.body;
    return made.json()->getValue<std::string>("key");
  };
  const std::string reader = makeKey("orders:read"), writer = makeKey("inventory:write");
  for (const std::string path :
       {"/api/reports/sales/", "/api/reports/stock/", "/api/reports/payments/"}) {
    EXPECT_EQ(client_->get(path, asStaff()).status, 200) << path;
    EXPECT_EQ(client_->get(path, bearer(reader)).status, 200) << path;
    const auto missing = client_->get(path, bearer(writer));
    EXPECT_EQ(missing.status, 403) << path;
    EXPECT_NE(missing.body.find("orders:read"), std::string::npos) << missing.body;
    EXPECT_EQ(client_->get(path, bearer(shopperToken)).status, 403) << path;
    EXPECT_EQ(client_->get(path, {}).status, 401) << path;
    EXPECT_EQ(client_->post(path, "{}", asStaff()).status, 405) << path;
  }
}

TEST_P(ReportsTest, StockListsEveryItemNeediestFirst) {
  const auto plenty = item("Plenty", "1.00", 100, 5);   // 20 times its warn limit
  const auto low = item("Low", "1.00", 4, 5);           // 0.8
  const auto out = item("Gone", "1.00", 0, 5);          // 0
  const auto edge = item("Edge", "3.00", 10, 10);       // 1, then 0.9 once 1 is reserved
  const auto noLimit = item("No limit", "1.00", 3, 0);  // 3 (a limit of 0 counts as 1)
  const auto shopperToken = shopper("mumbi");
  ASSERT_EQ(client_->post("/api/orders/", orderBody({{edge, 1}}), bearer(shopperToken)).status,
            201);
  const auto stock = report("/api/reports/stock/");
  const auto list = stock->getArray("rows");
  ASSERT_EQ(list->size(), 5u);
  std::vector<std::int64_t> order;
  for (unsigned i = 0; i < list->size(); ++i)
    order.push_back(list->getObject(i)->getValue<Poco::Int64>("id"));
  EXPECT_EQ(order, (std::vector<std::int64_t>{out, low, edge, noLimit, plenty}));
  const auto edgeRow = list->getObject(2);
  EXPECT_EQ(edgeRow->getValue<int>("available"), 9);
  EXPECT_EQ(edgeRow->getValue<int>("reserved"), 1);
  EXPECT_EQ(edgeRow->getValue<int>("on_hand"), 10);
  EXPECT_EQ(edgeRow->getValue<std::string>("status"), "low_stock");
  EXPECT_EQ(edgeRow->getValue<std::string>("price"), "3.00");
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("status"), "out_of_stock");
  EXPECT_EQ(list->getObject(4)->getValue<std::string>("status"), "in_stock");
  const auto csv = client_->get("/api/reports/stock/?format=csv", asStaff());
  EXPECT_EQ(csv.body.substr(0, csv.body.find("\r\n")),
            "id,sku,name,available,warn_limit,status,on_hand,reserved,price");
  EXPECT_NE(csv.body.find("\r\n" + std::to_string(out) + ",,Gone,0,5,out_of_stock,0,0,1.00\r\n"),
            std::string::npos)
      << csv.body;
}

TEST_P(ReportsTest, PaymentsTotalsByStatusAndTheUnmatchedReceipts) {
  const auto goods = item("Goods", "100.00", 50);
  const auto who = customer("Chebet");
  const auto paid = placed(who, {{goods, 1}}, "2026-12-01T09:00:00Z", {});
  const auto c2b = [&](const std::string& transId, const std::string& amount,
                       const std::string& account) {
    const auto response =
        client_->post("/api/payments/c2b/" + std::string(kToken) + "/confirmation/",
                      R"({"TransactionType":"Pay Bill","TransID":")" + transId +
                          R"(","TransTime":"20261201120000","TransAmount":")" + amount +
                          R"(","BusinessShortCode":"174379","BillRefNumber":")" + account +
                          R"(","MSISDN":"254712345678"})",
                      {});
    ASSERT_EQ(response.status, 200) << response.body;
  };
  c2b("QR1PAID001", "100.00", std::to_string(paid));
  c2b("QR1LOST001", "40.00", "ORDR" + std::to_string(paid));
  c2b("QR1LOST002", "2.50", "nothing");
  sql("UPDATE mpesa_payments SET created_at = '2026-12-01T09:30:00Z'");
  const auto payments = report("/api/reports/payments/?from=2026-12-01&to=2026-12-01");
  EXPECT_EQ(payments->getValue<std::string>("currency"), "KES");
  const auto totals = payments->getArray("totals");
  ASSERT_EQ(totals->size(), 1u) << payments->getArray("totals")->size();
  EXPECT_EQ(totals->getObject(0)->getValue<std::string>("method"), "mpesa");
  EXPECT_EQ(totals->getObject(0)->getValue<std::string>("status"), "succeeded");
  EXPECT_EQ(totals->getObject(0)->getValue<int>("payments"), 3);
  EXPECT_EQ(totals->getObject(0)->getValue<std::string>("total"), "142.50");
  EXPECT_EQ(payments->getValue<int>("unmatched_count"), 2);
  EXPECT_EQ(payments->getValue<std::string>("unmatched_total"), "42.50");
  const auto unmatched = payments->getArray("unmatched");
  ASSERT_EQ(unmatched->size(), 2u);
  EXPECT_EQ(unmatched->getObject(0)->getValue<std::string>("receipt"), "QR1LOST002");
  EXPECT_TRUE(unmatched->getObject(0)->isNull("order_id"));
  // The day before has nothing; CSV has the totals.
  const auto before = report("/api/reports/payments/?from=2026-11-30&to=2026-11-30");
  EXPECT_EQ(before->getArray("totals")->size(), 0u);
  EXPECT_EQ(before->getValue<int>("unmatched_count"), 0);
  EXPECT_EQ(
      client_->get("/api/reports/payments/?from=2026-12-01&to=2026-12-01&format=csv", asStaff())
          .body,
      "method,status,payments,total\r\nmpesa,succeeded,3,142.50\r\n");
  // Matched, a receipt leaves the unmatched list.
  const auto id = unmatched->getObject(1)->getValue<Poco::Int64>("id");
  const auto other = placed(who, {{goods, 1}}, "2026-12-01T10:00:00Z", {});
  ASSERT_EQ(client_
                ->post("/api/payments/" + std::to_string(id) + "/match/",
                       R"({"order_id":)" + std::to_string(other) + "}", asStaff())
                .status,
            200);
  EXPECT_EQ(report("/api/reports/payments/?from=2026-12-01&to=2026-12-01")
                ->getValue<int>("unmatched_count"),
            1);
}

DUKA_SERVER_BACKENDS(ReportsTest);
DUKA_SERVER_BACKENDS(SalesTest);

// Without mpesa the payments report is empty, and the other reports work as before.
class ReportsWithoutMpesaTest : public ReportsTest {
 protected:
  std::string morePlugins() const override { return ", reports"; }
  std::string moreIni() const override { return ""; }
};

TEST_P(ReportsWithoutMpesaTest, ThePaymentsReportIsEmpty) {
  const auto payments = report("/api/reports/payments/");
  EXPECT_EQ(payments->getArray("totals")->size(), 0u);
  EXPECT_EQ(payments->getValue<int>("unmatched_count"), 0);
  EXPECT_EQ(report("/api/reports/sales/")->getArray("rows")->size(), 30u);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ReportsWithoutMpesaTest, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
