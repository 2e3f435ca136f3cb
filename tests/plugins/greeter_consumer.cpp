// greeter_consumer: requires greeter_provider and serves its greeting over HTTP. Built a
// second time as greeter_stranger, which looks the greeter up without requiring it.
#include <duka/sdk.hpp>

#include "greeter.hpp"

namespace {

class GreeterConsumer : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
#ifdef GREETER_STRANGER
    return {.name = "greeter_stranger",
            .version = "1.0.0",
            .description = "uses test.greeter without requiring its provider",
            .requiredPlugins = {}};
#else
    return {.name = "greeter_consumer",
            .version = "1.0.0",
            .description = "uses test.greeter",
            .requiredPlugins = {"greeter_provider"}};
#endif
  }
  void start(duka::PluginContext& context) override {
    auto greeter = context.services().require<test::Greeter>("test.greeter");
    context.routes().add({.method = "GET",
                          .path = "/api/greet/{name}/",
                          .access = duka::Access::Public,
                          .handler = [greeter](duka::Request& request) {
                            Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
                            body->set("greeting", greeter->greet(request.pathParam("name")));
                            return duka::Response::json(200, body);
                          }});
  }
};

}  // namespace

DUKA_PLUGIN(GreeterConsumer)
