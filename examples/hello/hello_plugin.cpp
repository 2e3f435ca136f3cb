// The hello plugin: the smallest useful duka plugin. One table (a migration), three
// routes, one event it publishes, one after-commit subscriber and one gauge.
#include <atomic>
#include <duka/sdk.hpp>

#include "greeting_repository.hpp"

namespace hello {

namespace {

Poco::JSON::Object::Ptr toJson(const Greeting& greeting) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
  json->set("id", greeting.id);
  json->set("name", greeting.name);
  json->set("message", "Hello, " + greeting.name + "!");
  json->set("created_at", greeting.createdAt);
  return json;
}

}  // namespace

class HelloPlugin : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "hello",
            .version = "1.0.0",
            .description = "Greets callers and remembers them (an SDK example)",
            .requiredPlugins = {}};
  }

  std::vector<duka::Setting> settings() const override {
    return {duka::Setting::text("greeting", "Hello", "the word the plain greeting starts with")};
  }

  std::vector<duka::Migration> migrations() const override {
    return {{.version = 1,
             .description = "greetings table",
             .statements = {"CREATE TABLE hello_greetings ("
                            " id {{id}},"
                            " name TEXT NOT NULL,"
                            " created_at TEXT NOT NULL)"},
             .postgresql = {}}};
  }

  void start(duka::PluginContext& context) override {
    repository_ = std::make_unique<GreetingRepository>(context.db());
    const std::string word = context.settings().string("greeting");

    context.routes().add({.method = "GET",
                          .path = "/api/hello/",
                          .access = duka::Access::Public,
                          .handler =
                              [word](duka::Request&) {
                                Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                                body->set("message", word + ", world!");
                                return duka::Response::json(200, body);
                              },
                          .summary = "A plain greeting"});

    context.routes().add({.method = "POST",
                          .path = "/api/hello/",
                          .access = duka::Access::Public,
                          .handler =
                              [this, &context](duka::Request& request) {
                                duka::JsonBody body(request);
                                auto name = body.string("name", true, 1, 100);
                                body.finish();
                                Greeting greeting = context.db().transact(
                                    duka::EventContext::of(request), [&](duka::Transaction& tx) {
                                      Greeting stored = repository_->insert(tx, *name);
                                      tx.publish("hello.greeted", toJson(stored));
                                      return stored;
                                    });
                                return duka::Response::json(201, toJson(greeting));
                              },
                          .summary = "Store a greeting for {name}",
                          .successStatus = 201});

    context.routes().add({.method = "GET",
                          .path = "/api/hello/{id}/",
                          .access = duka::Access::Public,
                          .handler =
                              [this](duka::Request& request) {
                                auto greeting = repository_->find(request.idParam("id"));
                                if (!greeting)
                                  throw duka::notFound("No greeting with that id.");
                                return duka::Response::json(200, toJson(*greeting));
                              },
                          .summary = "One stored greeting"});

    // After-commit subscribers see only committed events, off the request thread.
    context.events().subscribeAfterCommit("hello.*", [this](const duka::Event&) { ++greeted_; });
    context.metrics().gauge("hello_greeted", "Greetings committed since start",
                            [this] { return static_cast<double>(greeted_.load()); });
    context.log().information("hello is ready");
  }

 private:
  std::unique_ptr<GreetingRepository> repository_;
  std::atomic<long> greeted_{0};
};

}  // namespace hello

DUKA_PLUGIN(hello::HelloPlugin)
