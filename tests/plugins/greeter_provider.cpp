// greeter_provider: provides the service "test.greeter" (interface in greeter.hpp).
#include <duka/sdk.hpp>

#include "greeter.hpp"

namespace {

class PoliteGreeter : public test::Greeter {
 public:
  std::string greet(const std::string& name) const override { return "Karibu, " + name; }
};

class GreeterProvider : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "greeter_provider",
            .version = "1.0.0",
            .description = "provides test.greeter",
            .requiredPlugins = {}};
  }
  void start(duka::PluginContext& context) override {
    context.services().provide<test::Greeter>("test.greeter", std::make_shared<PoliteGreeter>());
  }
};

}  // namespace

DUKA_PLUGIN(GreeterProvider)
