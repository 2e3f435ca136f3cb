// duka/facility/optional_plugins.hpp (SDK 1.2): a plugin that uses other plugins when they are
// enabled, without requiring them (ussd asks mpesa for payments when mpesa runs). It
// implements OptionalPlugins beside Plugin:
//     class UssdPlugin : public Plugin, public OptionalPlugins {
//       std::vector<std::string> optionalPlugins() const override { return {"mpesa"}; }
//     };
// The host starts it after those of them that are enabled, and lets it look up their
// services: find<T>() answers nullptr when the plugin is not enabled.
#pragma once

#include <string>
#include <vector>

namespace duka {

class OptionalPlugins {
 public:
  virtual ~OptionalPlugins();
  virtual std::vector<std::string> optionalPlugins() const = 0;
};

}  // namespace duka
