// The customers plugin: customer profiles, each optionally linked to a login, and the
// services that tell other plugins (and the host) who a customer is.
//
//   [customers]
//   default_country_code = 254   ; "0712 345 678" becomes "+254712345678"
#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/customers/customer_registry.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "customer_repository.hpp"
#include "customer_routes.hpp"
#include "customers_migrations.hpp"
#include "subject_links.hpp"

namespace duka::customers {

namespace {

class Directory : public CustomerDirectory {
 public:
  explicit Directory(CustomerRepository& customers) : customers_(customers) {}
  std::optional<Customer> find(Transaction& tx, std::int64_t id) const override {
    return customers_.find(tx, id);
  }

 private:
  CustomerRepository& customers_;
};

class Registry : public CustomerRegistry {
 public:
  explicit Registry(CustomerRepository& customers) : customers_(customers) {}
  std::optional<Customer> findByPhone(SqlSession& session, const std::string& e164) const override {
    return customers_.findByPhone(session, e164);
  }
  Customer registerPhone(Transaction& tx, const std::string& name,
                         const std::string& e164) override {
    if (auto existing = customers_.findByPhone(tx, e164))
      return *existing;
    Customer customer;
    customer.name = name;
    customer.phoneNumber = e164;
    const std::string digits = e164.substr(e164.rfind('+') == 0 ? 1 : 0);
    customer.code = "P" + digits;
    // A code staff chose could already be "P2547...": the next free suffix.
    for (int suffix = 2; customers_.collision(tx, customer) == UniqueField::Code; ++suffix)
      customer.code = "P" + digits + "-" + std::to_string(suffix);
    customers_.insert(tx, customer);
    tx.publish(kCustomerCreated, customer);
    return customer;
  }
  Customer setSmsOptOut(Transaction& tx, const Customer& customer, bool optOut) override {
    Customer changed = customer;
    if (customers_.setSmsOptOut(tx, changed, optOut))
      tx.publish(optOut ? kCustomerSmsOptedOut : kCustomerSmsOptedIn, changed);
    return changed;
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
    context.services().provide<CustomerRegistry>(kCustomerRegistryService,
                                                 std::make_shared<Registry>(*customers_));
  }

 private:
  std::unique_ptr<CustomerRepository> customers_;
  std::unique_ptr<CustomerRoutes> routes_;
};

}  // namespace duka::customers

DUKA_PLUGIN(duka::customers::CustomersPlugin)
