// ServiceDirectory: every service the plugins provide, by name, with its interface type and
// the plugin that provides it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace duka::host {

class ServiceDirectory {
 public:
  // add registers a service; a taken name throws naming both providers.
  void add(const std::string& name, const std::string& type, std::shared_ptr<void> service,
           const std::string& provider);
  // find returns the service, nullptr when absent; a type mismatch throws.
  std::shared_ptr<void> find(const std::string& name, const std::string& type) const;
  std::vector<std::string> names(const std::string& prefix) const;
  void clear();

 private:
  struct Entry {
    std::string type;
    std::shared_ptr<void> service;
    std::string provider;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace duka::host
