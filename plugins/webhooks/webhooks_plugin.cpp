// The webhooks plugin (SPEC 11): duka's events delivered to other systems, signed as the
// Standard Webhooks specification v1 says, retried, in order per entity, with a delivery log.
// This file only wires the pieces together (docs/design/integrations.md).
//
//   [webhooks]
//   concurrency = 8
//   timeout_s = 10
//   disable_after_h = 72
//   rotation_overlap_h = 24
//   retention_days = 14
//   allow_http = false
//   allow_private_networks = false
#include <duka/sdk.hpp>
#include <memory>

#include "delivery_store.hpp"
#include "endpoint_routes.hpp"
#include "endpoint_store.hpp"
#include "event_fan_out.hpp"
#include "webhook_courier.hpp"
#include "webhook_settings.hpp"
#include "webhooks_migrations.hpp"

namespace duka::webhooks {

class WebhooksPlugin : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "webhooks",
            .version = "1.0.0",
            .description = "Signed, retried webhooks of duka's events (Standard Webhooks)",
            .requiredPlugins = {}};
  }

  const SettingsDeclaration& settings() const override { return webhookSettings(); }

  std::vector<Migration> migrations() const override { return schema(); }

  void start(PluginContext& context) override {
    settings_ = webhookSettings().read(context.section());
    Database& db = context.db();
    endpoints_ = std::make_unique<EndpointStore>(db);
    deliveries_ = std::make_unique<DeliveryStore>(db);
    courier_ = std::make_shared<WebhookCourier>(settings_, *endpoints_, *deliveries_,
                                                context.metrics(), context.log());
    Outbox& outbox = context.outbox(webhookOutboxSpec(settings_), courier_);
    fanOut_ = std::make_unique<EventFanOut>(*endpoints_, *deliveries_, outbox);
    fanOut_->subscribe(context.events());
    routes_ = std::make_unique<EndpointRoutes>(db, settings_, *endpoints_, *deliveries_, *fanOut_,
                                               outbox);
    routes_->addTo(context.routes());
    // Delivered and failed deliveries are kept retention_days, then deleted.
    context.every(std::chrono::hours(1), "retention", [this](std::stop_token) {
      const auto cutOff =
          std::chrono::system_clock::now() - std::chrono::hours(24) * settings_.retentionDays;
      deliveries_->prune(rfc3339(cutOff));
    });
  }

 private:
  WebhookSettings settings_;
  std::unique_ptr<EndpointStore> endpoints_;
  std::unique_ptr<DeliveryStore> deliveries_;
  std::shared_ptr<WebhookCourier> courier_;
  std::unique_ptr<EventFanOut> fanOut_;
  std::unique_ptr<EndpointRoutes> routes_;
};

}  // namespace duka::webhooks

DUKA_PLUGIN(duka::webhooks::WebhooksPlugin)
