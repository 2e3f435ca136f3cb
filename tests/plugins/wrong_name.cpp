// wrong_name: the file libwrong_name.so declares the name "probe".
#include <duka/sdk.hpp>

namespace {

class WrongName : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "probe", .version = "0.1.0", .description = "impostor", .requiredPlugins = {}};
  }
  void start(duka::PluginContext&) override {}
};

}  // namespace

DUKA_PLUGIN(WrongName)
