// route_clash: registers GET /health/, which the host already serves.
#include <duka/sdk.hpp>

namespace {

class RouteClash : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {
        .name = "route_clash", .version = "0.1.0", .description = "clashes", .requiredPlugins = {}};
  }
  void start(duka::PluginContext& context) override {
    context.routes().add({.method = "GET",
                          .path = "/health/",
                          .access = duka::Access::Public,
                          .handler = [](duka::Request&) { return duka::Response::noContent(); }});
  }
};

}  // namespace

DUKA_PLUGIN(RouteClash)
