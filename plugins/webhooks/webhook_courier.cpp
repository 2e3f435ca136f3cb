#include "webhook_courier.hpp"

#include <duka/abi.hpp>
#include <duka/plugins/webhooks/webhook_events.hpp>
#include <random>

#include "retry_delays.hpp"
#include "webhook_sender.hpp"
#include "webhook_signature.hpp"

namespace duka::webhooks {

namespace {

constexpr std::size_t kExcerptBytes = 1024;
constexpr const char* kDeliveries = "webhook_deliveries";
constexpr const char* kDeliveriesHelp = "Webhook deliveries' outcomes, by outcome";

// excerpt is up to 1 KiB of an answer, its bytes outside printable ASCII shown as '?' (an
// answer may be anything; the delivery log is JSON).
std::string excerpt(const std::string& body) {
  std::string out = body.substr(0, kExcerptBytes);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\t') || byte >= 0x7f)
      c = '?';
  }
  return out;
}

bool retryable(int status) {
  return status == 0 || status == 408 || status == 425 || status == 429 || status >= 500;
}

double jitter() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::string headerOf(const NameValues& headers, const std::string& name) {
  for (const auto& [key, value] : headers) {
    if (key == name)
      return value;
  }
  return "";
}

}  // namespace

OutboxSpec webhookOutboxSpec(const WebhookSettings& settings) {
  return {.name = "webhooks",
          .table = "webhooks_deliveries",
          .keyColumn = "entity",
          .columns = {"endpoint_id", "message_id", "body", "event"},
          .doneStatus = "delivered",
          .concurrency = settings.concurrency,
          .maxAttempts = kMaxAttempts,
          .retryBase = std::chrono::seconds(5),
          .retryMax = std::chrono::hours(24),
          .callTimeout = std::chrono::duration_cast<std::chrono::milliseconds>(settings.timeout)};
}

WebhookCourier::WebhookCourier(const WebhookSettings& settings, EndpointStore& endpoints,
                               DeliveryStore& deliveries, Metrics& metrics, Poco::Logger& log)
    : settings_(settings),
      endpoints_(endpoints),
      deliveries_(deliveries),
      log_(log),
      delivered_(metrics.counter(kDeliveries, kDeliveriesHelp, {{"outcome", "delivered"}})),
      retried_(metrics.counter(kDeliveries, kDeliveriesHelp, {{"outcome", "retried"}})),
      failed_(metrics.counter(kDeliveries, kDeliveriesHelp, {{"outcome", "failed"}})),
      seconds_(histogram(metrics, "webhook_delivery_seconds",
                         "Webhook delivery attempts' duration, connect to answer, in seconds")) {}

Delivery WebhookCourier::deliver(const OutboxRow& row) {
  const std::int64_t endpointId = std::stoll(row.columns.at(0));
  const std::string& messageId = row.columns.at(1);
  const std::string& body = row.columns.at(2);
  Outcome outcome;
  outcome.attempt.at = nowRfc3339();
  const auto remember = [&](Delivery delivery) {
    std::lock_guard<std::mutex> lock(mutex_);
    outcomes_[row.id] = outcome;
    return delivery;
  };
  const auto signing = endpoints_.signing(endpointId);
  if (!signing || !signing->active) {
    outcome.counts = false;
    outcome.attempt.error = "the endpoint is inactive";
    return remember(Delivery::failed(outcome.attempt.error));
  }
  std::vector<std::string> secrets{signing->secret};
  if (!signing->previousSecret.empty() && signing->previousUntilMs > outboxNowMs())
    secrets.push_back(signing->previousSecret);
  const std::int64_t timestamp = outboxNowMs() / 1000;
  const NameValues headers{
      {"webhook-id", messageId},
      {"webhook-timestamp", std::to_string(timestamp)},
      {"webhook-signature", signatureHeader(secrets, messageId, timestamp, body)}};
  const auto started = std::chrono::steady_clock::now();
  const SentReply reply = sendWebhook(
      signing->url, body, headers,
      {.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.timeout),
       .allowPrivateNetworks = settings_.allowPrivateNetworks,
       .userAgent = std::string("duka/") + DUKA_SDK_VERSION});
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  seconds_.observe(took.count());
  outcome.attempt.durationMs = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
  outcome.attempt.statusCode = reply.status;
  outcome.attempt.responseExcerpt = excerpt(reply.body);
  if (reply.status >= 200 && reply.status < 300)
    return remember(Delivery::done());
  outcome.attempt.error =
      reply.status == 0 ? reply.error : "answered " + std::to_string(reply.status);
  if (reply.status == 410) {
    outcome.gone = true;
    return remember(Delivery::failed("gone (410): the endpoint is deactivated"));
  }
  if (!retryable(reply.status))
    return remember(Delivery::failed(outcome.attempt.error));
  auto wait = retryDelay(row.attempts + 1, jitter());
  if (!wait)
    return remember(Delivery::failed(outcome.attempt.error));
  if (const auto asked =
          retryAfter(headerOf(reply.headers, "retry-after"), std::chrono::system_clock::now()))
    wait = std::max(*wait, *asked);
  return remember(Delivery::retry(outcome.attempt.error,
                                  std::chrono::duration_cast<std::chrono::milliseconds>(*wait)));
}

void WebhookCourier::settled(const OutboxRow& row, const OutboxSettlement& settlement) {
  switch (settlement.delivery.outcome) {
    case Delivery::Outcome::Done:
      ++delivered_;
      break;
    case Delivery::Outcome::Retry:
      ++retried_;
      break;
    case Delivery::Outcome::Failed:
      ++failed_;
      log_.warning("webhook delivery %?d failed: %s", row.id, settlement.delivery.error);
      break;
  }
}

void WebhookCourier::record(Transaction& tx, const OutboxRow& row,
                            const OutboxSettlement& settlement) {
  Outcome outcome;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = outcomes_.find(row.id);
    if (found == outcomes_.end())
      return;  // a settlement another worker's deliver did not make (cannot happen)
    outcome = std::move(found->second);
    outcomes_.erase(found);
  }
  const bool delivered = settlement.delivery.outcome == Delivery::Outcome::Done;
  deliveries_.recordAttempt(tx, row.id, outcome.attempt, delivered);
  const std::int64_t endpointId = std::stoll(row.columns.at(0));
  if (delivered) {
    endpoints_.recovered(tx, endpointId);
    return;
  }
  if (outcome.gone) {
    deactivate(tx, endpointId, "gone");
    return;
  }
  if (!outcome.counts || settings_.disableAfterHours == 0)
    return;
  const std::int64_t now = outboxNowMs();
  const std::int64_t since = endpoints_.failingSince(tx, endpointId, now);
  if (now - since >= static_cast<std::int64_t>(settings_.disableAfterHours) * 3600 * 1000)
    deactivate(tx, endpointId, "failing");
}

void WebhookCourier::deactivate(Transaction& tx, std::int64_t endpointId,
                                const std::string& reason) {
  endpoints_.deactivate(tx, endpointId, reason);
  if (auto endpoint = endpoints_.find(tx, endpointId))
    tx.publish(kWebhookDisabled, *endpoint);
  endpoints_.changed();
  log_.warning("webhook endpoint %?d deactivated: %s", endpointId, reason);
}

}  // namespace duka::webhooks
