// SqliteWriter: the one thread that writes a SQLite database, on a connection of its own.
// Writers queue; each batch of up to kMaxBatch runs in one transaction, each writer in a
// savepoint of its own, under one COMMIT (docs/design/group-commit.md). Each caller sees
// only its own outcome: its commit, or its own exception.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "db/sqlite_connection.hpp"
#include "db/wal_checkpointer.hpp"
#include "db/wal_syncer.hpp"
#include "duka/database.hpp"
#include "events/event_dispatcher.hpp"
#include "events/event_subscribers.hpp"

namespace duka::host {

class SqliteWriter {
 public:
  // kMaxBatch bounds how many writers share one commit, and so the wait of the last one.
  static constexpr std::size_t kMaxBatch = 32;
  // kNiceBoost is how far below the process's nice value the writer thread runs when the
  // process may raise a thread's priority (CAP_SYS_NICE, or RLIMIT_NICE). Every write waits
  // for this one thread; at the request threads' priority it spent about a sixth of its
  // time waiting for a core under load (docs/design/order-write-cost.md).
  static constexpr int kNiceBoost = 10;

  using Opener = std::function<std::unique_ptr<SqliteConnection>()>;

  // open makes the writer's connection: now, and again should one end up unusable. With a
  // syncer, the connection commits without syncing (synchronous = NORMAL) and each batch's
  // callers are answered, and its events handed on, once the syncer has made it durable.
  SqliteWriter(Opener open, std::shared_ptr<WalCheckpointer> checkpointer, EventDispatcher& events,
               std::shared_ptr<WalSyncer> syncer = nullptr);
  ~SqliteWriter();
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // write queues fn for the writer thread and waits for its outcome (Database::write);
  // subscribers are the writing generation's.
  void write(const std::shared_ptr<EventSubscribers>& subscribers, const EventContext& context,
             const std::function<void(Transaction&)>& fn);
  // close lets the writer serve everybody queued and joins it; later writes get
  // DatabaseUnavailable.
  void close();
  // durabilityLost tells whether an fsync of the log failed: writes are refused from then on.
  bool durabilityLost() const { return syncer_ && syncer_->failed(); }
  // queued is how many writes wait for the writer now (for /metrics).
  std::size_t queued() const;
  // BatchSizes counts the transactions the writer committed by how many writes each
  // carried: batches[i] those of at most kBatchBounds[i] writes (for /metrics' histogram).
  static constexpr std::array<std::size_t, 6> kBatchBounds{1, 2, 4, 8, 16, 32};
  struct BatchSizes {
    std::array<std::uint64_t, 6> batches{};
    std::uint64_t count = 0, writes = 0;
  };
  BatchSizes batchSizes() const;

 private:
  struct PendingWrite;
  void run();
  // runBatch runs the members' functions and commits; it records each member's error, or
  // its events and on-commit hooks. It never throws. The batch grows while it runs (grow).
  void runBatch(std::vector<std::shared_ptr<PendingWrite>>& batch);
  // grow adds the writes queued since to the open transaction, up to kMaxBatch, waiting for
  // them while the syncer syncs the log: a commit made now would wait for the next sync
  // anyway, and one commit of many writes appends fewer pages to the log than several
  // commits of a few (docs/design/group-commit.md). False when the batch should commit.
  bool grow(std::vector<std::shared_ptr<PendingWrite>>& batch);
  // answer hands the committed members' events to the after-commit subscribers, in commit
  // order, and wakes every member's caller.
  void answer(const std::vector<std::shared_ptr<PendingWrite>>& batch);

  Opener open_;
  std::unique_ptr<SqliteConnection> connection_;
  std::shared_ptr<WalCheckpointer> checkpointer_;
  EventDispatcher& events_;
  std::shared_ptr<WalSyncer> syncer_;
  mutable std::mutex queueMutex_;
  std::condition_variable queued_;
  std::deque<std::shared_ptr<PendingWrite>> queue_;
  std::array<std::atomic<std::uint64_t>, 6> batches_{};
  std::atomic<std::uint64_t> batchWrites_{0};
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace duka::host
