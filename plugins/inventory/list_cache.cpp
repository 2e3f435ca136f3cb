#include "list_cache.hpp"

namespace duka::inventory {

std::optional<ListCache::Page> ListCache::find(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto it = pages_.find(key);
  if (it == pages_.end() || it->second.generation != generation_.load() ||
      std::chrono::steady_clock::now() - it->second.at > kMaxAge) {
    return std::nullopt;
  }
  return it->second.page;
}

void ListCache::store(const std::string& key, std::uint64_t generation, Page page) {
  std::lock_guard lock(mutex_);
  if (generation != generation_.load())
    return;  // a write happened while the page was read: it may be stale already
  if (pages_.size() >= kMaxPages)
    pages_.clear();
  pages_[key] = Entry{generation, std::chrono::steady_clock::now(), std::move(page)};
}

void ListCache::invalidateWith(Transaction& tx) {
  ++generation_;
  tx.onCommit([this] { ++generation_; });
}

}  // namespace duka::inventory
