#include "sms_settings.hpp"

#include <duka/http_client.hpp>

#include "message_templates.hpp"

namespace duka::sms {

namespace {

bool isE164(const std::string& number) {
  return number.size() >= 9 && number.size() <= 16 && number[0] == '+' &&
         number.find_first_not_of("0123456789", 1) == std::string::npos;
}

}  // namespace

std::vector<Setting> smsSettingFields() {
  return {
      Setting::text("provider", "log",
                    "the SMS provider: log, africastalking, or a provider plugin's name"),
      Setting::text("sender_id", "", "the sender id or short code; empty: the provider's default"),
      Setting::integer("max_attempts", 8, 1, 100, "attempts per message before it is failed"),
      Setting::integer("retry_base_s", 2, 1, 3600, "first retry after about this long"),
      Setting::integer("retry_max_s", 600, 1, 86400, "never longer than this between attempts"),
      Setting::integer("send_timeout_s", 10, 1, 120, "timeout of one provider call"),
      Setting::list("staff_numbers", "", "E.164 numbers that get the stock alerts"),
      Setting::text("template.*", "", "the text of one message (template.order_created, ...)"),
      Setting::text("delivery_report_token", "",
                    "the secret in the delivery-report callback URL; empty: callback off")
          .asSecret(),
      Setting::text("africastalking.username", "sandbox", "Africa's Talking app username"),
      Setting::text("africastalking.api_key", "", "Africa's Talking API key").asSecret(),
      Setting::text("africastalking.base_url", "",
                    "API base URL; empty: the sandbox for username sandbox, else live"),
  };
}

std::vector<SettingProblem> smsSettingProblems(const Settings& settings) {
  std::vector<SettingProblem> problems;
  for (const auto& [name, text] : settings.family("template.")) {
    const MessageKind* kind = nullptr;
    for (const auto& candidate : messageKinds()) {
      if (name == candidate.templateName)
        kind = &candidate;
    }
    if (!kind) {
      std::string known;
      for (const auto& candidate : messageKinds())
        known += (known.empty() ? "" : ", ") + std::string(candidate.templateName);
      problems.push_back(
          {"template." + name, "no message is called '" + name + "' (" + known + ")"});
      continue;
    }
    for (const auto& problem : templateProblems(text, *kind))
      problems.push_back({"template." + name, problem});
  }
  for (const auto& number : settings.list("staff_numbers")) {
    if (!isE164(number))
      problems.push_back(
          {"staff_numbers", "'" + number + "' is not an E.164 number (+254712345678)"});
  }
  if (settings.integer("retry_max_s") < settings.integer("retry_base_s"))
    problems.push_back({"retry_max_s", "must not be less than retry_base_s"});
  const std::string token = settings.string("delivery_report_token");
  if (!token.empty() && token.size() < 16)
    problems.push_back({"delivery_report_token", "must be at least 16 characters"});
  if (settings.string("provider") == "africastalking") {
    if (settings.string("africastalking.api_key").empty())
      problems.push_back(
          {"africastalking.api_key",
           "is required when provider = africastalking ([sms.africastalking] api_key)"});
    if (settings.string("africastalking.username").empty())
      problems.push_back({"africastalking.username", "is required when provider = africastalking"});
  }
  const std::string baseUrl = settings.string("africastalking.base_url");
  if (!baseUrl.empty() && !isSecureServiceUrl(baseUrl)) {
    problems.push_back(
        {"africastalking.base_url", "must be an https URL (plain http only to a loopback host)"});
  }
  return problems;
}

SmsSettings SmsSettings::from(const Settings& settings) {
  SmsSettings s;
  s.provider = settings.string("provider");
  s.senderId = settings.string("sender_id");
  s.maxAttempts = static_cast<int>(settings.integer("max_attempts"));
  s.retryBase = std::chrono::seconds(settings.integer("retry_base_s"));
  s.retryMax = std::chrono::seconds(settings.integer("retry_max_s"));
  s.sendTimeout = std::chrono::seconds(settings.integer("send_timeout_s"));
  s.staffNumbers = settings.list("staff_numbers");
  const auto configured = settings.family("template.");
  for (const auto& kind : messageKinds()) {
    auto it = configured.find(kind.templateName);
    s.templates[kind.templateName] = it == configured.end() ? kind.defaultText : it->second;
  }
  s.deliveryReportToken = settings.string("delivery_report_token");
  s.africasTalking.username = settings.string("africastalking.username");
  s.africasTalking.apiKey = settings.string("africastalking.api_key");
  s.africasTalking.baseUrl = settings.string("africastalking.base_url");
  if (s.africasTalking.baseUrl.empty())
    s.africasTalking.baseUrl =
        s.africasTalking.username == "sandbox" ? kSandboxBaseUrl : kLiveBaseUrl;
  while (!s.africasTalking.baseUrl.empty() && s.africasTalking.baseUrl.back() == '/')
    s.africasTalking.baseUrl.pop_back();
  return s;
}

}  // namespace duka::sms
