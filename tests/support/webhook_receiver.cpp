#include "support/webhook_receiver.hpp"

#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <duka/testing/http_client.hpp>
#include <stdexcept>

#include "support/test_paths.hpp"

namespace duka::test {

namespace {

std::string receiverFolder() {
  return sourceDir() + "/tests/support/webhook-receiver";
}

}  // namespace

std::unique_ptr<WebhookReceiver> WebhookReceiver::launch() {
  const bool required = std::getenv("DUKA_REQUIRE_WEBHOOK_RECEIVER") != nullptr;
  const bool installed =
      ::access((receiverFolder() + "/node_modules/standardwebhooks").c_str(), R_OK) == 0;
  const bool node = runProcess({"node", "--version"}).first == 0;
  if (!installed || !node) {
    if (required) {
      throw std::runtime_error(
          "DUKA_REQUIRE_WEBHOOK_RECEIVER is set but Node.js or standardwebhooks is missing "
          "(npm ci --prefix tests/support/webhook-receiver)");
    }
    return nullptr;
  }
  std::unique_ptr<WebhookReceiver> receiver(new WebhookReceiver);
  receiver->process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"node", receiverFolder() + "/server.mjs"});
  receiver->port_ = std::stoi(receiver->process_->waitForOutput("listening "));
  return receiver;
}

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::verifyWith(const std::vector<std::string>& secrets) {
  Poco::JSON::Array list;
  for (const auto& secret : secrets)
    list.add(secret);
  std::ostringstream out;
  list.stringify(out);
  const auto answer = HttpClient(port_).request("PUT", "/secrets", out.str());
  if (answer.status != 200)
    throw std::runtime_error("the webhook receiver refused the secrets: " + answer.body);
}

Poco::JSON::Array::Ptr WebhookReceiver::received() const {
  const auto answer = HttpClient(port_).get("/received");
  return Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Array::Ptr>();
}

}  // namespace duka::test
