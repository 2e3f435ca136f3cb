// outcomeOf: how a JSON gateway's answer becomes a provider's outcome.
#include <gtest/gtest.h>

#include <duka/plugins/sms/sms_provider.hpp>

namespace duka::sms {
namespace {

using Kind = SmsOutcome::Kind;

SmsOutcome outcome(int status, const std::string& body) {
  return outcomeOf(HttpReply{status, "application/json", body}, "sid");
}

TEST(ProviderOutcome, A2xxWithTheIdIsAccepted) {
  const SmsOutcome accepted = outcome(201, R"({"sid":"SM123","status":"queued"})");
  EXPECT_EQ(accepted.kind, Kind::Accepted);
  EXPECT_EQ(accepted.messageId, "SM123");
  EXPECT_EQ(outcome(200, R"({"status":"queued"})").kind, Kind::Retryable);  // no id
}

TEST(ProviderOutcome, CredentialsThrottlingAndServerErrorsAreRetried) {
  for (int status : {401, 408, 429, 500, 503}) {
    EXPECT_EQ(outcome(status, "{}").kind, Kind::Retryable) << status;
  }
  EXPECT_EQ(outcome(502, "<html>bad gateway</html>").reason, "HTTP 502");
}

TEST(ProviderOutcome, OtherRefusalsFailForGoodNamingTheGatewaysMessage) {
  const SmsOutcome refused = outcome(400, R"({"code":21211,"message":"Invalid 'To' number"})");
  EXPECT_EQ(refused.kind, Kind::Permanent);
  EXPECT_EQ(refused.reason, "HTTP 400: Invalid 'To' number");
  EXPECT_EQ(outcome(403, R"({"error":"blocked"})").reason, "HTTP 403: blocked");
}

}  // namespace
}  // namespace duka::sms
