// Key functions of the SDK's interfaces: their vtables and typeinfo live in libduka_sdk, so
// host and plugins agree on them across shared-library boundaries.
#include "duka/facility/identity.hpp"
#include "duka/facility/metrics.hpp"
#include "duka/facility/optional_plugins.hpp"
#include "duka/plugin.hpp"
#include "duka/router.hpp"
#include "duka/services.hpp"

namespace duka {

AccountAdmin::~AccountAdmin() = default;
Router::~Router() = default;
ServiceRegistry::~ServiceRegistry() = default;
Metrics::~Metrics() = default;
OptionalPlugins::~OptionalPlugins() = default;
PluginContext::~PluginContext() = default;

Plugin::~Plugin() = default;
const SettingsDeclaration& Plugin::settings() const {
  static const SettingsDeclaration none;
  return none;
}
std::vector<Migration> Plugin::migrations() const {
  return {};
}
void Plugin::started(PluginContext&) {}
void Plugin::stop() {}

}  // namespace duka
