// The sms plugin: customer messages for order events and staff alerts for stock events,
// written to an outbox in the event's transaction and sent after commit by the host's
// outbox through the configured provider (see docs/design/sms.md).
#include <duka/plugins/customers/customer_directory.hpp>
#include <duka/plugins/customers/customer_registry.hpp>
#include <duka/plugins/orders/order_book.hpp>
#include <duka/plugins/orders/order_desk.hpp>
#include <duka/sdk.hpp>
#include <memory>

#include "africastalking_provider.hpp"
#include "log_provider.hpp"
#include "notifier.hpp"
#include "outbox_repository.hpp"
#include "sms_commands.hpp"
#include "sms_courier.hpp"
#include "sms_migrations.hpp"
#include "sms_routes.hpp"
#include "sms_settings.hpp"

namespace duka::sms {

class SmsPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "sms",
            .version = "1.0.0",
            .description = "SMS notifications through a pluggable provider, with an outbox",
            .requiredPlugins = {"customers", "inventory", "orders"}};
  }

  const SettingsDeclaration& settings() const override { return smsSettings(); }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    settings_ = SmsSettings::from(context.section());
    outbox_ = std::make_unique<OutboxRepository>(context.db());
    courier_ = std::make_shared<SmsCourier>(settings_, context.metrics(), context.log());
    Outbox& sending = context.outbox(smsOutboxSpec(settings_), courier_);
    auto& services = context.services();
    services.provide<SmsProvider>(smsProviderService("log"),
                                  std::make_shared<LogProvider>(context.log()));
    services.provide<SmsProvider>(
        smsProviderService("africastalking"),
        std::make_shared<AfricasTalkingProvider>(settings_.africasTalking, settings_.sendTimeout,
                                                 context.log()));
    notifier_ = std::make_unique<Notifier>(
        *outbox_, sending,
        services.require<customers::CustomerDirectory>(customers::kCustomerDirectoryService),
        services.require<orders::OrderBook>(orders::kOrderBookService), settings_, context.log());
    notifier_->subscribe(context.events());
    routes_ = std::make_unique<SmsRoutes>(*outbox_, settings_);
    routes_->registerOn(context.routes());
    commands_ = std::make_unique<SmsCommands>(
        context.db(), *outbox_, sending,
        services.require<customers::CustomerRegistry>(customers::kCustomerRegistryService),
        services.require<orders::OrderDesk>(orders::kOrderDeskService),
        services.require<orders::OrderBook>(orders::kOrderBookService), settings_);
    commands_->addTo(context.routes());
  }

  // started looks the provider up once every plugin had its start(), so a provider from a
  // plugin that does not depend on sms (and may start after it) is found too.
  void started(PluginContext& context) override {
    auto provider = context.services().find<SmsProvider>(smsProviderService(settings_.provider));
    if (!provider) {
      std::string loaded;
      for (const auto& name : context.services().names(kSmsProviderPrefix))
        loaded +=
            (loaded.empty() ? "" : ", ") + name.substr(std::string(kSmsProviderPrefix).size());
      throw std::runtime_error("[sms] provider = " + settings_.provider +
                               ": no loaded plugin provides the SMS provider '" +
                               settings_.provider + "' (loaded: " + loaded +
                               "); enable its plugin in [plugins] enabled");
    }
    courier_->use(provider);
    context.log().information("sms: sending through the '%s' provider", settings_.provider);
  }

 private:
  SmsSettings settings_;
  std::unique_ptr<OutboxRepository> outbox_;
  std::unique_ptr<Notifier> notifier_;
  std::unique_ptr<SmsRoutes> routes_;
  std::unique_ptr<SmsCommands> commands_;
  std::shared_ptr<SmsCourier> courier_;
};

}  // namespace duka::sms

DUKA_PLUGIN(duka::sms::SmsPlugin)
