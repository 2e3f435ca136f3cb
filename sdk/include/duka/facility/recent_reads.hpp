// duka/facility/recent_reads.hpp (SDK 1.4): values read from the database recently, served
// again for up to a second unless a write through the plugin changed them. For reads that
// run on most requests and change seldom (a list page, a customer found by phone number).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <duka/database.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace duka {

// RecentReads keeps values by key for at most kMaxAge. Each write that changes what they
// were read from calls invalidateWith(tx), which drops them all twice: at once, and again
// when tx commits. A value is kept only if no invalidation happened while it was read, so no
// value older than this process's last such commit is ever served; other instances' writes
// (several duka on one PostgreSQL) show within kMaxAge. Read through a Transaction, never
// through RecentReads, where a transaction must see its own writes. Safe from any thread.
template <typename Value>
class RecentReads {
 public:
  static constexpr std::chrono::milliseconds kMaxAge{1000};
  // kMaxValues bounds the memory: a store into a full table empties it first.
  static constexpr std::size_t kMaxValues = 1024;

  // read answers the value kept for key, or reads it with fn() and keeps it.
  template <typename Read>
  Value read(const std::string& key, Read&& fn) {
    if (auto kept = find(key))
      return std::move(*kept);
    const std::uint64_t before = generation();
    Value value = fn();
    store(key, before, value);
    return value;
  }

  // generation is read before a value is read from the database, and handed to store.
  std::uint64_t generation() const { return generation_.load(); }

  // find answers the value kept for key, if it is younger than kMaxAge and still valid.
  std::optional<Value> find(const std::string& key) const {
    std::shared_ptr<const Value> kept;
    {
      std::lock_guard lock(mutex_);
      const auto it = values_.find(key);
      if (it == values_.end() || it->second.generation != generation_.load() ||
          std::chrono::steady_clock::now() - it->second.at > kMaxAge) {
        return std::nullopt;
      }
      kept = it->second.value;
    }
    return *kept;  // copied outside the lock: the other readers do not wait for it
  }

  // store keeps value unless an invalidation happened since generation was read.
  void store(const std::string& key, std::uint64_t generation, Value value) {
    auto kept = std::make_shared<const Value>(std::move(value));
    std::lock_guard lock(mutex_);
    if (generation != generation_.load())
      return;  // a write happened while the value was read: it may be stale already
    if (values_.size() >= kMaxValues)
      values_.clear();
    values_.insert_or_assign(key,
                             Entry{generation, std::chrono::steady_clock::now(), std::move(kept)});
  }

  // invalidateWith drops every value now, and again when tx commits.
  void invalidateWith(Transaction& tx) {
    ++generation_;
    tx.onCommit([this] { ++generation_; });
  }

 private:
  struct Entry {
    std::uint64_t generation;
    std::chrono::steady_clock::time_point at;
    std::shared_ptr<const Value> value;
  };
  std::atomic<std::uint64_t> generation_{0};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> values_;
};

}  // namespace duka
