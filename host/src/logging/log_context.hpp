// log_context: the request a thread is serving, so that every line logged while it is
// served can name it (JSON logs' request_id).
#pragma once

#include <string>
#include <string_view>

namespace duka::host {

// currentRequestId is the id of the request this thread serves, "" when none.
const std::string& currentRequestId();

// RequestLogScope makes requestId the thread's current request while it lives.
class RequestLogScope {
 public:
  explicit RequestLogScope(std::string_view requestId);
  ~RequestLogScope();
  RequestLogScope(const RequestLogScope&) = delete;
  RequestLogScope& operator=(const RequestLogScope&) = delete;
};

}  // namespace duka::host
