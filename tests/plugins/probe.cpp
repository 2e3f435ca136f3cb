// probe: a test plugin that exercises the whole SDK surface for the host's tests: settings,
// migrations, routes of every access level and body kind, handlers that throw, a write
// transaction with an event, an in-transaction subscriber that writes or vetoes, and an
// after-commit subscriber.
#include <chrono>
#include <duka/pagination.hpp>
#include <duka/sdk.hpp>
#include <map>
#include <mutex>
#include <thread>

namespace {

struct ProbeSettings {
  std::string label;
  std::int64_t limit = 0;
  std::string token;
  std::string mode;
  bool loud = false;
  std::map<std::string, std::string> templates;
};

const duka::SettingsOf<ProbeSettings> kSettings =
    duka::SettingsOf<ProbeSettings>()
        .bind(duka::Setting::text("label", "probe", "a label echoed by GET /api/probe/"),
              &ProbeSettings::label)
        .bind(duka::Setting::integer("limit", 3, 1, 10, "a bounded integer"), &ProbeSettings::limit)
        .bind(duka::Setting::text("token", "", "a secret").asSecret(), &ProbeSettings::token)
        .bind(duka::Setting::choice("mode", "fast", {"fast", "safe"}, "a choice"),
              &ProbeSettings::mode)
        .bind(duka::Setting::boolean("loud", false, "a flag"), &ProbeSettings::loud)
        .bind(duka::Setting::text("template.*", "", "a family of keys"), &ProbeSettings::templates);

struct NewItem {
  std::string name;
};

const duka::Shape<NewItem>& newItemShape() {
  static const duka::Shape<NewItem> shape =
      duka::Shape<NewItem>("ProbeItem")
          .field("name", &NewItem::name, {.required = true, .maxLength = 100});
  return shape;
}

class ProbePlugin : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {
        .name = "probe", .version = "0.1.0", .description = "test probe", .requiredPlugins = {}};
  }

  const duka::SettingsSpec& settings() const override { return kSettings; }

  std::vector<duka::Migration> migrations() const override {
    return {{.version = 1,
             .description = "items",
             .statements = {"CREATE TABLE probe_items (id {{id}}, name TEXT NOT NULL UNIQUE)"},
             .postgresql = {}},
            {.version = 2,
             .description = "audit of items, written by a subscriber",
             .statements =
                 {"CREATE TABLE probe_audit (id {{id}}, item_name TEXT NOT NULL, request_id TEXT)"},
             .postgresql = {}}};
  }

  void start(duka::PluginContext& context) override {
    auto& routes = context.routes();
    const ProbeSettings settings = kSettings.read(context.settings());
    routes.add({.method = "GET",
                .path = "/api/probe/",
                .access = duka::Access::Public,
                .handler =
                    [settings](duka::Request&) {
                      Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                      body->set("label", settings.label);
                      body->set("limit", settings.limit);
                      body->set("mode", settings.mode);
                      body->set("loud", settings.loud);
                      Poco::JSON::Object::Ptr templates = new Poco::JSON::Object;
                      for (const auto& [key, value] : settings.templates)
                        templates->set(key, value);
                      body->set("templates", templates);
                      return duka::Response::json(200, body);
                    },
                .summary = "settings"});
    routes.add({.method = "POST",
                .path = "/api/probe/echo/",
                .access = duka::Access::Public,
                .handler = [](duka::Request& request) {
                  return duka::Response::json(200, request.json());
                }});
    routes.add({.method = "GET",
                .path = "/api/probe/boom/",
                .access = duka::Access::Public,
                .handler = [](duka::Request&) -> duka::Response {
                  throw std::runtime_error("secret internals: password=hunter2");
                }});
    routes.add({.method = "GET",
                .path = "/api/probe/conflict/",
                .access = duka::Access::Public,
                .handler = [](duka::Request&) -> duka::Response {
                  throw duka::conflict("Already there.", {{"name", {"Taken."}}});
                }});
    routes.add({.method = "GET",
                .path = "/api/probe/me/",
                .access = duka::Access::Authenticated,
                .handler = [](duka::Request& request) {
                  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                  body->set("sub", request.caller().subject);
                  body->set("staff", request.caller().isStaff());
                  const auto& customer = request.caller().customerId;
                  body->set("customer_id",
                            customer ? Poco::Dynamic::Var(*customer) : Poco::Dynamic::Var());
                  return duka::Response::json(200, body);
                }});
    routes.add({.method = "GET",
                .path = "/api/probe/staff/",
                .access = duka::Access::Staff,
                .handler = [](duka::Request&) {
                  return duka::Response::json(200, Poco::JSON::Object::Ptr(new Poco::JSON::Object));
                }});
    routes.add({.method = "POST",
                .path = "/api/probe/form/",
                .access = duka::Access::Public,
                .handler =
                    [](duka::Request& request) {
                      Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                      body->set("raw", request.body());
                      return duka::Response::json(200, body);
                    },
                .body = duka::BodyKind::Form});
    routes.add({.method = "GET",
                .path = "/api/probe/origin/",
                .access = duka::Access::Public,
                .handler = [](duka::Request& request) {
                  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                  body->set("base_url", request.baseUrl());
                  body->set("client_address", request.clientAddress());
                  return duka::Response::json(200, body);
                }});
    routes.add({.method = "GET",
                .path = "/api/probe/pages/",
                .access = duka::Access::Public,
                .handler = [](duka::Request& request) {
                  const duka::Page page = duka::Page::of(request);
                  return page.answer(request, 1000, "[]");
                }});
    routes.add({.method = "GET",
                .path = "/api/probe/slow/",
                .access = duka::Access::Public,
                .handler = [](duka::Request& request) {
                  const int ms = std::stoi(request.query("ms").value_or("100"));
                  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                  body->set("slept_ms", ms);
                  return duka::Response::json(200, body);
                }});
    routes.add({.method = "POST",
                .path = "/api/probe/items/",
                .access = duka::Access::Public,
                .handler =
                    [&context](duka::Request& request) {
                      const NewItem item = newItemShape().read(request);
                      const std::int64_t id = context.db().transact(
                          duka::EventContext::of(request), [&](duka::Transaction& tx) {
                            const std::string& value = item.name;
                            const std::int64_t newId =
                                tx.insert("INSERT INTO probe_items (name) VALUES ($1)", {value});
                            Poco::JSON::Object::Ptr payload = new Poco::JSON::Object;
                            payload->set("id", newId);
                            payload->set("name", value);
                            tx.publish("probe.item_created", payload);
                            return newId;
                          });
                      Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
                      out->set("id", id);
                      return duka::Response::json(201, out);
                    },
                .successStatus = 201});
    routes.add({.method = "GET",
                .path = "/api/probe/items/",
                .access = duka::Access::Public,
                .handler = [&context](duka::Request&) {
                  std::int64_t items = 0, audited = 0;
                  context.db().run(
                      "SELECT (SELECT COUNT(*) FROM probe_items), "
                      "(SELECT COUNT(*) FROM probe_audit)",
                      {}, [&](const duka::SqlRow& row) {
                        items = row.integer(0);
                        audited = row.integer(1);
                      });
                  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                  body->set("items", items);
                  body->set("audited", audited);
                  return duka::Response::json(200, body);
                }});
    routes.add({.method = "GET",
                .path = "/api/probe/items/{id}/",
                .access = duka::Access::Public,
                .handler = [](duka::Request& request) {
                  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                  body->set("id", request.idParam("id"));
                  return duka::Response::json(200, body);
                }});
    routes.add({.method = "GET",
                .path = "/api/probe/events/",
                .access = duka::Access::Public,
                .handler = [this](duka::Request&) {
                  std::lock_guard<std::mutex> lock(mutex_);
                  Poco::JSON::Array::Ptr names = new Poco::JSON::Array;
                  for (const auto& name : seen_)
                    names->add(name);
                  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                  body->set("after_commit", names);
                  return duka::Response::json(200, body);
                }});

    // The in-transaction subscriber writes in the publisher's transaction, or vetoes it.
    context.events().subscribe("probe.*", [](const duka::Event& event, duka::Transaction& tx) {
      std::string name = event.payload->getValue<std::string>("name");
      if (name == "veto")
        throw duka::conflict("The probe vetoed this item.");
      tx.run("INSERT INTO probe_audit (item_name, request_id) VALUES ($1, $2)",
             {name, event.context.requestId});
    });
    context.events().subscribeAfterCommit("*", [this](const duka::Event& event) {
      std::lock_guard<std::mutex> lock(mutex_);
      seen_.push_back(event.name + ":" + event.payload->getValue<std::string>("name"));
    });
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> seen_;
};

}  // namespace

DUKA_PLUGIN(ProbePlugin)
