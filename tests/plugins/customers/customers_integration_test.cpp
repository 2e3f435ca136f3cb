// The customers plugin through the real binary, on SQLite and PostgreSQL.
#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

std::string customerBody(const std::string& name, const std::string& code,
                         const std::string& phone) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("name", name);
  body->set("code", code);
  body->set("phone_number", phone);
  return jsonText(body);
}

class CustomersTest : public ShopTest {};

TEST_P(CustomersTest, ACustomerCreatesItsOwnProfileOnce) {
  const std::string token = registerUser(*client_, "wanjiru").access;
  const auto created = client_->post(
      "/api/customers/", customerBody("Wanjiru Kamau", "C001", "0712 345 678"), bearer(token));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto customer = created.json();
  EXPECT_EQ(customer->getValue<std::string>("phone_number"), "+254712345678");
  EXPECT_TRUE(customer->isNull("email"));
  for (const char* field : {"id", "name", "code", "created_at", "updated_at"})
    EXPECT_TRUE(customer->has(field)) << field;
  // The principal now carries the customer id.
  EXPECT_EQ(client_->get("/api/me/", bearer(token)).json()->getValue<Poco::Int64>("customer_id"),
            customer->getValue<Poco::Int64>("id"));
  const auto second = client_->post("/api/customers/",
                                    customerBody("Again", "C002", "0712 000 000"), bearer(token));
  EXPECT_EQ(second.status, 409) << second.body;
  // Its list is itself only.
  const auto list = client_->get("/api/customers/", bearer(token)).json();
  EXPECT_EQ(list->getValue<int>("count"), 1);
  EXPECT_TRUE(list->isNull("next"));
}

TEST_P(CustomersTest, CodeAndPhoneAreUnique) {
  ASSERT_EQ(
      client_->post("/api/customers/", customerBody("A", "C1", "0711111111"), asStaff()).status,
      201);
  const auto code =
      client_->post("/api/customers/", customerBody("B", "C1", "0722222222"), asStaff());
  ASSERT_EQ(code.status, 409);
  EXPECT_TRUE(code.json()->getObject("errors")->has("code"));
  const auto phone =
      client_->post("/api/customers/", customerBody("B", "C2", "+254 711 111 111"), asStaff());
  ASSERT_EQ(phone.status, 409);
  EXPECT_TRUE(phone.json()->getObject("errors")->has("phone_number"));
}

TEST_P(CustomersTest, BadInputIsRefusedWithFieldErrors) {
  const auto badPhone =
      client_->post("/api/customers/", customerBody("A", "C1", "12345"), asStaff());
  ASSERT_EQ(badPhone.status, 422);
  EXPECT_TRUE(badPhone.json()->getObject("errors")->has("phone_number"));
  const auto missing = client_->post("/api/customers/", R"({"name":"A"})", asStaff());
  ASSERT_EQ(missing.status, 422);
  EXPECT_TRUE(missing.json()->getObject("errors")->has("code"));
  EXPECT_EQ(client_
                ->post("/api/customers/", R"({"name":1,"code":"C","phone_number":"0712345678"})",
                       asStaff())
                .status,
            400);
  EXPECT_EQ(client_->post("/api/customers/", R"({"name":)", asStaff()).status, 400);
  EXPECT_EQ(client_
                ->post("/api/customers/", customerBody(std::string(201, 'n'), "C", "0712345678"),
                       asStaff())
                .status,
            422);
  const auto email = client_->post(
      "/api/customers/",
      R"({"name":"A","code":"C9","phone_number":"0712345679","email":"not-an-email"})", asStaff());
  EXPECT_EQ(email.status, 422);
  // Unicode names are kept as they are.
  const auto unicode = client_->post(
      "/api/customers/", customerBody("Njoki Wa Mũgĩkũyũ 🌽", "C3", "0733333333"), asStaff());
  ASSERT_EQ(unicode.status, 201);
  EXPECT_EQ(unicode.json()->getValue<std::string>("name"), "Njoki Wa Mũgĩkũyũ 🌽");
  // Nothing half-written: only that one exists.
  EXPECT_EQ(client_->get("/api/customers/", asStaff()).json()->getValue<int>("count"), 1);
}

