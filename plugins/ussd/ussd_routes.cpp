#include "ussd_routes.hpp"

#include <duka/facility/form_body.hpp>
#include <duka/plugins/customers/phone_number.hpp>

#include "ussd_menu.hpp"

namespace duka::ussd {

namespace {

constexpr const char* kRequests = "ussd_requests";
constexpr const char* kRequestsHelp =
    "USSD requests answered, by outcome: continued (CON), "
    "ended (END), failed (the shop could not answer)";
Response plain(const std::string& text) {
  Response response;
  response.body = text;
  response.contentType = "text/plain; charset=utf-8";
  return response;
}

// UssdStep is Africa's Talking's form (its field names).
struct UssdStep {
  std::string sessionId;
  std::string serviceCode;
  std::string phoneNumber;
  std::string networkCode;
  std::string text;
};

const Shape<UssdStep>& ussdStepShape() {
  static const Shape<UssdStep> shape =
      Shape<UssdStep>("UssdStep", "One step of a USSD session, as Africa's Talking sends it")
          .field("sessionId", &UssdStep::sessionId, {.required = true, .maxLength = 100})
          .field("serviceCode", &UssdStep::serviceCode,
                 {.description = "The code dialled, e.g. *384*1#", .minLength = 0, .maxLength = 50})
          .field("phoneNumber", &UssdStep::phoneNumber,
                 {.description = "The caller, E.164", .required = true, .maxLength = 32})
          .field("networkCode", &UssdStep::networkCode, {.minLength = 0, .maxLength = 32})
          .field("text", &UssdStep::text,
                 {.description = "Every input of the session so far, joined by *",
                  .minLength = 0,
                  .maxLength = 4000});
  return shape;
}

}  // namespace

UssdRoutes::UssdRoutes(Database& db, const UssdSettings& settings, CounterParts parts,
                       Metrics& metrics, Poco::Logger& log)
    : db_(db),
      settings_(settings),
      parts_(std::move(parts)),
      log_(log),
      continued_(metrics.counter(kRequests, kRequestsHelp, {{"outcome", "continued"}})),
      ended_(metrics.counter(kRequests, kRequestsHelp, {{"outcome", "ended"}})),
      failed_(metrics.counter(kRequests, kRequestsHelp, {{"outcome", "failed"}})),
      sessionsEnded_(metrics.counter("ussd_sessions_ended",
                                     "End-of-session notifications from Africa's Talking")) {}

void UssdRoutes::addTo(Router& router) {
  router.add({.method = "POST",
              .path = "/api/ussd/{token}/",
              .access = Access::Public,
              .handler = [this](Request& r) { return step(r); },
              .summary = "Africa's Talking's USSD callback: one step of a session, answered "
                         "\"CON ...\" (more input) or \"END ...\"",
              .body = BodyKind::Form,
              .request = &ussdStepShape(),
              .problems = {{404, "The token in the path is not this duka's"},
                           {422, "A field is missing or too long, or phoneNumber is not one"}},
              .responseType = "text/plain",
              .secretPath = true});
  router.add({.method = "POST",
              .path = "/api/ussd/{token}/events/",
              .access = Access::Public,
              .handler = [this](Request& r) { return sessionEnded(r); },
              .summary = "Africa's Talking's end-of-session notification (counted)",
              .body = BodyKind::Form,
              .problems = {{404, "The token in the path is not this duka's"}},
              .responseType = "text/plain",
              .secretPath = true});
}

void UssdRoutes::checkToken(const Request& request) const {
  if (settings_.callbackToken.empty() ||
      !sameSecret(request.pathParam("token"), settings_.callbackToken))
    throw notFound();
}

Response UssdRoutes::step(Request& request) {
  checkToken(request);
  JsonBody body(formBody(request));
  UssdStep input;
  ussdStepShape().read(body, input, Input::Create);
  const auto phone = customers::normalisePhoneNumber(input.phoneNumber, "254");
  if (!input.phoneNumber.empty() && !phone)
    body.ruleError("phoneNumber", "is not a phone number");
  body.finish();
  UssdCall call{input.sessionId, *phone, input.text};
  EventContext context = EventContext::of(request);
  context.actor = ussdActor(call.phone);
  CounterServices counter(db_, parts_, context);
  std::string answer;
  try {
    answer = UssdMenu(settings_, counter).answer(call);
  } catch (const std::exception& e) {
    // The caller is a person on a phone: a polite end, not an error page; the log says why.
    ++failed_;
    log_.error("ussd: could not answer request %s: %s", request.requestId(), std::string(e.what()));
    return plain("END Sorry, " + settings_.shopName +
                 " cannot answer right now. Please try again later.");
  }
  ++(answer.rfind("CON ", 0) == 0 ? continued_ : ended_);
  return plain(answer);
}

Response UssdRoutes::sessionEnded(Request& request) {
  checkToken(request);
  ++sessionsEnded_;
  return plain("OK");
}

}  // namespace duka::ussd
