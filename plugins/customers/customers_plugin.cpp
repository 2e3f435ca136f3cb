// The customers plugin: customer profiles, each optionally linked to a login, and the
// services that tell other plugins (and the host) who a customer is.
//
//   [customers]
//   default_country_code = 254   ; "0712 345 678" becomes "+254712345678"
#include <chrono>
#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/sdk.hpp>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "customer_repository.hpp"
#include "customer_routes.hpp"
#include "customers_migrations.hpp"

namespace duka::customers {

namespace {

// SubjectLinks links every authenticated principal to the customer its login owns
// (Principal::links["customer"], read through customerIdOf). A found link is remembered for
// kLinkTtl; a miss is always asked again, so a profile created on any instance counts at once. A
// deletion here forgets the link at once; one on another instance sharing the database shows within
// kLinkTtl (until then the stale id only finds "no such customer"). One lookup per login per second
// costs nothing measurable, on either backend.
class SubjectLinks : public PrincipalLinker {
 public:
  static constexpr std::chrono::seconds kLinkTtl{1};
  static constexpr std::size_t kMaxRemembered = 100000;

  explicit SubjectLinks(CustomerRepository& customers) : customers_(customers) {}

  void link(Principal& principal) const override {
    if (principal.links.contains(kCustomerLink))
      return;  // the authenticator's own link is kept
    if (const auto id = customerOf(principal.subject))
      principal.links.emplace(kCustomerLink, *id);
  }

  void forget(std::int64_t customerId) {
    std::lock_guard lock(mutex_);
    for (auto it = links_.begin(); it != links_.end();) {
      if (it->second.first == customerId)
        it = links_.erase(it);
      else
        ++it;
    }
  }

 private:
  std::optional<std::int64_t> customerOf(const std::string& subject) const {
    const auto now = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(mutex_);
      const auto it = links_.find(subject);
      if (it != links_.end() && now - it->second.second < kLinkTtl)
        return it->second.first;
    }
    const auto id = customers_.idOfSubject(subject);
    if (id) {
      std::lock_guard lock(mutex_);
      if (links_.size() >= kMaxRemembered)
        links_.clear();  // crude, but bounded; refilled from the database as needed
      links_[subject] = {*id, now};
    }
    return id;
  }

  CustomerRepository& customers_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string,
                             std::pair<std::int64_t, std::chrono::steady_clock::time_point>>
      links_;
};

class Directory : public CustomerDirectory {
 public:
  explicit Directory(CustomerRepository& customers) : customers_(customers) {}
  std::optional<Customer> find(Transaction& tx, std::int64_t id) const override {
    return customers_.find(tx, id);
  }

 private:
  CustomerRepository& customers_;
};

}  // namespace

struct CustomersSettings {
  std::string defaultCountryCode;
};

const Settings<CustomersSettings> kSettings =
    Settings<CustomersSettings>()
        .bind(Setting::text("default_country_code", "254",
                            "country calling code for local numbers (\"07...\"), digits only"),
              &CustomersSettings::defaultCountryCode)
        .rule([](const CustomersSettings& s) -> std::vector<SettingProblem> {
          const std::string& code = s.defaultCountryCode;
          const bool digits = !code.empty() && code.size() <= 3 && code[0] != '0' &&
                              code.find_first_not_of("0123456789") == std::string::npos;
          if (!digits)
            return {{"default_country_code", "must be 1 to 3 digits, not starting with 0"}};
          return {};
        });

class CustomersPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "customers",
            .version = "1.0.0",
            .description = "Customer profiles linked to logins",
            .requiredPlugins = {}};
  }

  const SettingsDeclaration& settings() const override { return kSettings; }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    customers_ = std::make_unique<CustomerRepository>(context.db());
    routes_ = std::make_unique<CustomerRoutes>(
        context.db(), *customers_, kSettings.read(context.section()).defaultCountryCode);
    routes_->addTo(context.routes());
    auto links = std::make_shared<SubjectLinks>(*customers_);
    context.services().provide<PrincipalLinker>(kPrincipalLinkerPrefix + info().name, links);
    // In the transaction, so no request after the commit sees the deleted link.
    context.events().subscribe(kCustomerDeleted, [links](const Customer& customer, Transaction&) {
      links->forget(customer.id);
    });
    context.services().provide<CustomerDirectory>(kCustomerDirectoryService,
                                                  std::make_shared<Directory>(*customers_));
  }

 private:
  std::unique_ptr<CustomerRepository> customers_;
  std::unique_ptr<CustomerRoutes> routes_;
};

}  // namespace duka::customers

DUKA_PLUGIN(duka::customers::CustomersPlugin)
