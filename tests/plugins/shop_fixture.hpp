// ShopTest: the real binary with auth, customers, inventory, orders and audit (and the
// event recorder), a staff account, and helpers that make items, customers and orders.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "integration/server_fixture.hpp"
#include "support/accounts.hpp"
#include "support/test_paths.hpp"

namespace duka::test {

inline std::string jsonText(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

class ShopTest : public ServerTest {
 protected:
  void SetUp() override {
    startWith(testPluginDir(),
              "auth, customers, inventory, orders, audit, event_recorder" + morePlugins(),
              "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n" + moreIni());
    if (IsSkipped())
      return;
    addUser(configPath_, "boss", true);
    staff_ = login(*client_, "boss").access;
  }

  // morePlugins (", sms") and moreIni (sections) extend the shop a suite starts.
  virtual std::string morePlugins() const { return ""; }
  virtual std::string moreIni() const { return ""; }

  std::map<std::string, std::string> asStaff() const { return bearer(staff_); }

  // item creates an inventory item and returns its id.
  std::int64_t item(const std::string& name, const std::string& price, std::int64_t onHand,
                    std::int64_t warnLimit = 5) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("name", name);
    body->set("price", price);
    body->set("on_hand", onHand);
    body->set("warn_limit", warnLimit);
    const auto response = client_->post("/api/inventory/", jsonText(body), asStaff());
    if (response.status != 201)
      throw std::runtime_error("item: " + response.body);
    return response.json()->getValue<Poco::Int64>("id");
  }

  // shopper registers a user with a customer profile and returns its access token.
  std::string shopper(const std::string& username, std::int64_t* customerId = nullptr) {
    const std::string token = registerUser(*client_, username).access;
    static int counter = 0;
    ++counter;
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("name", username);
    body->set("code", "C-" + username);
    body->set("phone_number", "07" + std::to_string(10000000 + counter * 7919 % 89999999));
    const auto response = client_->post("/api/customers/", jsonText(body), bearer(token));
    if (response.status != 201)
      throw std::runtime_error("shopper: " + response.body);
    if (customerId)
      *customerId = response.json()->getValue<Poco::Int64>("id");
    return token;
  }

  static std::string orderBody(std::initializer_list<std::pair<std::int64_t, std::int64_t>> lines) {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& [id, quantity] : lines) {
      Poco::JSON::Object::Ptr line = new Poco::JSON::Object;
      line->set("inventory_id", id);
      line->set("quantity", quantity);
      items->add(line);
    }
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("items", items);
    return jsonText(body);
  }

  Poco::JSON::Object::Ptr stock(std::int64_t id) {
    return client_->get("/api/inventory/" + std::to_string(id) + "/", asStaff()).json();
  }

  std::string staff_;
};

}  // namespace duka::test
