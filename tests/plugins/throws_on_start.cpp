// throws_on_start: registers a route and then fails to start.
#include <duka/sdk.hpp>

namespace {

class ThrowsOnStart : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "throws_on_start",
            .version = "0.1.0",
            .description = "fails",
            .requiredPlugins = {}};
  }
  void start(duka::PluginContext& context) override {
    context.routes().add({.method = "GET",
                          .path = "/api/never/",
                          .access = duka::Access::Public,
                          .handler = [](duka::Request&) { return duka::Response::noContent(); }});
    throw std::runtime_error("the widget could not be reticulated");
  }
};

}  // namespace

DUKA_PLUGIN(ThrowsOnStart)
