#include "logging/log_context.hpp"

namespace duka::host {

namespace {
thread_local std::string requestId;
}  // namespace

const std::string& currentRequestId() {
  return requestId;
}

RequestLogScope::RequestLogScope(std::string_view id) {
  requestId.assign(id);
}

RequestLogScope::~RequestLogScope() {
  requestId.clear();
}

}  // namespace duka::host