TEST_P(CustomersTest, AnotherCustomersRecordIs404) {
  std::int64_t mine = 0, theirs = 0;
  const std::string me = shopper("achieng", &mine);
  shopper("baraka", &theirs);
  EXPECT_EQ(client_->get("/api/customers/" + std::to_string(mine) + "/", bearer(me)).status, 200);
  const std::string path = "/api/customers/" + std::to_string(theirs) + "/";
  EXPECT_EQ(client_->get(path, bearer(me)).status, 404);
  EXPECT_EQ(client_->request("PATCH", path, R"({"name":"x"})", bearer(me)).status, 404);
  EXPECT_EQ(client_->get("/api/customers/abc/", bearer(me)).status, 404);
  EXPECT_EQ(client_->get("/api/customers/99999999999999999999/", bearer(me)).status, 404);
  EXPECT_EQ(client_->request("DELETE", path, "", bearer(me)).status, 403);
}

TEST_P(CustomersTest, OwnerAndStaffPatch) {
  std::int64_t id = 0;
  const std::string me = shopper("chebet", &id);
  const std::string path = "/api/customers/" + std::to_string(id) + "/";
  const auto patched = client_->request(
      "PATCH", path, R"({"email":"chebet@example.com","name":"Chebet K"})", bearer(me));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()->getValue<std::string>("email"), "chebet@example.com");
  EXPECT_EQ(patched.json()->getValue<std::string>("name"), "Chebet K");
  const auto cleared = client_->request("PATCH", path, R"({"email":null})", asStaff());
  ASSERT_EQ(cleared.status, 200);
  EXPECT_TRUE(cleared.json()->isNull("email"));
  EXPECT_EQ(client_->request("PATCH", path, R"({"phone_number":"x"})", bearer(me)).status, 422);
}

TEST_P(CustomersTest, StaffListAndSearch) {
  shopper("daudi");
  shopper("esther");
  client_->post("/api/customers/", customerBody("Duka la Mama", "SHOP-9", "0799999999"), asStaff());
  const auto all = client_->get("/api/customers/?limit=2", asStaff()).json();
  EXPECT_EQ(all->getValue<int>("count"), 3);
  EXPECT_EQ(all->getArray("results")->size(), 2u);
  EXPECT_FALSE(all->isNull("next"));
  const auto found = client_->get("/api/customers/?search=shop-", asStaff()).json();
  EXPECT_EQ(found->getValue<int>("count"), 1);
  EXPECT_EQ(client_->get("/api/customers/?search=%25", asStaff()).json()->getValue<int>("count"),
            0);
  EXPECT_EQ(client_->get("/api/customers/?limit=0", asStaff()).status, 400);
  EXPECT_EQ(client_->get("/api/customers/?limit=201", asStaff()).status, 400);
  EXPECT_EQ(client_->get("/api/customers/?offset=-1", asStaff()).status, 400);
}

TEST_P(CustomersTest, DeleteIsRefusedWhileOrdersAreOpen) {
  std::int64_t id = 0;
  const std::string me = shopper("faraji", &id);
  const std::int64_t sugar = item("Sugar", "150.00", 10);
  const auto order = client_->post("/api/orders/", orderBody({{sugar, 1}}), bearer(me));
  ASSERT_EQ(order.status, 201) << order.body;
  const std::string path = "/api/customers/" + std::to_string(id) + "/";
  EXPECT_EQ(client_->request("DELETE", path, "", asStaff()).status, 409);
  EXPECT_EQ(client_->get(path, asStaff()).status, 200);
  const std::string orderPath =
      "/api/orders/" + std::to_string(order.json()->getValue<Poco::Int64>("id")) + "/cancel/";
  EXPECT_EQ(client_->request("PUT", orderPath, "", bearer(me)).status, 200);
  EXPECT_EQ(client_->request("DELETE", path, "", asStaff()).status, 204);
  EXPECT_EQ(client_->get(path, asStaff()).status, 404);
}

DUKA_SERVER_BACKENDS(CustomersTest);

}  // namespace
}  // namespace duka::test
