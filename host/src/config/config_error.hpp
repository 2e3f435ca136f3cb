// ConfigError: a configuration problem, with every message naming file, section and key.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace duka::host {

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> messages);
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::vector<std::string> messages_;
};

}  // namespace duka::host
