// Greeter: a service interface shared by two test plugins, as a plugin's public header is.
#pragma once

#include <string>

namespace test {

class Greeter {
 public:
  virtual ~Greeter() = default;
  virtual std::string greet(const std::string& name) const = 0;
};

}  // namespace test
