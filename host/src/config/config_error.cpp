#include "config/config_error.hpp"

namespace duka::host {

namespace {

std::string joinLines(const std::vector<std::string>& messages) {
  std::string text;
  for (const auto& message : messages) {
    if (!text.empty())
      text += "\n";
    text += message;
  }
  return text;
}

}  // namespace

ConfigError::ConfigError(std::vector<std::string> messages)
    : std::runtime_error(joinLines(messages)), messages_(std::move(messages)) {}

}  // namespace duka::host
