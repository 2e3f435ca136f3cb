#include "ussd_routes.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/String.h>

#include <duka/plugins/customers/phone_number.hpp>
#include <map>

#include "ussd_menu.hpp"

namespace duka::ussd {

namespace {

constexpr const char* kRequests = "ussd_requests";
constexpr const char* kRequestsHelp =
    "USSD requests answered, by outcome: continued (CON), "
    "ended (END), failed (the shop could not answer)";
// Africa's Talking's form is five short fields; anything longer is not from it.
constexpr std::size_t kMaxField = 1000;

Response plain(const std::string& text) {
  Response response;
  response.body = text;
  response.contentType = "text/plain; charset=utf-8";
  return response;
}

// formOf reads a urlencoded body into fields; 415 or 400 when it is not one.
std::map<std::string, std::string> formOf(const Request& request) {
  const auto contentType = request.header("Content-Type").value_or("");
  if (Poco::icompare(Poco::trim(contentType.substr(0, contentType.find(';'))),
                     "application/x-www-form-urlencoded") != 0)
    throw unsupportedMediaType("The body must be application/x-www-form-urlencoded.");
  Poco::Net::HTMLForm form;
  try {
    form.read(request.body());
  } catch (const Poco::Exception&) {
    throw badRequest("The body is not a valid form.");
  }
  std::map<std::string, std::string> fields;
  for (const auto& [name, value] : form) {
    if (value.size() > kMaxField)
      throw unprocessable("A field is too long.", {{name, {"is too long"}}});
    fields[name] = value;
  }
  return fields;
}

std::string fieldOf(const std::map<std::string, std::string>& fields, const std::string& name) {
  const auto found = fields.find(name);
  return found == fields.end() ? "" : found->second;
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
  const std::vector<std::pair<int, std::string>> problems = {
      {404, "The token in the path is not this duka's"},
      {415, "The body is not a form"},
      {422, "sessionId or phoneNumber is missing or not a phone number"}};
  router.add({.method = "POST",
              .path = "/api/ussd/{token}/",
              .access = Access::Public,
              .handler = [this](Request& r) { return step(r); },
              .summary = "Africa's Talking's USSD callback: one step of a session, answered "
                         "\"CON ...\" or \"END ...\" (text/plain)",
              .problems = problems,
              .secretPath = true});
  router.add({.method = "POST",
              .path = "/api/ussd/{token}/events/",
              .access = Access::Public,
              .handler = [this](Request& r) { return sessionEnded(r); },
              .summary = "Africa's Talking's end-of-session notification (counted)",
              .problems = {{404, "The token in the path is not this duka's"}},
              .secretPath = true});
}

void UssdRoutes::checkToken(const Request& request) const {
  if (settings_.callbackToken.empty() ||
      !sameSecret(request.pathParam("token"), settings_.callbackToken))
    throw notFound();
}

Response UssdRoutes::step(Request& request) {
  checkToken(request);
  const auto fields = formOf(request);
  UssdCall call{fieldOf(fields, "sessionId"), "", fieldOf(fields, "text")};
  const auto phone = customers::normalisePhoneNumber(fieldOf(fields, "phoneNumber"), "254");
  FieldErrors errors;
  if (call.sessionId.empty())
    errors["sessionId"].push_back("is required");
  if (!phone)
    errors["phoneNumber"].push_back("is not a phone number");
  if (!errors.empty())
    throw unprocessable("Not a USSD request from Africa's Talking.", std::move(errors));
  call.phone = *phone;
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
