// ListCache: recently rendered pages of GET /api/inventory/, the most requested route.
// Every write to inventory_items (through ItemRepository) invalidates it twice: in its
// transaction, and again when that transaction commits. A page is kept only if no
// invalidation happened while it was read, so no page older than the last commit of this
// process is ever served. Writes by other instances sharing a PostgreSQL database show
// within kMaxAge.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <duka/database.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace duka::inventory {

class ListCache {
 public:
  static constexpr std::chrono::milliseconds kMaxAge{1000};
  static constexpr std::size_t kMaxPages = 1024;

  struct Page {
    std::int64_t count = 0;
    std::string resultsJson;  // the "results" array, serialised
  };

  // generation is read before a page is built from the database, and handed to store.
  std::uint64_t generation() const { return generation_.load(); }
  std::optional<Page> find(const std::string& key) const;
  // store keeps page unless the cache was invalidated since generation was read.
  void store(const std::string& key, std::uint64_t generation, Page page);
  // invalidateWith invalidates now and again when tx commits.
  void invalidateWith(Transaction& tx);

 private:
  struct Entry {
    std::uint64_t generation;
    std::chrono::steady_clock::time_point at;
    Page page;
  };
  std::atomic<std::uint64_t> generation_{0};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> pages_;
};

}  // namespace duka::inventory
