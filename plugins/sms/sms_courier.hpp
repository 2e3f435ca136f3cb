// SmsCourier: the sms outbox's courier, which the host's outbox runs. It sends one claimed row
// through the configured provider, logs and counts what came of it, and records the
// provider's message id with the settlement.
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <duka/facility/metrics.hpp>
#include <duka/facility/outbox.hpp>
#include <duka/plugins/sms/sms_provider.hpp>
#include <memory>

#include "sms_settings.hpp"

namespace duka::sms {

class SmsCourier : public OutboxCourier {
 public:
  // The courier counts its outcomes in duka_sms_messages_total{provider,outcome}.
  SmsCourier(const SmsSettings& settings, Metrics& metrics, Poco::Logger& log);

  // use names the provider, found once every plugin started and before the first delivery.
  void use(std::shared_ptr<SmsProvider> provider) { provider_ = std::move(provider); }

  Delivery deliver(const OutboxRow& row) override;
  void settled(const OutboxRow& row, const OutboxSettlement& settlement) override;
  void record(Transaction& tx, const OutboxRow& row, const OutboxSettlement& settlement) override;

 private:
  std::shared_ptr<SmsProvider> provider_;
  const SmsSettings& settings_;
  Poco::Logger& log_;
  std::atomic<std::uint64_t>& sent_;
  std::atomic<std::uint64_t>& failed_;
  std::atomic<std::uint64_t>& retried_;
};

// smsOutboxSpec is the sms_outbox as the host's outbox sees it: keyed by recipient, and the
// columns deliver reads (event, recipient, body, in that order).
OutboxSpec smsOutboxSpec(const SmsSettings& settings);

}  // namespace duka::sms
