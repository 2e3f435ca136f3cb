// The customers plugin: customer profiles, each optionally linked to a login, and the
// services that tell other plugins (and the host) who a customer is.
//
//   [customers]
//   default_country_code = 254   ; "0712 345 678" becomes "+254712345678"
#include <duka/sdk.hpp>
#include <memory>

#include "customer_directory.hpp"
#include "customer_repository.hpp"
#include "customer_routes.hpp"

namespace duka::customers {

namespace {

// SubjectLinks answers the host which customer a login owns.
class SubjectLinks : public CustomerLinks {
 public:
  explicit SubjectLinks(CustomerRepository& customers) : customers_(customers) {}
  std::optional<std::int64_t> customerOf(const std::string& subject) const override {
    return customers_.idOfSubject(subject);
  }

 private:
  CustomerRepository& customers_;
};

class Directory : public CustomerDirectory {
 public:
  explicit Directory(CustomerRepository& customers) : customers_(customers) {}
  std::optional<CustomerView> find(Transaction& tx, std::int64_t id) const override {
    const auto customer = customers_.find(tx, id);
    if (!customer)
      return std::nullopt;
    return CustomerView{customer->id, customer->name, customer->code, customer->phoneNumber,
                        customer->email};
  }

 private:
  CustomerRepository& customers_;
};

}  // namespace

class CustomersPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "customers",
            .version = "1.0.0",
            .description = "Customer profiles linked to logins",
            .requiredPlugins = {}};
  }

  std::vector<Setting> settings() const override {
    return {Setting::text("default_country_code", "254",
                          "country calling code for local numbers (\"07...\"), digits only")};
  }

  std::vector<SettingProblem> validate(const Settings& settings) const override {
    const std::string& code = settings.string("default_country_code");
    const bool digits = !code.empty() && code.size() <= 3 && code[0] != '0' &&
                        code.find_first_not_of("0123456789") == std::string::npos;
    if (!digits)
      return {{"default_country_code", "must be 1 to 3 digits, not starting with 0"}};
    return {};
  }

  std::vector<Migration> migrations() const override {
    return {{.version = 1,
             .description = "customers",
             .statements = {"CREATE TABLE customers_customers ("
                            " id {{id}},"
                            " subject TEXT UNIQUE,"
                            " name TEXT NOT NULL,"
                            " code TEXT NOT NULL UNIQUE,"
                            " phone_number TEXT NOT NULL UNIQUE,"
                            " email TEXT,"
                            " created_at TEXT NOT NULL,"
                            " updated_at TEXT NOT NULL)"},
             .postgresql = {}}};
  }

  void start(PluginContext& context) override {
    customers_ = std::make_unique<CustomerRepository>(context.db());
    routes_ = std::make_unique<CustomerRoutes>(context.db(), *customers_,
                                               context.settings().string("default_country_code"));
    routes_->addTo(context.routes());
    context.services().provide<CustomerLinks>(kCustomerLinksService,
                                              std::make_shared<SubjectLinks>(*customers_));
    context.services().provide<CustomerDirectory>(kCustomerDirectoryService,
                                                  std::make_shared<Directory>(*customers_));
  }

 private:
  std::unique_ptr<CustomerRepository> customers_;
  std::unique_ptr<CustomerRoutes> routes_;
};

}  // namespace duka::customers

DUKA_PLUGIN(duka::customers::CustomersPlugin)
