// The inventory plugin through the real binary, on SQLite and PostgreSQL.
#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

class InventoryTest : public ShopTest {
 protected:
  std::string path(std::int64_t id, const std::string& rest = "") {
    return "/api/inventory/" + std::to_string(id) + "/" + rest;
  }
  std::vector<std::string> eventNames() {
    std::vector<std::string> names;
    const auto events = client_->get("/api/recorder/events/").json()->getArray("events");
    for (const auto& e : *events)
      names.push_back(e.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("name"));
    return names;
  }
};

TEST_P(InventoryTest, StaffCreateAndEveryoneReads) {
  const auto created =
      client_->post("/api/inventory/",
                    R"({"name":"Unga 2kg","sku":"UNG-2","price":"210.5","on_hand":40})", asStaff());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto item = created.json();
  EXPECT_EQ(item->getValue<std::string>("price"), "210.50");
  EXPECT_EQ(item->getValue<int>("available"), 40);
  EXPECT_EQ(item->getValue<int>("reserved"), 0);
  EXPECT_EQ(item->getValue<int>("warn_limit"), 5);
  EXPECT_EQ(item->getValue<std::string>("status"), "in_stock");
  const std::string user = registerUser(*client_, "reader").access;
  EXPECT_EQ(client_->get("/api/inventory/", bearer(user)).json()->getValue<int>("count"), 1);
  EXPECT_EQ(
      client_->post("/api/inventory/", R"({"name":"x","price":"1","on_hand":1})", bearer(user))
          .status,
      403);
  EXPECT_EQ(client_->get("/api/inventory/").status, 401);
  const auto dup = client_->post(
      "/api/inventory/", R"({"name":"Other","sku":"UNG-2","price":"1","on_hand":1})", asStaff());
  EXPECT_EQ(dup.status, 409);
}

TEST_P(InventoryTest, BadInputIsRefused) {
  for (const std::string bad :
       {R"({"name":"x","price":"1e309","on_hand":1})",
        R"({"name":"x","price":"-1.00","on_hand":1})",
        R"({"name":"x","price":"1.234","on_hand":1})", R"({"name":"x","price":"1","on_hand":-1})",
        R"({"name":"x","price":"1","on_hand":1000000000000})",
        R"({"name":"","price":"1","on_hand":1})", R"({"price":"1","on_hand":1})"}) {
    EXPECT_EQ(client_->post("/api/inventory/", bad, asStaff()).status, 422) << bad;
  }
  for (const std::string bad :
       {R"({"name":"x","price":1.5,"on_hand":1})", R"({"name":"x","price":"1","on_hand":"1"})",
        R"({"name":"x","price":"1","on_hand":1.5})", R"([1])", "{"}) {
    EXPECT_EQ(client_->post("/api/inventory/", bad, asStaff()).status, 400) << bad;
  }
  EXPECT_EQ(client_->get("/api/inventory/", asStaff()).json()->getValue<int>("count"), 0);
  EXPECT_EQ(client_->get("/api/inventory/?status=plenty", asStaff()).status, 400);
  EXPECT_EQ(client_->get("/api/inventory/12345/", asStaff()).status, 404);
  EXPECT_EQ(client_->get("/api/inventory/x/", asStaff()).status, 404);
}

TEST_P(InventoryTest, AdjustKeepsOnHandAboveReserved) {
  const std::int64_t id = item("Chai", "50.00", 10, 2);
  const auto restock =
      client_->post(path(id, "adjust/"), R"({"delta":5,"reason":"delivery"})", asStaff());
  ASSERT_EQ(restock.status, 200) << restock.body;
  EXPECT_EQ(restock.json()->getValue<int>("on_hand"), 15);
  const std::string buyer = shopper("gathoni");
  ASSERT_EQ(client_->post("/api/orders/", orderBody({{id, 12}}), bearer(buyer)).status, 201);
  EXPECT_EQ(
      client_->post(path(id, "adjust/"), R"({"delta":-4,"reason":"spoilt"})", asStaff()).status,
      409);
  EXPECT_EQ(
      client_->post(path(id, "adjust/"), R"({"delta":-3,"reason":"spoilt"})", asStaff()).status,
      200);
  EXPECT_EQ(stock(id)->getValue<int>("available"), 0);
  EXPECT_EQ(stock(id)->getValue<std::string>("status"), "out_of_stock");
  EXPECT_EQ(client_->post(path(id, "adjust/"), R"({"delta":0,"reason":"x"})", asStaff()).status,
            422);
  EXPECT_EQ(client_->post(path(id, "adjust/"), R"({"delta":1})", asStaff()).status, 422);
  // Reserved stock cannot be deleted or edited away.
  EXPECT_EQ(client_->request("DELETE", path(id), "", asStaff()).status, 409);
  EXPECT_EQ(client_->request("PATCH", path(id), R"({"on_hand":11})", asStaff()).status, 409);
}

