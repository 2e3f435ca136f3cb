#include "sms_courier.hpp"

namespace duka::sms {

namespace {

enum Column { kEvent, kRecipient, kBody };

std::atomic<std::uint64_t>& outcomeCounter(Metrics& metrics, const std::string& provider,
                                           const char* outcome) {
  return metrics.counter("sms_messages",
                         "SMS messages by provider and outcome: sent (the provider took it), "
                         "failed (for good), retried (an attempt failed and will be retried)",
                         {{"provider", provider}, {"outcome", outcome}});
}

}  // namespace

OutboxSpec smsOutboxSpec(const SmsSettings& settings) {
  return {.name = "sms",
          .table = "sms_outbox",
          .keyColumn = "recipient",
          .columns = {"event", "recipient", "body"},
          .doneStatus = "sent",
          .concurrency = settings.concurrency,
          .maxAttempts = settings.maxAttempts,
          .retryBase = settings.retryBase,
          .retryMax = settings.retryMax,
          .callTimeout = settings.sendTimeout};
}

SmsCourier::SmsCourier(const SmsSettings& settings, Metrics& metrics, Poco::Logger& log)
    : settings_(settings),
      log_(log),
      sent_(outcomeCounter(metrics, settings.provider, "sent")),
      failed_(outcomeCounter(metrics, settings.provider, "failed")),
      retried_(outcomeCounter(metrics, settings.provider, "retried")) {}

Delivery SmsCourier::deliver(const OutboxRow& row) {
  const SmsOutcome outcome = provider_->send({row.id, row.columns[kRecipient], row.columns[kBody],
                                              settings_.senderId, settings_.sendTimeout});
  switch (outcome.kind) {
    case SmsOutcome::Kind::Accepted:
      return Delivery::done(outcome.messageId);
    case SmsOutcome::Kind::Permanent:
      return Delivery::failed(outcome.reason);
    case SmsOutcome::Kind::Retryable:
      break;
  }
  return Delivery::retry(outcome.reason);
}

void SmsCourier::settled(const OutboxRow& row, const OutboxSettlement& settlement) {
  const std::string& event = row.columns[kEvent];
  const std::string& to = row.columns[kRecipient];
  const Delivery& delivery = settlement.delivery;
  switch (delivery.outcome) {
    case Delivery::Outcome::Done:
      sent_.fetch_add(1, std::memory_order_relaxed);
      // Built by hand, as every message sent logs it: Poco::format's streams cost more than
      // the rest of the message's delivery through the log provider.
      if (log_.information())
        log_.information("sms #" + std::to_string(row.id) + " (" + event + ") sent to " + to +
                         " by " + settings_.provider + " as " + delivery.reference);
      return;
    case Delivery::Outcome::Failed:
      failed_.fetch_add(1, std::memory_order_relaxed);
      log_.error("sms #%?d (%s) to %s failed for good: %s", row.id, event, to, delivery.error);
      return;
    case Delivery::Outcome::Retry:
      retried_.fetch_add(1, std::memory_order_relaxed);
      log_.warning("sms #%?d (%s) to %s: attempt %d failed (%s); next in %?d ms", row.id, event, to,
                   settlement.attempts, delivery.error,
                   static_cast<std::int64_t>(settlement.retryIn.count()));
      return;
  }
}

void SmsCourier::record(Transaction& tx, const OutboxRow& row, const OutboxSettlement& settlement) {
  // The provider that took the message, its id (for delivery reports) and when.
  if (settlement.delivery.outcome != Delivery::Outcome::Done)
    return;
  tx.run(
      "UPDATE sms_outbox SET provider = $1, provider_message_id = $2, sent_at = updated_at "
      "WHERE id = $3 AND status = 'sent'",
      {settings_.provider, settlement.delivery.reference, row.id});
}

}  // namespace duka::sms
