// customer_links_stub: a test plugin providing duka::CustomerLinks: subject "1" is linked
// to customer 42, every other subject to none.
#include <duka/sdk.hpp>

namespace {

class FixedLinks : public duka::CustomerLinks {
 public:
  std::optional<std::int64_t> customerOf(const std::string& subject) const override {
    if (subject == "1")
      return 42;
    return std::nullopt;
  }
};

class CustomerLinksStubPlugin : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "customer_links_stub",
            .version = "0.1.0",
            .description = "links subject 1 to customer 42",
            .requiredPlugins = {}};
  }
  void start(duka::PluginContext& context) override {
    context.services().provide<duka::CustomerLinks>(duka::kCustomerLinksService,
                                                    std::make_shared<FixedLinks>());
  }
};

}  // namespace

DUKA_PLUGIN(CustomerLinksStubPlugin)