TEST_P(InventoryTest, ThresholdEventsWhenAvailabilityCrossesDownward) {
  const std::int64_t id = item("Maziwa", "60.00", 10, 5);
  const std::string buyer = shopper("halima");
  ASSERT_EQ(client_->post("/api/orders/", orderBody({{id, 5}}), bearer(buyer)).status, 201);
  ASSERT_EQ(client_->post("/api/orders/", orderBody({{id, 2}}), bearer(buyer)).status, 201);
  ASSERT_EQ(client_->post("/api/orders/", orderBody({{id, 3}}), bearer(buyer)).status, 201);
  std::vector<std::string> names;
  for (int i = 0; i < 50; ++i) {
    names = eventNames();
    if (std::count(names.begin(), names.end(), "inventory.out_of_stock") > 0)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(std::count(names.begin(), names.end(), "inventory.low_stock"), 1);
  EXPECT_EQ(std::count(names.begin(), names.end(), "inventory.out_of_stock"), 1);
  const auto low = client_->get("/api/inventory/?status=out_of_stock", asStaff()).json();
  EXPECT_EQ(low->getValue<int>("count"), 1);
  EXPECT_EQ(
      client_->get("/api/inventory/?status=in_stock", asStaff()).json()->getValue<int>("count"), 0);
}

TEST_P(InventoryTest, PutReplacesAndPatchChangesSome) {
  const std::int64_t id = item("Mkate", "55.00", 20);
  const auto put = client_->request(
      "PUT", path(id), R"({"name":"Mkate 400g","price":"60","on_hand":25,"sku":"MK-400"})",
      asStaff());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()->getValue<std::string>("price"), "60.00");
  EXPECT_EQ(put.json()->getValue<std::string>("sku"), "MK-400");
  EXPECT_EQ(client_->request("PUT", path(id), R"({"name":"x"})", asStaff()).status, 422);
  const auto patch = client_->request("PATCH", path(id), R"({"warn_limit":10})", asStaff());
  ASSERT_EQ(patch.status, 200);
  EXPECT_EQ(patch.json()->getValue<std::string>("name"), "Mkate 400g");
  EXPECT_EQ(client_->request("DELETE", path(id), "", asStaff()).status, 204);
  EXPECT_EQ(client_->get(path(id), asStaff()).status, 404);
}

// The list is cached between writes; every write shows in the next list at once.
TEST_P(InventoryTest, TheListShowsEveryWriteAtOnce) {
  const std::string buyer = shopper("ivy");
  auto firstAvailable = [&] {
    const auto list = client_->get("/api/inventory/", bearer(buyer)).json();
    return list->getArray("results")->getObject(0)->getValue<int>("available");
  };
  const std::int64_t id = item("Kales", "20.00", 100);
  EXPECT_EQ(firstAvailable(), 100);
  EXPECT_EQ(firstAvailable(), 100);  // from the cache
  for (int round = 1; round <= 5; ++round) {
    ASSERT_EQ(client_->post("/api/orders/", orderBody({{id, 1}}), bearer(buyer)).status, 201);
    EXPECT_EQ(firstAvailable(), 100 - round);
  }
  ASSERT_EQ(
      client_->post(path(id, "adjust/"), R"({"delta":10,"reason":"delivery"})", asStaff()).status,
      200);
  EXPECT_EQ(firstAvailable(), 105);
  item("Spinach", "25.00", 3);
  const auto list = client_->get("/api/inventory/?limit=1", bearer(buyer)).json();
  EXPECT_EQ(list->getValue<int>("count"), 2);
  EXPECT_NE(list->getValue<std::string>("next").find("offset=1"), std::string::npos);
  EXPECT_EQ(
      client_->get("/api/inventory/?search=spin", bearer(buyer)).json()->getValue<int>("count"), 1);
}

DUKA_SERVER_BACKENDS(InventoryTest);

}  // namespace
}  // namespace duka::test
