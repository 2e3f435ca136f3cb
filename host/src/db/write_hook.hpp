// WriteHook: work the host adds at the end of every write transaction that a thread starts
// while a WriteHookScope is open on it: the request it serves marks its Idempotency-Key
// there, so the key commits with whatever the request wrote.
#pragma once

#include <functional>

#include "duka/database.hpp"

namespace duka::host {

using WriteHook = std::function<void(Transaction&)>;

// currentWriteHook is this thread's hook, or nullptr.
const WriteHook* currentWriteHook();

class WriteHookScope {
 public:
  explicit WriteHookScope(const WriteHook& hook);
  ~WriteHookScope();
  WriteHookScope(const WriteHookScope&) = delete;
  WriteHookScope& operator=(const WriteHookScope&) = delete;

 private:
  const WriteHook* previous_;
};

}  // namespace duka::host
