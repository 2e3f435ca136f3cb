#include "sms_routes.hpp"

#include <duka/facility/form_body.hpp>
#include <duka/facility/pagination.hpp>

namespace duka::sms {

namespace {

const Shape<OutboxFilter>& filterShape() {
  static const Shape<OutboxFilter> shape =
      Shape<OutboxFilter>("NotificationFilter")
          .field("status", &OutboxFilter::status,
                 {.description = "Only messages in this status",
                  .choices = {"queued", "sending", "sent", "delivered", "failed"}})
          .field("to", &OutboxFilter::recipient,
                 {.description = "Only messages to this number (E.164)", .maxLength = 32});
  return shape;
}

// DeliveryReport is the provider's callback (Africa's Talking's field names).
struct DeliveryReport {
  std::string id;
  std::string status;
  std::string phoneNumber;
  std::string networkCode;
  std::string failureReason;
};

const Shape<DeliveryReport>& deliveryReportShape() {
  static const Shape<DeliveryReport> shape =
      Shape<DeliveryReport>("DeliveryReport", "The SMS provider's report on one message")
          .field("id", &DeliveryReport::id,
                 {.description = "The provider's message id", .required = true, .maxLength = 200})
          .field("status", &DeliveryReport::status,
                 {.description = "Sent, Submitted, Buffered, Rejected, Success or Failed",
                  .required = true,
                  .maxLength = 50})
          .field("phoneNumber", &DeliveryReport::phoneNumber, {.minLength = 0, .maxLength = 32})
          .field("networkCode", &DeliveryReport::networkCode, {.minLength = 0, .maxLength = 32})
          .field("failureReason", &DeliveryReport::failureReason,
                 {.description = "Why delivery failed", .minLength = 0, .maxLength = 200});
  return shape;
}

struct ReportToken {
  std::string token;
};

const Shape<ReportToken>& reportTokenShape() {
  static const Shape<ReportToken> shape =
      Shape<ReportToken>("DeliveryReportToken")
          .field(
              "token", &ReportToken::token,
              {.description = "[sms] delivery_report_token", .required = true, .maxLength = 200});
  return shape;
}

struct ReportOutcome {
  std::int64_t updated = 0;
};

const Shape<ReportOutcome>& reportOutcomeShape() {
  static const Shape<ReportOutcome> shape =
      Shape<ReportOutcome>("DeliveryReportOutcome")
          .field("updated", &ReportOutcome::updated,
                 {.description = "Outbox rows the report updated (0 or 1)", .readOnly = true});
  return shape;
}

}  // namespace

void SmsRoutes::registerOn(Router& router) {
  router.add({.method = "GET",
              .path = "/api/notifications/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return notifications(r); },
              .summary = "The SMS outbox, newest first",
              .response = &notificationShape(),
              .list = true,
              .query = &filterShape()});
  router.add({.method = "POST",
              .path = "/api/sms/delivery-report/",
              .access = Access::Public,
              .handler = [this](Request& r) { return deliveryReport(r); },
              .summary = "Delivery-report callback of the SMS provider (?token=)",
              .body = BodyKind::Form,
              .request = &deliveryReportShape(),
              .response = &reportOutcomeShape(),
              .query = &reportTokenShape(),
              .problems = {{401, "The token is missing or wrong"},
                           {404, "Delivery reports are not enabled"},
                           {415, "The body is not application/x-www-form-urlencoded"},
                           {422, "A field is missing or too long"}}});
}

Response SmsRoutes::notifications(Request& request) {
  const Page page = Page::of(request);
  OutboxFilter filter = filterShape().query(request);
  // An unencoded "+" in a query string reads as a blank: "?to=+2547..." means the number.
  if (!filter.recipient.empty() && filter.recipient[0] == ' ')
    filter.recipient[0] = '+';
  return page.answer(request, notificationShape(), outbox_.list(filter, page));
}

Response SmsRoutes::deliveryReport(Request& request) {
  if (settings_.deliveryReportToken.empty())
    throw notFound("Delivery reports are not enabled ([sms] delivery_report_token).");
  if (!sameSecret(reportTokenShape().query(request).token, settings_.deliveryReportToken))
    throw unauthorized("The delivery-report token is missing or wrong.");
  // The form's fields are read through the report's shape, as a JSON body would be.
  JsonBody body(formBody(request));
  DeliveryReport report;
  deliveryReportShape().read(body, report, Input::Create);
  body.finish();
  return reportOutcomeShape().answer(
      200, {outbox_.applyDeliveryReport(report.id, report.status, report.failureReason)});
}

}  // namespace duka::sms
