// The @NAME@ provider in the real duka: a low-stock alert goes through it to a fake gateway,
// and a gateway's refusal fails the message for good.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <duka/testing/duka_server.hpp>
#include <duka/testing/fake_gateway.hpp>
#include <duka/testing/wait_until.hpp>

namespace {

using duka::test::DukaServer;
using duka::test::FakeGateway;
using duka::test::GatewayReply;
using duka::test::waitUntil;

// startShop serves the shop with @NAME@ as its SMS provider, sending to gateway.
std::unique_ptr<DukaServer> startShop(const FakeGateway& gateway) {
  return DukaServer::start("auth, customers, inventory, orders, audit, sms, @NAME@",
                           "[auth]\ntoken_secret = a-test-secret-of-at-least-thirty-two-bytes\n"
                           "[sms]\nprovider = @NAME@\nstaff_numbers = +254700000001\n"
                           "[@NAME@]\nbase_url = " +
                               gateway.baseUrl() + "\napi_key = test-key\nfrom = SHOP\n");
}

// lowStock makes an item and sells it down past its warn limit: one alert to staff.
void lowStock(DukaServer& server) {
  const std::map<std::string, std::string> staff{
      {"Authorization", "Bearer " + server.staffToken()}};
  auto client = server.client();
  const auto item = client.post(
      "/api/inventory/", R"({"name":"Sugar","price":"1.00","on_hand":10,"warn_limit":5})", staff);
  ASSERT_EQ(item.status, 201) << item.body;
  const std::string id = std::to_string(item.json()->getValue<long>("id"));
  const auto moved =
      client.post("/api/inventory/" + id + "/adjust/", R"({"delta":-6,"reason":"spoilt"})", staff);
  ASSERT_EQ(moved.status, 200) << moved.body;
}

TEST(@NAME@, SendsAStockAlertThroughTheGateway) {
  FakeGateway gateway;
  gateway.setDefault(GatewayReply::text(201, R"({"id":"msg-{n}"})"));
  auto server = startShop(gateway);
  lowStock(*server);
  ASSERT_TRUE(gateway.waitForRequests(1, std::chrono::seconds(10))) << server->output();
  const auto request = gateway.requests().front();
  EXPECT_EQ(request.path, "/messages");
  EXPECT_EQ(request.header("authorization"), "Bearer test-key");
  const auto body = Poco::JSON::Parser().parse(request.body).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(body->getValue<std::string>("to"), "+254700000001");
  EXPECT_EQ(body->getValue<std::string>("from"), "SHOP");
  EXPECT_NE(body->getValue<std::string>("text").find("Sugar"), std::string::npos);
}

TEST(@NAME@, ARefusedMessageFailsForGood) {
  FakeGateway gateway;
  gateway.setDefault(GatewayReply::text(400, R"({"message":"no such number"})"));
  auto server = startShop(gateway);
  lowStock(*server);
  const std::map<std::string, std::string> staff{
      {"Authorization", "Bearer " + server->staffToken("boss")}};
  // The sms outbox settles the message after the send: wait for it to fail.
  std::string failed;
  waitUntil([&] {
    failed = server->client().get("/api/notifications/?status=failed", staff).body;
    return failed.find("no such number") != std::string::npos;
  });
  EXPECT_NE(failed.find(R"("last_error":"HTTP 400: no such number")"), std::string::npos) << failed;
  EXPECT_EQ(gateway.requests().size(), 1u);  // never tried again
}

}  // namespace
