// duka/services.hpp: the registry through which one plugin offers a typed interface under
// a name and another looks it up (orders asks customers; SMS providers plug in here).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

namespace duka {

// ServiceRegistry holds services by name. A plugin may look up a service that it provides
// itself, that a plugin it names in `requires` provides, or that any plugin provides under
// the plugin's own name as prefix (its extension points: sms finds "sms.provider.twilio");
// the host checks this and the interface type, and throws naming the missing requires.
// Services stay valid until the host stops.
class ServiceRegistry {
 public:
  virtual ~ServiceRegistry();

  // provide registers service under name; a name already taken throws.
  template <class T>
  void provide(const std::string& name, std::shared_ptr<T> service) {
    provideErased(name, typeid(T).name(), std::shared_ptr<void>(std::move(service)));
  }

  // find returns the service, or nullptr when no plugin provides that name.
  template <class T>
  std::shared_ptr<T> find(const std::string& name) const {
    return std::static_pointer_cast<T>(findErased(name, typeid(T).name()));
  }

  // require returns the service or throws naming it.
  template <class T>
  std::shared_ptr<T> require(const std::string& name) const {
    auto service = find<T>(name);
    if (!service)
      throw std::runtime_error("no plugin provides the service '" + name + "'");
    return service;
  }

  // names lists the registered service names that start with prefix.
  virtual std::vector<std::string> names(const std::string& prefix) const = 0;

 protected:
  virtual void provideErased(const std::string& name, const char* type,
                             std::shared_ptr<void> service) = 0;
  virtual std::shared_ptr<void> findErased(const std::string& name, const char* type) const = 0;
};

}  // namespace duka
