// The hello plugin: the smallest useful duka plugin. One table (a migration), three
// routes, one event it publishes, one after-commit subscriber and one gauge.
#include <atomic>
#include <duka/sdk.hpp>

#include "greeting_repository.hpp"

namespace hello {

namespace {

// HelloSettings is the [hello] section, each key bound to its member.
struct HelloSettings {
  std::string greeting;
};

const duka::Settings<HelloSettings> kSettings = duka::Settings<HelloSettings>().bind(
    duka::Setting::text("greeting", "Hello", "the word the plain greeting starts with"),
    &HelloSettings::greeting);

// greetingShape is a greeting on the wire: what POST answers, what GET shows, what the
// hello.greeted event carries, and its OpenAPI schema.
const duka::Shape<Greeting>& greetingShape() {
  static const duka::Shape<Greeting> shape =
      duka::Shape<Greeting>("Greeting", "A stored greeting")
          .field("id", &Greeting::id, {.readOnly = true})
          .field("name", &Greeting::name,
                 {.description = "Who", .required = true, .maxLength = 100})
          .computed("message", [](const Greeting& g) { return "Hello, " + g.name + "!"; })
          .field("created_at", &Greeting::createdAt, {.readOnly = true, .format = "date-time"});
  return shape;
}

// kGreeted is the event the plugin publishes: its name and its payload's shape, once. A
// plugin others subscribe to puts this in its public header.
constexpr duka::EventType<Greeting> kGreeted{"hello.greeted", greetingShape};

}  // namespace

class HelloPlugin : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "hello",
            .version = "1.0.0",
            .description = "Greets callers and remembers them (an SDK example)",
            .requiredPlugins = {}};
  }

  const duka::SettingsDeclaration& settings() const override { return kSettings; }

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
    const std::string word = kSettings.read(context.section()).greeting;

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
                                const Greeting input = greetingShape().read(request);
                                Greeting greeting = context.db().transact(
                                    duka::EventContext::of(request), [&](duka::Transaction& tx) {
                                      Greeting stored = repository_->insert(tx, input.name);
                                      tx.publish(kGreeted, stored);
                                      return stored;
                                    });
                                return greetingShape().answer(201, greeting);
                              },
                          .summary = "Store a greeting for {name}",
                          .request = &greetingShape(),
                          .response = &greetingShape(),
                          .successStatus = 201});

    context.routes().add({.method = "GET",
                          .path = "/api/hello/{id}/",
                          .access = duka::Access::Public,
                          .handler =
                              [this](duka::Request& request) {
                                auto greeting = repository_->find(request.idParam("id"));
                                if (!greeting)
                                  throw duka::notFound("No greeting with that id.");
                                return greetingShape().answer(200, *greeting);
                              },
                          .summary = "One stored greeting",
                          .response = &greetingShape()});

    // After-commit subscribers see only committed events, off the request thread.
    context.events().subscribeAfterCommit(
        kGreeted, [this](const Greeting&, const duka::Event&) { ++greeted_; });
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
