// OutboxRunner: the host's side of one plugin outbox (PluginContext::outbox):
// `concurrency` worker threads, each claiming a due row (one short write transaction; rows
// another worker or instance holds are skipped), calling the courier outside any
// transaction, and writing the settlement with its next claim. Idle workers sleep until a
// row is queued in a committed transaction or, for one of them, the next due row.
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "db/host_database.hpp"
#include "duka/facility/metrics.hpp"
#include "duka/facility/outbox.hpp"
#include "outbox/retry_schedule.hpp"

namespace duka::host {

class OutboxRunner : public Outbox {
 public:
  // The courier (and whatever keeps its library loaded) lives as long as the runner.
  OutboxRunner(HostDatabase& db, OutboxSpec spec, std::shared_ptr<OutboxCourier> courier,
               Metrics& metrics, Poco::Logger& log);
  ~OutboxRunner() override;  // stop()
  OutboxRunner(const OutboxRunner&) = delete;
  OutboxRunner& operator=(const OutboxRunner&) = delete;

  void queued(Transaction& tx) override;
  std::int64_t pending() override;

  void start();
  // wake has an idle worker look for due rows now.
  void wake();
  // stop lets the deliveries in flight finish, records them, and joins the workers.
  void stop();
  // claimQueries are the SELECTs a claim tries in order ($1 = now in ms), for EXPLAIN in tests.
  std::vector<std::string> claimQueries() const;
  // windowSetting is run in the claim's transaction before the last of claimQueries (the
  // window's); empty where none is needed.
  std::string windowSetting() const;

 private:
  struct Claimed;
  void work(bool watcher);
  // settleAndClaim records last's outcome and, with claim, takes a due row; `more` says
  // whether another row was claimable then (so that one more worker should look), and
  // `blocked`, when none was taken, whether due rows waited behind their keys.
  std::optional<OutboxRow> settleAndClaim(const std::optional<Claimed>& last, bool claim,
                                          bool* more = nullptr, bool* blocked = nullptr);
  OutboxSettlement settle(const OutboxRow& row, Delivery delivery);
  // idle waits for the next wake (or, for the watcher, the next row coming due); after a
  // claim that found due rows all blocked behind their keys, it first pauses.
  void idle(bool watcher, std::uint64_t seen, bool blocked);

  HostDatabase& db_;
  OutboxSpec spec_;
  std::shared_ptr<OutboxCourier> courier_;
  Poco::Logger& log_;
  RetrySchedule retries_;
  std::vector<std::string> claims_;  // claimQueries(), expanded for the backend
  std::string windowSetting_;
  std::string selectColumns_;
  std::atomic<std::uint64_t>& done_;
  std::atomic<std::uint64_t>& failed_;
  std::atomic<std::uint64_t>& retried_;

  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::uint64_t generation_ = 0;  // bumped by every wake
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace duka::host
