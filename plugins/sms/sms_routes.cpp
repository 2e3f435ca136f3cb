#include "sms_routes.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/String.h>
#include <openssl/crypto.h>

#include <duka/pagination.hpp>
#include <set>

namespace duka::sms {

namespace {

// sameSecret compares in time that depends on the lengths only (OpenSSL's CRYPTO_memcmp,
// as auth compares signatures), not on where the two differ.
bool sameSecret(const std::string& given, const std::string& expected) {
  return given.size() == expected.size() &&
         CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

const std::set<std::string> kStatuses = {"queued", "sending", "sent", "delivered", "failed"};

}  // namespace

void SmsRoutes::registerOn(Router& router) {
  router.add({.method = "GET",
              .path = "/api/notifications/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return notifications(r); },
              .summary = "The SMS outbox, newest first (?status=&to=)",
              .responseSchema = listSchema(kNotificationSchema)});
  router.add(
      {.method = "POST",
       .path = "/api/sms/delivery-report/",
       .access = Access::Public,
       .handler = [this](Request& r) { return deliveryReport(r); },
       .summary = "Delivery-report callback of the SMS provider (?token=)",
       .body = BodyKind::Form,
       .requestSchema = R"({"type":"object","required":["id","status"],"properties":{)"
                        R"("id":{"type":"string"},"status":{"type":"string"},)"
                        R"("phoneNumber":{"type":"string"},"networkCode":{"type":"string"},)"
                        R"("failureReason":{"type":"string"}}})",
       .responseSchema = R"({"type":"object","properties":{"updated":{"type":"integer"}}})"});
}

Response SmsRoutes::notifications(Request& request) {
  const Page page = Page::of(request);
  OutboxFilter filter{request.query("status").value_or(""), request.query("to").value_or("")};
  if (!filter.status.empty() && !kStatuses.count(filter.status))
    throw badRequest("Unknown status.",
                     {{"status", {"must be one of queued, sending, sent, delivered, failed"}}});
  // An unencoded "+" in a query string reads as a blank: "?to=+2547..." means the number.
  if (!filter.recipient.empty() && filter.recipient[0] == ' ')
    filter.recipient[0] = '+';
  std::int64_t count = 0;
  Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
  for (const auto& row : outbox_.list(filter, page.limit, page.offset, count))
    results->add(rowJson(row));
  return Response::json(200, page.envelope(request, count, results));
}

Response SmsRoutes::deliveryReport(Request& request) {
  if (settings_.deliveryReportToken.empty())
    throw notFound("Delivery reports are not enabled ([sms] delivery_report_token).");
  if (!sameSecret(request.query("token").value_or(""), settings_.deliveryReportToken))
    throw unauthorized("The delivery-report token is missing or wrong.");
  const auto contentType = request.header("Content-Type").value_or("");
  if (Poco::icompare(contentType.substr(0, contentType.find(';')),
                     "application/x-www-form-urlencoded") != 0)
    throw unsupportedMediaType("The body must be application/x-www-form-urlencoded.");
  Poco::Net::HTMLForm form;
  try {
    form.read(request.body());
  } catch (const Poco::Exception&) {
    throw badRequest("The body is not a valid form.");
  }
  FieldErrors errors;
  const std::string id = form.get("id", ""), status = form.get("status", "");
  if (id.empty() || id.size() > 200)
    errors["id"].push_back(id.empty() ? "is required" : "is too long");
  if (status.empty() || status.size() > 50)
    errors["status"].push_back(status.empty() ? "is required" : "is too long");
  if (!errors.empty())
    throw unprocessable("The delivery report lacks fields.", errors);
  const int updated = outbox_.applyDeliveryReport(id, status, form.get("failureReason", ""));
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("updated", updated);
  return Response::json(200, body);
}

}  // namespace duka::sms
