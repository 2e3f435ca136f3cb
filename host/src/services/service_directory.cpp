#include "services/service_directory.hpp"

#include <algorithm>
#include <stdexcept>

namespace duka::host {

void ServiceDirectory::add(const std::string& name, const std::string& type,
                           std::shared_ptr<void> service, const std::string& provider) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = entries_.try_emplace(name, Entry{type, std::move(service), provider});
  if (!inserted) {
    throw std::runtime_error("plugin '" + provider + "' provides the service '" + name +
                             "', which plugin '" + it->second.provider + "' already provides");
  }
}

std::shared_ptr<void> ServiceDirectory::find(const std::string& name, const std::string& type,
                                             const Seeker* seeker) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(name);
  if (it == entries_.end())
    return nullptr;
  const std::string& provider = it->second.provider;
  if (it->second.type != type) {
    throw std::runtime_error("the service '" + name + "' of plugin '" + provider +
                             "' has another interface type than the one asked for");
  }
  if (seeker && provider != seeker->plugin && name.rfind(seeker->plugin + ".", 0) != 0 &&
      std::find(seeker->requires_.begin(), seeker->requires_.end(), provider) ==
          seeker->requires_.end()) {
    throw std::runtime_error("plugin '" + seeker->plugin + "' looks up the service '" + name +
                             "' of plugin '" + provider + "' without requiring it: add '" +
                             provider + "' to its requires");
  }
  return it->second.service;
}

std::vector<std::string> ServiceDirectory::names(const std::string& prefix) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, entry] : entries_) {
    if (name.compare(0, prefix.size(), prefix) == 0)
      out.push_back(name);
  }
  return out;
}

void ServiceDirectory::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
}

}  // namespace duka::host
