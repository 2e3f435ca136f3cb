// OutboxRunner: the host's side of one plugin outbox (PluginContext::outbox):
// `concurrency` worker threads, each claiming a due row and the run of its key's rows due
// right behind it, and while calls are quick other keys' due rows too (one short write
// transaction; rows another worker or instance holds are skipped), calling the courier for
// them in order outside any transaction, and writing the settlements with its next claim.
// Idle workers sleep until a row is queued in a committed transaction or, for one of them,
// the next due row.
#pragma once

#include <Poco/Logger.h>

#include <array>
#include <atomic>
#include <chrono>
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
  // claimQueries are the SELECTs a claim tries ($1 = now in ms), for EXPLAIN in tests: the
  // lapsed leases', the first due row's, the window's, and the window's of several keys.
  std::vector<std::string> claimQueries() const;
  // windowSetting is run in the claim's transaction before a window's query (the last two of
  // claimQueries); empty where none is needed.
  std::string windowSetting() const;
  // runQueries are the SELECTs that take a claimed row's run ($1 now, $2 its key, $3 its id;
  // $4 the run's last id): the key's next waiting rows unlocked, then those still due, locked.
  std::array<std::string, 2> runQueries() const;

 private:
  // Statements is what a settlement and a claim write, each text built once. The lease and
  // a Done settlement take a run's rows in one statement: `id IN ($k, ...)` texts for 1 to
  // the run's length (each prepared once), where a statement per row cost SQLite's writer
  // each its own statement journal.
  struct Statements {
    std::vector<std::string> lease;  // [n - 1]: $1 lease_until_ms, $2 at, then n ids
    std::vector<std::string> done;   // [n - 1]: $1 status, $2 attempts, $3 at, then n ids
    std::string retry, failed, release, blocked;
  };
  struct Claimed;
  struct Settlements;
  struct Claim;
  void work(bool watcher);
  // settleAndClaim writes last's outcomes and releases, and with `claim` takes a due row with
  // the run of its key's rows right behind it (runQueries).
  Claim settleAndClaim(const Settlements& last, bool claim);
  // deliverRun delivers a claimed run in order while its budget lasts, into `out`; its first
  // keyRun rows are one key's.
  void deliverRun(std::vector<OutboxRow>& run, std::size_t keyRun, Settlements& out);
  // timed keeps a moving average of the calls' durations; otherKeysToTake answers from it
  // how many other keys' rows a claim takes behind its key's run (0 while calls are slow).
  void timed(std::chrono::steady_clock::duration call);
  std::size_t otherKeysToTake() const;
  OutboxSettlement settle(const OutboxRow& row, Delivery delivery);
  // writeSettlements records a run's outcomes: its Done rows in one statement per attempt
  // count, the others one by one, then the courier's record of each in the run's order.
  void writeSettlements(Transaction& tx, const std::vector<Claimed>& settled, std::int64_t now,
                        const std::string& at);
  Statements statements() const;
  OutboxRow rowOf(const SqlRow& row) const;
  bool stopping();
  // idle waits for the next wake (or, for the watcher, the next row coming due); after a
  // claim that found due rows all blocked behind their keys, it first pauses.
  void idle(bool watcher, std::uint64_t seen, bool blocked);

  HostDatabase& db_;
  OutboxSpec spec_;
  std::shared_ptr<OutboxCourier> courier_;
  Poco::Logger& log_;
  RetrySchedule retries_;
  std::vector<std::string> claims_;  // claimQueries(), expanded for the backend
  std::array<std::string, 2> runs_;  // runQueries()
  Statements writes_;
  std::chrono::milliseconds runBudget_{0};
  // When a claim last ran claims_[0] (steady clock ticks).
  std::atomic<std::chrono::steady_clock::rep> lapsedLeasesChecked_{0};
  std::atomic<std::int64_t> callMicros_;  // the calls' moving average
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
