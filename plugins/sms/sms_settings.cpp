#include "sms_settings.hpp"

#include <duka/facility/http_client.hpp>

#include "message_templates.hpp"

namespace duka::sms {

namespace {

bool isE164(const std::string& number) {
  return number.size() >= 9 && number.size() <= 16 && number[0] == '+' &&
         number.find_first_not_of("0123456789", 1) == std::string::npos;
}

}  // namespace

namespace {

std::vector<SettingProblem> check(const SmsSettings& s) {
  std::vector<SettingProblem> problems;
  for (const auto& [name, text] : s.templates) {
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
  for (const auto& number : s.staffNumbers) {
    if (!isE164(number))
      problems.push_back(
          {"staff_numbers", "'" + number + "' is not an E.164 number (+254712345678)"});
  }
  if (s.retryMax < s.retryBase)
    problems.push_back({"retry_max_s", "must not be less than retry_base_s"});
  if (!s.deliveryReportToken.empty() && s.deliveryReportToken.size() < 16)
    problems.push_back({"delivery_report_token", "must be at least 16 characters"});
  if (!s.inboundToken.empty() &&
      (s.inboundToken.size() < 16 ||
       s.inboundToken.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789-_") != std::string::npos))
    problems.push_back(
        {"inbound_token", "must be at least 16 letters, digits, '-' or '_' (it is in a path)"});
  const AfricasTalkingSettings& at = s.africasTalking;
  if (s.provider == "africastalking") {
    if (at.apiKey.empty())
      problems.push_back(
          {"africastalking.api_key",
           "is required when provider = africastalking ([sms.africastalking] api_key)"});
    if (at.username.empty())
      problems.push_back({"africastalking.username", "is required when provider = africastalking"});
  }
  return problems;
}

const Settings<AfricasTalkingSettings>& africasTalkingSettings() {
  using A = AfricasTalkingSettings;
  static const Settings<A> settings =
      Settings<A>()
          .bind(
              Setting::text("africastalking.username", "sandbox", "Africa's Talking app username"),
              &A::username)
          .bind(Setting::text("africastalking.api_key", "", "Africa's Talking API key").asSecret(),
                &A::apiKey)
          .bind(Setting::url("africastalking.base_url", "",
                             "API base URL; empty: the sandbox for username sandbox, else live"),
                &A::baseUrl);
  return settings;
}

}  // namespace

const Settings<SmsSettings>& smsSettings() {
  using S = SmsSettings;
  static const Settings<S> settings =
      Settings<S>()
          .bind(Setting::text("provider", "log",
                              "the SMS provider: log, africastalking, or a provider plugin's name"),
                &S::provider)
          .bind(Setting::text("sender_id", "",
                              "the sender id or short code; empty: the provider's default"),
                &S::senderId)
          .bind(Setting::integer("max_attempts", 8, 1, 100,
                                 "attempts per message before it is failed"),
                &S::maxAttempts)
          .bind(Setting::integer("retry_base_s", 2, 1, 3600, "first retry after about this long"),
                &S::retryBase)
          .bind(Setting::integer("retry_max_s", 600, 1, 86400,
                                 "never longer than this between attempts"),
                &S::retryMax)
          .bind(Setting::integer("send_timeout_s", 10, 1, 120, "timeout of one provider call"),
                &S::sendTimeout)
          .bind(Setting::integer("concurrency", 8, 1, 64,
                                 "messages in flight at once (one recipient's stay in order)"),
                &S::concurrency)
          .bind(Setting::list("staff_numbers", "", "E.164 numbers that get the stock alerts"),
                &S::staffNumbers)
          .bind(Setting::text("template.*", "",
                              "the text of one message (template.order_created, ...)"),
                &S::templates)
          .bind(Setting::text("delivery_report_token", "",
                              "the secret in the delivery-report callback URL; empty: callback off")
                    .asSecret(),
                &S::deliveryReportToken)
          .bind(Setting::text("inbound_token", "",
                              "at least 16 characters: turns on SMS commands at "
                              "POST /api/sms/inbound/{inbound_token}/; empty: off")
                    .asSecret(),
                &S::inboundToken)
          .nest(&S::africasTalking, africasTalkingSettings())
          .rule(check);
  return settings;
}

SmsSettings SmsSettings::from(const IniSection& section) {
  SmsSettings s = smsSettings().read(section);
  for (const auto& kind : messageKinds())
    s.templates.try_emplace(kind.templateName, kind.defaultText);
  std::string& baseUrl = s.africasTalking.baseUrl;
  if (baseUrl.empty())
    baseUrl = s.africasTalking.username == "sandbox" ? kSandboxBaseUrl : kLiveBaseUrl;
  while (!baseUrl.empty() && baseUrl.back() == '/')
    baseUrl.pop_back();
  return s;
}

}  // namespace duka::sms
