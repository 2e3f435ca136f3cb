// WebhookSettings: the validated [webhooks] section as typed values (SPEC 3 and 11).
#pragma once

#include <chrono>
#include <duka/settings.hpp>

namespace duka::webhooks {

struct WebhookSettings {
  int concurrency = 8;               // deliveries in flight at once, per instance
  std::chrono::seconds timeout{10};  // one attempt, connect to last byte
  int disableAfterHours = 72;        // 0: never
  int rotationOverlapHours = 24;     // a rotated secret keeps signing this long
  int retentionDays = 14;            // delivered and failed deliveries kept this long
  bool allowHttp = false;
  bool allowPrivateNetworks = false;
};

const Settings<WebhookSettings>& webhookSettings();

}  // namespace duka::webhooks
