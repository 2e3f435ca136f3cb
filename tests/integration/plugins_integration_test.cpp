// Plugins working together through the host: settings, services and the example plugin.
#include "server_fixture.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

class PluginsTogether : public ServerTest {
 protected:
  void SetUp() override {}
};

TEST_P(PluginsTogether, SettingsReachThePluginWithDefaultsAndInlineComments) {
  startServer("probe",
              "[probe]\nlabel = shop-7   ; which shop\nloud = yes\ntemplate.order_created = Dear "
              "{customer.name}\n");
  auto body = client_->get("/api/probe/").json();
  EXPECT_EQ(body->getValue<std::string>("label"), "shop-7");
  EXPECT_EQ(body->getValue<int>("limit"), 3);
  EXPECT_EQ(body->getValue<std::string>("mode"), "fast");
  EXPECT_TRUE(body->getValue<bool>("loud"));
  EXPECT_EQ(body->getObject("templates")->getValue<std::string>("order_created"),
            "Dear {customer.name}");
}

TEST_P(PluginsTogether, ServicesConnectPluginsThatRequireEachOther) {
  startServer("greeter_consumer, greeter_provider");
  auto response = client_->get("/api/greet/W%C3%A1njir%C5%A9/");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()->getValue<std::string>("greeting"), "Karibu, Wánjirũ");
}

TEST_P(PluginsTogether, TheHelloExampleServesItsRoutes) {
  if (!db_)
    db_ = TestDatabase::create(GetParam(), dir_);
  DUKA_SKIP_WITHOUT(db_);
  server_ = DukaProcess::start(
      serverIni(db_->iniSection(), pluginDir(), "hello", "[hello]\ngreeting = Jambo\n"));
  HttpClient client(server_->port());
  EXPECT_EQ(client.get("/api/hello/").json()->getValue<std::string>("message"), "Jambo, world!");
  auto created = client.post("/api/hello/", R"({"name":"Achieng"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const int id = created.json()->getValue<int>("id");
  EXPECT_EQ(
      client.get("/api/hello/" + std::to_string(id) + "/").json()->getValue<std::string>("name"),
      "Achieng");
  EXPECT_EQ(client.get("/api/hello/999/").status, 404);
}

DUKA_SERVER_BACKENDS(PluginsTogether);

}  // namespace
}  // namespace duka::test
