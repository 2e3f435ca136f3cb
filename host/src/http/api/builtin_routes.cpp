#include "http/api/builtin_routes.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <mutex>

#include "duka/abi.hpp"
#include "duka/facility/pagination.hpp"
#include "duka/shape.hpp"
#include "http/api/openapi.hpp"

namespace duka::host {

namespace {

using Poco::JSON::Object;

struct Health {
  std::string status;
};

struct Readiness {
  std::string status;
  std::string database;
  std::string plugins;
};

struct PluginRow {
  std::string name;
  std::string version;
  std::string description;
  std::vector<std::string> requires_;
  std::string state;
};

const Shape<Health>& healthShape() {
  static const Shape<Health> shape =
      Shape<Health>("Health", "The process serves")
          .field("status", &Health::status, {.readOnly = true, .choices = {"ok"}});
  return shape;
}

const Shape<Readiness>& readinessShape() {
  static const Shape<Readiness> shape =
      Shape<Readiness>("Readiness", "Whether the database answers and every plugin started")
          .field("status", &Readiness::status,
                 {.readOnly = true, .choices = {"ready", "unavailable"}})
          .field("database", &Readiness::database,
                 {.readOnly = true, .choices = {"ok", "unavailable"}})
          .field("plugins", &Readiness::plugins,
                 {.readOnly = true, .choices = {"started", "not started"}});
  return shape;
}

const Shape<PluginRow>& pluginShape() {
  static const Shape<PluginRow> shape =
      Shape<PluginRow>("Plugin", "A loaded plugin")
          .field("name", &PluginRow::name, {.readOnly = true})
          .field("version", &PluginRow::version, {.description = "Semver", .readOnly = true})
          .field("description", &PluginRow::description, {.readOnly = true})
          .field("requires", &PluginRow::requires_,
                 {.description = "The plugins it needs", .readOnly = true})
          .field("state", &PluginRow::state,
                 {.description = "Its lifecycle state", .readOnly = true});
  return shape;
}

PluginRow pluginRow(const LoadedPlugin& plugin) {
  return {plugin.info.name, plugin.info.version, plugin.info.description,
          plugin.info.requiredPlugins, stateName(plugin.state)};
}

const PluginHost* pluginHost(const BuiltinSources& sources) {
  return sources.plugins ? sources.plugins() : nullptr;
}

}  // namespace

void registerBuiltinRoutes(RouteTable& routes, MetricsRegistry& metrics, BuiltinSources sources) {
  routes.add({.method = "GET",
              .path = "/health",
              .access = Access::Public,
              .handler = [](Request&) { return healthShape().answer(200, {"ok"}); },
              .summary = "Liveness: 200 while the process serves",
              .response = &healthShape()},
             "", nullptr);

  routes.add(
      {.method = "GET",
       .path = "/ready",
       .access = Access::Public,
       .handler =
           [sources](Request&) {
             const bool database = sources.databaseAnswers && sources.databaseAnswers();
             const PluginHost* host = pluginHost(sources);
             const bool plugins = host && host->allStarted();
             return readinessShape().answer(
                 database && plugins ? 200 : 503,
                 {database && plugins ? "ready" : "unavailable", database ? "ok" : "unavailable",
                  plugins ? "started" : "not started"});
           },
       .summary = "Readiness: 200 when the database answers and every plugin started, else 503",
       .response = &readinessShape(),
       .problems = {{503, "The database does not answer, or a plugin has not started"}}},
      "", nullptr);

  routes.add(
      {.method = "GET",
       .path = "/metrics",
       .access = Access::Public,
       .handler =
           [&routes, &metrics, sources](Request& request) {
             if (!sources.metricsReaders.empty()) {
               Poco::Net::IPAddress client;
               const bool allowed =
                   Poco::Net::IPAddress::tryParse(request.clientAddress(), client) &&
                   std::any_of(sources.metricsReaders.begin(), sources.metricsReaders.end(),
                               [&](const AddressRange& range) { return range.contains(client); });
               if (!allowed)
                 throw forbidden("/metrics is not open to this address ([server] metrics_allow).");
             }
             Response response;
             response.contentType = "text/plain; version=0.0.4; charset=utf-8";
             response.body = metrics.render(routes, sources.generation);
             const PluginHost* host = pluginHost(sources);
             response.body +=
                 "# HELP duka_plugins Plugins loaded.\n# TYPE duka_plugins gauge\nduka_plugins " +
                 std::to_string(host ? host->plugins().size() : 0) + "\n";
             return response;
           },
       .summary = "Prometheus metrics (text format 0.0.4); [server] metrics_allow limits who "
                  "may read them",
       .body = BodyKind::Any,
       .responseType = "text/plain; version=0.0.4"},
      "", nullptr);

  routes.add({.method = "GET",
              .path = "/api/plugins/",
              .access = Access::Staff,
              .handler =
                  [sources](Request& request) {
                    const Page page = Page::of(request);
                    Listing<PluginRow> listing;
                    if (const PluginHost* host = pluginHost(sources)) {
                      const auto& plugins = host->plugins();
                      listing.count = static_cast<std::int64_t>(plugins.size());
                      for (std::int64_t i = page.offset;
                           i < listing.count && i - page.offset < page.limit; ++i)
                        listing.results.push_back(pluginRow(plugins[static_cast<std::size_t>(i)]));
                    }
                    return page.answer(request, pluginShape(), listing);
                  },
              .summary = "The loaded plugins: name, version, description, requires, state",
              .response = &pluginShape(),
              .list = true},
             "", nullptr);

  // The document is the same for every request but for servers[0].url, so it is written
  // once, on first use (every route is registered by then), and the client's base URL put
  // in: answering it costs a copy, not a walk over every route and shape.
  struct OpenApiText {
    std::once_flag once;
    std::string before, after;  // the text around servers[0].url's value
  };
  auto openApi = std::make_shared<OpenApiText>();
  routes.add({.method = "GET",
              .path = "/api/openapi.json",
              .access = Access::Public,
              .handler =
                  [&routes, sources, openApi](Request& request) {
                    std::call_once(openApi->once, [&] {
                      static const std::string kServerUrl = "duka:server-url";
                      ApiDescription description{
                          .version = DUKA_VERSION,
                          .serverUrl = kServerUrl,
                          .summary =
                              "Order management for small retailers and distributors. "
                              "Every path is served with a trailing slash too.",
                          .tags = {{"host",
                                    "duka's own routes: health, readiness, metrics, "
                                    "plugins and this document"}}};
                      if (const PluginHost* host = pluginHost(sources)) {
                        for (const auto& plugin : host->plugins())
                          description.tags.emplace(plugin.info.name, plugin.info.description);
                      }
                      const std::string text = toJson(buildOpenApi(routes, description));
                      const std::string quoted = toJson(kServerUrl);
                      const auto at = text.find(quoted);
                      openApi->before = text.substr(0, at);
                      openApi->after = text.substr(at + quoted.size());
                    });
                    Response response;
                    response.body = openApi->before + toJson(request.baseUrl()) + openApi->after;
                    return response;
                  },
              .summary = "This OpenAPI 3.1 document, built from the registered routes"},
             "", nullptr);
}

}  // namespace duka::host
