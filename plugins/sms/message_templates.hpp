// MessageTemplates: the text of each message, from `[sms] template.<name>` with
// placeholders such as {customer.name}, {order.id}, {order.total} and {item.name}.
#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace duka::sms {

// MessageKind pairs an event with its template name and its audience.
struct MessageKind {
  const char* event;         // "order.created"
  const char* templateName;  // "order_created"
  bool toStaff;              // staff alert (inventory) or customer message (orders, payments)
  const char* defaultText;
  const char* payload = "order";  // what the event carries: order, item or payment
};

// messageKinds lists every event the notifier sends a message for.
const std::vector<MessageKind>& messageKinds();
const MessageKind* messageKindOf(const std::string& event);

// TemplateValues are the objects a template may name: "order", "item", "customer",
// "payment".
using TemplateValues = std::map<std::string, Poco::JSON::Object::Ptr>;

// renderTemplate replaces each {object.field} with that field of values (numbers and text
// as they are, null as ""); "{{" and "}}" write a literal brace.
std::string renderTemplate(const std::string& text, const TemplateValues& values);

// templateProblems names what is wrong with a template for kind: an unclosed brace, or a
// placeholder the event does not carry (e.g. {item.name} in an order message).
std::vector<std::string> templateProblems(const std::string& text, const MessageKind& kind);

}  // namespace duka::sms
