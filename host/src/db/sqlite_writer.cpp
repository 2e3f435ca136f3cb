#include "db/sqlite_writer.hpp"

#include <Poco/Logger.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "db/sql_transaction.hpp"

namespace duka::host {

namespace {

// raisePriority lowers the calling thread's nice value by kNiceBoost, or says in the log
// why it could not.
void raisePriority() {
  const auto tid = static_cast<id_t>(::gettid());
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, tid);
  if (current == -1 && errno != 0)
    return;
  const int wanted = std::max(current - SqliteWriter::kNiceBoost, -20);
  if (::setpriority(PRIO_PROCESS, tid, wanted) != 0) {
    Poco::Logger::get("duka.db").information(
        "the SQLite writer thread runs at the request threads' priority (%s); give duka "
        "CAP_SYS_NICE or a nice limit (systemd: LimitNICE=-10) to let it run ahead of them",
        std::string(std::strerror(errno)));
  }
}

}  // namespace

// PendingWrite is one caller of write() waiting in the queue. The writer thread fills in the
// outcome, then sets done; the caller waits for done on a mutex and condition of its own, not
// the queue's (32 callers woken at once would otherwise queue on it behind the writer). Not
// std::atomic::wait: libstdc++ spins on sched_yield before it sleeps, and 64 spinning
// callers took a tenth of the CPU the writer needs (measured with perf).
struct SqliteWriter::PendingWrite {
  const std::shared_ptr<EventSubscribers>* subscribers = nullptr;
  const EventContext* context = nullptr;
  const std::function<void(Transaction&)>* fn = nullptr;
  std::mutex doneMutex;
  std::condition_variable doneSignal;
  bool done = false;
  std::exception_ptr error;
  std::vector<Event> events;
  std::vector<std::function<void()>> hooks;
};

SqliteWriter::SqliteWriter(Opener open, std::shared_ptr<WalCheckpointer> checkpointer,
                           EventDispatcher& events, std::shared_ptr<WalSyncer> syncer)
    : open_(std::move(open)),
      connection_(open_()),
      checkpointer_(std::move(checkpointer)),
      events_(events),
      syncer_(std::move(syncer)) {
  if (checkpointer_)
    checkpointer_->watch(connection_->handle());
  if (syncer_) {
    // A sync's end lets a batch held open for it commit (grow).
    syncer_->whenSynced([this] {
      { std::lock_guard<std::mutex> lock(queueMutex_); }
      queued_.notify_one();
    });
  }
  thread_ = std::thread([this] { run(); });
}

SqliteWriter::~SqliteWriter() {
  close();
}

std::size_t SqliteWriter::queued() const {
  std::lock_guard<std::mutex> lock(queueMutex_);
  return queue_.size();
}

void SqliteWriter::write(const std::shared_ptr<EventSubscribers>& subscribers,
                         const EventContext& context, const std::function<void(Transaction&)>& fn) {
  // Shared with the writer thread, which may still be waking this caller when it returns.
  auto me = std::make_shared<PendingWrite>();
  me->subscribers = &subscribers;
  me->context = &context;
  me->fn = &fn;
  {
    std::lock_guard<std::mutex> lock(queueMutex_);
    if (stopping_)
      throw DatabaseUnavailable("the database is closing");
    queue_.push_back(me);
  }
  queued_.notify_one();
  {
    std::unique_lock<std::mutex> lock(me->doneMutex);
    me->doneSignal.wait(lock, [&] { return me->done; });
  }
  if (me->error)
    std::rethrow_exception(me->error);
  runCommitHooks(std::move(me->hooks));
}

SqliteWriter::BatchSizes SqliteWriter::batchSizes() const {
  BatchSizes sizes;
  for (std::size_t i = 0; i < batches_.size(); ++i) {
    sizes.batches[i] = batches_[i].load(std::memory_order_relaxed);
    sizes.count += sizes.batches[i];
  }
  sizes.writes = batchWrites_.load(std::memory_order_relaxed);
  return sizes;
}

