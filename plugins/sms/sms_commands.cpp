#include "sms_commands.hpp"

#include <Poco/String.h>

#include <duka/facility/form_body.hpp>
#include <duka/facility/money.hpp>
#include <duka/plugins/customers/phone_number.hpp>

namespace duka::sms {

namespace {

constexpr const char* kHelp =
    "Send STATUS for your latest order, STATUS and a number for that order, STOP to get no "
    "more SMS from us, START to get them again.";

// InboundSms is Africa's Talking's incoming message (its field names).
struct InboundSms {
  std::string from;
  std::string to;
  std::string text;
  std::string date;
  std::string id;
  std::string linkId;
};

const Shape<InboundSms>& inboundShape() {
  static const Shape<InboundSms> shape =
      Shape<InboundSms>("InboundSms", "A message a customer sent to the shop's number")
          .field("from", &InboundSms::from,
                 {.description = "The sender, E.164", .required = true, .maxLength = 32})
          .field(
              "to", &InboundSms::to,
              {.description = "The shop's number or short code", .minLength = 0, .maxLength = 32})
          .field("text", &InboundSms::text, {.minLength = 0, .maxLength = 2000})
          .field("date", &InboundSms::date, {.minLength = 0, .maxLength = 64})
          .field("id", &InboundSms::id,
                 {.description = "The provider's id of the message: one seen before is ignored",
                  .required = true,
                  .maxLength = 200})
          .field("linkId", &InboundSms::linkId, {.minLength = 0, .maxLength = 200});
  return shape;
}

struct InboundOutcome {
  std::string command;  // stop, start, status or help
  bool duplicate = false;
};

const Shape<InboundOutcome>& outcomeShape() {
  static const Shape<InboundOutcome> shape =
      Shape<InboundOutcome>("InboundOutcome")
          .field("command", &InboundOutcome::command,
                 {.description = "What the message asked: stop, start, status or help"})
          .field("duplicate", &InboundOutcome::duplicate,
                 {.description = "The message id was seen before: nothing was done"});
  return shape;
}

std::string describe(const orders::Order& order) {
  return "Order #" + std::to_string(order.id) + ": " + order.status + ", " + order.currency + " " +
         formatMoney(order.totalMinor) + ", " + order.paymentStatus + ".";
}

}  // namespace

std::pair<std::string, std::string> commandOf(const std::string& text) {
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos)
    return {"", ""};
  const auto end = text.find_first_of(" \t\r\n", start);
  std::string word = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  for (char& c : word) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  std::string rest;
  if (end != std::string::npos) {
    const auto from = text.find_first_not_of(" \t\r\n", end);
    if (from != std::string::npos)
      rest = text.substr(from, text.find_last_not_of(" \t\r\n") - from + 1);
  }
  return {word, rest};
}

void SmsCommands::addTo(Router& router) {
  router.add({.method = "POST",
              .path = "/api/sms/inbound/{token}/",
              .access = Access::Public,
              .handler = [this](Request& r) { return inbound(r); },
              .summary = "Africa's Talking's incoming message: an SMS command (STOP, START, "
                         "STATUS [order id]; anything else gets help)",
              .body = BodyKind::Form,
              .request = &inboundShape(),
              .response = &outcomeShape(),
              .problems = {{404,
                            "The token in the path is not this duka's, or SMS commands "
                            "are off ([sms] inbound_token)"},
                           {422, "A field is missing or too long, or from is not a number"}},
              .secretPath = true});
}

Response SmsCommands::inbound(Request& request) {
  if (settings_.inboundToken.empty() ||
      !sameSecret(request.pathParam("token"), settings_.inboundToken))
    throw notFound();
  JsonBody body(formBody(request));
  InboundSms message;
  inboundShape().read(body, message, Input::Create);
  const auto sender = customers::normalisePhoneNumber(message.from, "254");
  if (!message.from.empty() && !sender)
    body.ruleError("from", "is not a phone number");
  body.finish();
  // Named references, not a structured binding: clang 14 cannot capture one in a lambda.
  const auto words = commandOf(message.text);
  const std::string &command = words.first, &argument = words.second;
  InboundOutcome outcome;
  outcome.command = command == "STOP" || command == "START" || command == "STATUS"
                        ? Poco::toLower(command)
                        : "help";
  // The sender acts: the audit names "sms:<number>" for what its command changed.
  EventContext context = EventContext::of(request);
  context.actor =
      Principal{.subject = "sms:" + *sender, .username = *sender, .roles = {}, .links = {}};
  try {
    db_.write(context, [&](Transaction& tx) {
      // First: a message seen before stops here (the key refuses it; nothing is kept).
      tx.run(
          "INSERT INTO sms_inbound (provider_id, sender, command, received_at) "
          "VALUES ($1, $2, $3, $4)",
          {message.id, *sender, outcome.command, nowRfc3339()});
      const std::string reply = answer(tx, command, argument, *sender);
      rows_.enqueue(tx, "sms.command", *sender, reply);
      outbox_.queued(tx);
    });
  } catch (const std::exception& e) {
    if (!isUniqueViolation(e))
      throw;
    outcome.duplicate = true;
  }
  return outcomeShape().answer(200, outcome);
}

std::string SmsCommands::answer(Transaction& tx, const std::string& command,
                                const std::string& argument, const std::string& sender) {
  const auto customer = customers_->findByPhone(tx, sender);
  if (command == "STOP") {
    if (customer)
      customers_->setSmsOptOut(tx, *customer, true);
    return "You will get no more SMS from us. Send START to get them again.";
  }
  if (command == "START") {
    if (!customer)
      return "This number is not a customer's. " + std::string(kHelp);
    customers_->setSmsOptOut(tx, *customer, false);
    return "Welcome back: you will get SMS about your orders again.";
  }
  if (command == "STATUS") {
    if (!customer)
      return "No customer has this number.";
    return status(tx, *customer, argument);
  }
  return kHelp;
}

std::string SmsCommands::status(Transaction& tx, const customers::Customer& customer,
                                const std::string& argument) {
  if (argument.empty()) {
    const auto latest = desk_->latest(tx, customer.id, 1);
    return latest.empty() ? std::string("You have no orders yet.") : describe(latest.front());
  }
  std::string digits = argument.front() == '#' ? argument.substr(1) : argument;
  const bool number = !digits.empty() && digits.size() <= 15 &&
                      digits.find_first_not_of("0123456789") == std::string::npos;
  const auto order = number ? book_->find(tx, std::stoll(digits)) : std::nullopt;
  if (!order || order->customerId != customer.id)
    return "No order " + (number ? "#" + digits + " " : std::string()) + "for this number.";
  return describe(*order);
}

}  // namespace duka::sms
