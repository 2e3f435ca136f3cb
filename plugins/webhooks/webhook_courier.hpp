// WebhookCourier: the webhooks outbox's courier (SPEC 11). One attempt signs the stored body
// for the endpoint's secrets (two while a rotated one overlaps) and sends it; a 2xx delivers;
// 408, 425, 429, 5xx, a timeout or a network error is retried on SPEC 11's schedule (a
// Retry-After up to 24 h honoured); 410 fails the delivery and deactivates the endpoint;
// any other answer (3xx included) fails it. Each attempt is recorded with the settlement, and
// an endpoint whose every attempt has failed for disable_after_h is deactivated.
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <duka/facility/histogram.hpp>
#include <duka/facility/metrics.hpp>
#include <duka/facility/outbox.hpp>
#include <map>
#include <mutex>

#include "delivery_store.hpp"
#include "endpoint_store.hpp"
#include "webhook_settings.hpp"

namespace duka::webhooks {

class WebhookCourier : public OutboxCourier {
 public:
  WebhookCourier(const WebhookSettings& settings, EndpointStore& endpoints,
                 DeliveryStore& deliveries, Metrics& metrics, Poco::Logger& log);

  Delivery deliver(const OutboxRow& row) override;
  void settled(const OutboxRow& row, const OutboxSettlement& settlement) override;
  void record(Transaction& tx, const OutboxRow& row, const OutboxSettlement& settlement) override;

 private:
  struct Outcome {
    Attempt attempt;
    bool counts = true;  // false: the endpoint was inactive or gone; no failing clock
    bool gone = false;   // 410
  };
  // deactivate sets the endpoint inactive for reason and publishes webhook.disabled.
  void deactivate(Transaction& tx, std::int64_t endpointId, const std::string& reason);

  const WebhookSettings& settings_;
  EndpointStore& endpoints_;
  DeliveryStore& deliveries_;
  Poco::Logger& log_;
  std::atomic<std::uint64_t>& delivered_;
  std::atomic<std::uint64_t>& retried_;
  std::atomic<std::uint64_t>& failed_;
  Histogram& seconds_;  // each attempt that made a call, from the connect to the answer read
  std::mutex mutex_;
  std::map<std::int64_t, Outcome> outcomes_;  // by delivery id, from deliver to record
};

// webhookOutboxSpec is webhooks_deliveries as the host's outbox sees it: keyed by endpoint
// and entity, the columns deliver reads (endpoint_id, message_id, body, event).
OutboxSpec webhookOutboxSpec(const WebhookSettings& settings);

}  // namespace duka::webhooks
