// The console plugin (SPEC 14): the staff console, a single-page application built from
// web/ and served at /console/. It owns no table and no setting; it calls duka's API like
// any client (docs/design/back-office.md).
//
//   [console]   ; no keys
#include <duka/sdk.hpp>
#include <memory>

#include "console_files.hpp"
#include "console_routes.hpp"

namespace duka::console {

class ConsolePlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "console",
            .version = "1.0.0",
            .description = "The staff console: a web application at /console/",
            .requiredPlugins = {}};
  }

  void start(PluginContext& context) override {
    const auto dir = ConsoleFiles::installedDir();
    auto files = ConsoleFiles::load(dir);
    if (!files)
      context.log().warning(
          "console: no console in %s: /console/ answers 503 (npm ci --prefix "
          "plugins/console/web, then build)",
          dir.string());
    routes_ = std::make_unique<ConsoleRoutes>(std::move(files));
    routes_->addTo(context.routes());
  }

 private:
  std::unique_ptr<ConsoleRoutes> routes_;
};

}  // namespace duka::console

DUKA_PLUGIN(duka::console::ConsolePlugin)