void SqliteWriter::run() {
  insideWrite() = true;  // a function of a batch that calls write() gets the logic_error
  // The name shows in top -H, perf and /proc/PID/task/*/comm (bench/run reads its CPU time).
  pthread_setname_np(pthread_self(), "duka-sqlwriter");
  raisePriority();
  for (;;) {
    // Everybody queued (up to kMaxBatch) shares the next transaction. The next batch starts
    // as soon as this one is done: no hand-over to another thread in between.
    std::vector<std::shared_ptr<PendingWrite>> batch;
    {
      std::unique_lock<std::mutex> lock(queueMutex_);
      queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;  // closing, and everybody queued has been served
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (syncer_ && syncer_->failed()) {
      // A sync failed: nothing more is committed, since nothing more could be promised.
      const auto refused = std::make_exception_ptr(DatabaseUnavailable(
          "the SQLite log could not be synced to disk; restart duka once the disk is sound"));
      for (const auto& member : batch)
        member->error = refused;
    } else {
      runBatch(batch);
    }
    const auto bound = std::lower_bound(kBatchBounds.begin(), kBatchBounds.end(), batch.size());
    batches_[static_cast<std::size_t>(bound - kBatchBounds.begin())].fetch_add(
        1, std::memory_order_relaxed);
    batchWrites_.fetch_add(batch.size(), std::memory_order_relaxed);
    if (syncer_) {
      // The next batch runs while the log is synced; this one is answered after.
      syncer_->committed([this, batch = std::move(batch)](std::exception_ptr failure) {
        insideWrite() = true;  // after-commit subscribers run here as on the writer thread
        if (failure) {
          for (const auto& member : batch) {
            if (!member->error)
              member->error = failure;
            member->events.clear();
            member->hooks.clear();
          }
        }
        answer(batch);
      });
    } else {
      answer(batch);
    }
    // Between two batches, after the callers were woken: the short checkpoint that lets
    // the log restart, when the checkpointer's thread has copied nearly all of it.
    if (checkpointer_ && connection_ && checkpointer_->restartDue())
      checkpointer_->restart(*connection_);
  }
}

bool SqliteWriter::grow(std::vector<std::shared_ptr<PendingWrite>>& batch) {
  if (!syncer_)
    return false;  // a commit is durable at once: nothing to wait for
  std::unique_lock<std::mutex> lock(queueMutex_);
  for (;;) {
    if (stopping_ || batch.size() >= kMaxBatch || syncer_->failed())
      return false;
    if (!queue_.empty()) {
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      return true;
    }
    if (!syncer_->syncing())
      return false;
    queued_.wait(lock);  // a new write, the sync's end, or close()
  }
}

void SqliteWriter::runBatch(std::vector<std::shared_ptr<PendingWrite>>& batch) {
  auto failFrom = [&](std::size_t from, std::size_t to, const std::exception_ptr& error) {
    for (std::size_t i = from; i < to; ++i) {
      if (!batch[i]->error)
        batch[i]->error = error;
      batch[i]->events.clear();
      batch[i]->hooks.clear();
    }
  };
  // abandon ends a transaction SQLite could not finish; a connection still inside one is
  // replaced.
  auto abandon = [&] {
    try {
      connection_->rollback();
    } catch (...) {
    }
    if (!connection_->usable())
      connection_.reset();
  };
  // Members [first, next) share the open transaction.
  std::size_t next = 0;
  while (next < batch.size()) {
    const std::size_t first = next;
    try {
      if (!connection_) {
        connection_ = open_();
        if (checkpointer_)
          checkpointer_->watch(connection_->handle());
      }
      connection_->begin();
    } catch (...) {
      // No connection, or BEGIN failed: nobody from here on ran.
      failFrom(first, batch.size(), std::current_exception());
      return;
    }
    SqliteConnection& connection = *connection_;
    bool broken = false;
    do {
      for (; next < batch.size() && !broken; ++next) {
        PendingWrite& member = *batch[next];
        SqlTransaction transaction(connection, *member.context, **member.subscribers);
        try {
          connection.execute("SAVEPOINT duka_write");
          (*member.fn)(transaction);
          connection.execute("RELEASE duka_write");
          member.events = transaction.takeEvents();
          member.hooks = transaction.takeCommitHooks();
        } catch (...) {
          member.error = std::current_exception();
          try {
            connection.execute("ROLLBACK TO duka_write");
            connection.execute("RELEASE duka_write");
          } catch (...) {
            broken = true;  // SQLite ended the whole transaction (e.g. an I/O error)
          }
        }
      }
    } while (!broken && grow(batch));
    if (broken) {
      failFrom(first, next,
               std::make_exception_ptr(
                   DatabaseUnavailable("the database rolled back a shared write transaction")));
      abandon();
      continue;  // the rest of the batch gets a transaction of its own
    }
    try {
      connection.commit();
    } catch (...) {
      failFrom(first, next, std::current_exception());
      abandon();
      continue;
    }
    // Committed: whatever happens now, these members succeeded. answer() hands their
    // events on.
  }
}

void SqliteWriter::answer(const std::vector<std::shared_ptr<PendingWrite>>& batch) {
  // The after-commit subscribers see the events in commit order, before the callers go on.
  try {
    for (const auto& member : batch) {
      if (!member->error && !member->events.empty())
        events_.afterCommit(*member->subscribers, std::move(member->events));
    }
  } catch (const std::exception& e) {
    Poco::Logger::get("duka.db").error("after-commit events lost: %s", std::string(e.what()));
  }
  for (const auto& member : batch) {
    {
      std::lock_guard<std::mutex> lock(member->doneMutex);
      member->done = true;
    }
    member->doneSignal.notify_one();
  }
}

void SqliteWriter::close() {
  {
    std::lock_guard<std::mutex> lock(queueMutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id())
    thread_.join();
  if (syncer_)
    syncer_->stop();  // answers the batches the writer committed last
  connection_.reset();
}

}  // namespace duka::host
