#include "http/builtin_routes.hpp"

#include <Poco/JSON/Array.h>

#include "duka/abi.hpp"
#include "http/openapi.hpp"

namespace duka::host {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr pluginJson(const LoadedPlugin& plugin) {
  Object::Ptr json = new Object;
  json->set("name", plugin.info.name);
  json->set("version", plugin.info.version);
  json->set("description", plugin.info.description);
  Array::Ptr required = new Array;
  for (const auto& r : plugin.info.requiredPlugins)
    required->add(r);
  json->set("requires", required);
  json->set("state", std::string(stateName(plugin.state)));
  return json;
}

const PluginHost* pluginHost(const BuiltinSources& sources) {
  return sources.plugins ? sources.plugins() : nullptr;
}

}  // namespace

void registerBuiltinRoutes(RouteTable& routes, MetricsRegistry& metrics, BuiltinSources sources) {
  routes.add({.method = "GET",
              .path = "/health",
              .access = Access::Public,
              .handler =
                  [](Request&) {
                    Object::Ptr body = new Object;
                    body->set("status", "ok");
                    return Response::json(200, body);
                  },
              .summary = "Liveness: 200 while the process serves"},
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
             Object::Ptr body = new Object;
             body->set("status", database && plugins ? "ready" : "unavailable");
             body->set("database", database ? "ok" : "unavailable");
             body->set("plugins", plugins ? "started" : "not started");
             return Response::json(database && plugins ? 200 : 503, body);
           },
       .summary = "Readiness: 200 when the database answers and every plugin started, else 503"},
      "", nullptr);

  routes.add(
      {.method = "GET",
       .path = "/metrics",
       .access = Access::Public,
       .handler =
           [&routes, &metrics, sources](Request&) {
             Response response;
             response.contentType = "text/plain; version=0.0.4; charset=utf-8";
             response.body = metrics.render(routes);
             const PluginHost* host = pluginHost(sources);
             response.body +=
                 "# HELP duka_plugins Plugins loaded.\n# TYPE duka_plugins gauge\nduka_plugins " +
                 std::to_string(host ? host->plugins().size() : 0) + "\n";
             return response;
           },
       .summary = "Prometheus metrics",
       .body = BodyKind::Any},
      "", nullptr);

  routes.add({.method = "GET",
              .path = "/api/plugins/",
              .access = Access::Staff,
              .handler =
                  [sources](Request&) {
                    Array::Ptr results = new Array;
                    if (const PluginHost* host = pluginHost(sources)) {
                      for (const auto& plugin : host->plugins())
                        results->add(pluginJson(plugin));
                    }
                    Object::Ptr body = new Object;
                    body->set("count", results->size());
                    body->set("next", Poco::Dynamic::Var());
                    body->set("previous", Poco::Dynamic::Var());
                    body->set("results", results);
                    return Response::json(200, body);
                  },
              .summary = "The loaded plugins: name, version, description, requires, state"},
             "", nullptr);

  routes.add({.method = "GET",
              .path = "/api/openapi.json",
              .access = Access::Public,
              .handler =
                  [&routes](Request&) {
                    return Response::json(200, buildOpenApi(routes, DUKA_SDK_VERSION));
                  },
              .summary = "This OpenAPI 3 document, built from the registered routes"},
             "", nullptr);
}

}  // namespace duka::host
