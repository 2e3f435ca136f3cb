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
  // Seeker is a plugin that looks a service up, and the plugins it requires.
  struct Seeker {
    std::string plugin;
    std::vector<std::string> requires_;
  };
  // find returns the service, nullptr when absent; a type mismatch throws. A plugin may
  // find what it provides itself, what a plugin it requires provides, and what any plugin
  // provides under its own name's prefix ("sms." for sms: the extension points it
  // declares); anything else throws naming the requires line to add. The host's own
  // lookups pass no seeker.
  std::shared_ptr<void> find(const std::string& name, const std::string& type,
                             const Seeker* seeker = nullptr) const;
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
