#include "db/write_hook.hpp"

namespace duka::host {

namespace {
thread_local const WriteHook* current = nullptr;
}  // namespace

const WriteHook* currentWriteHook() {
  return current;
}

WriteHookScope::WriteHookScope(const WriteHook& hook) : previous_(current) {
  current = &hook;
}

WriteHookScope::~WriteHookScope() {
  current = previous_;
}

}  // namespace duka::host
