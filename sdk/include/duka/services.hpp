// duka/services.hpp: where a plugin offers a typed interface under a name, and others find it.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

namespace duka {

// ServiceRegistry holds services by name. A plugin finds what it provides, what a plugin in
// its `requires` provides, and what any plugin provides under the finder's name as prefix
// (its extension points: "sms.provider.twilio"); else it throws naming the requires to add.
class ServiceRegistry {
 public:
  virtual ~ServiceRegistry();
  template <class T>
  void provide(const std::string& name, std::shared_ptr<T> service) {  // a taken name throws
    provideErased(name, typeid(T).name(), std::shared_ptr<void>(std::move(service)));
  }
  template <class T>
  std::shared_ptr<T> find(const std::string& name) const {  // nullptr when none provides it
    return std::static_pointer_cast<T>(findErased(name, typeid(T).name()));
  }
  template <class T>
  std::shared_ptr<T> require(const std::string& name) const {
    auto service = find<T>(name);
    if (!service)
      throw std::runtime_error("no plugin provides the service '" + name + "'");
    return service;
  }
  virtual std::vector<std::string> names(const std::string& prefix) const = 0;

 protected:
  virtual void provideErased(const std::string& name, const char* type,
                             std::shared_ptr<void> service) = 0;
  virtual std::shared_ptr<void> findErased(const std::string& name, const char* type) const = 0;
};

}  // namespace duka
