#include "webhook_settings.hpp"

namespace duka::webhooks {

const Settings<WebhookSettings>& webhookSettings() {
  using S = WebhookSettings;
  static const Settings<S> settings =
      Settings<S>()
          .bind(Setting::integer("concurrency", 8, 1, 64, "deliveries in flight at once"),
                &S::concurrency)
          .bind(Setting::integer("timeout_s", 10, 1, 120,
                                 "one delivery attempt, connect to last byte"),
                &S::timeout)
          .bind(Setting::integer("disable_after_h", 72, 0, 8760,
                                 "an endpoint failing every attempt this long is deactivated; "
                                 "0: never"),
                &S::disableAfterHours)
          .bind(Setting::integer("rotation_overlap_h", 24, 0, 720,
                                 "a rotated secret keeps signing this long"),
                &S::rotationOverlapHours)
          .bind(Setting::integer("retention_days", 14, 1, 3650,
                                 "delivered and failed deliveries are kept this long"),
                &S::retentionDays)
          .bind(Setting::boolean("allow_http", false, "true: http:// endpoint URLs are accepted"),
                &S::allowHttp)
          .bind(Setting::boolean("allow_private_networks", false,
                                 "true: loopback, private and link-local addresses may receive "
                                 "deliveries"),
                &S::allowPrivateNetworks);
  return settings;
}

}  // namespace duka::webhooks
