// WebhookReceiver: tests/support/webhook-receiver (Node) on 127.0.0.1: it verifies every
// delivery it gets with the Standard Webhooks reference library (npm standardwebhooks), under
// the secrets the test gives it, and tells the test what arrived.
#pragma once

#include <Poco/JSON/Array.h>

#include <duka/testing/child_process.hpp>
#include <memory>
#include <string>
#include <vector>

namespace duka::test {

class WebhookReceiver {
 public:
  // launch starts the receiver; nullptr when Node.js or its npm packages are missing (then a
  // test skips), unless DUKA_REQUIRE_WEBHOOK_RECEIVER is set, when it throws.
  static std::unique_ptr<WebhookReceiver> launch();

  std::string url(const std::string& path) const;
  // verifyWith sets the secrets the deliveries from now on are verified under.
  void verifyWith(const std::vector<std::string>& secrets);
  // received is every delivery so far: [{path, id, type, signatures, verified: [...]}].
  Poco::JSON::Array::Ptr received() const;

 private:
  WebhookReceiver() = default;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

}  // namespace duka::test
