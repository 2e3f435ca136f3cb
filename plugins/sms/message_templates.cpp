#include "message_templates.hpp"

#include <duka/plugins/customers/customer.hpp>
#include <duka/plugins/inventory/item.hpp>
#include <duka/plugins/orders/order.hpp>
#include <duka/plugins/orders/payment.hpp>
#include <set>

namespace duka::sms {

namespace {

// namesOf lists the fields of a shape that a template can show (not lists or objects).
std::set<std::string> namesOf(const ShapeSchema& shape) {
  std::set<std::string> names;
  for (const auto& field : shape.fields()) {
    if (field.type != ShapeSchema::Type::Objects && field.type != ShapeSchema::Type::TextList &&
        field.type != ShapeSchema::Type::Any)
      names.insert(field.name);
  }
  return names;
}

// fieldsOf lists the placeholders of an object: the fields its publisher declares.
const std::set<std::string>& fieldsOf(const std::string& object) {
  static const std::map<std::string, std::set<std::string>> fields = {
      {"customer", namesOf(customers::customerShape())},
      {"order", namesOf(orders::orderCancelledShape())},
      {"item", namesOf(inventory::itemShape())},
      {"payment", namesOf(orders::paymentShape())}};
  static const std::set<std::string> none;
  auto it = fields.find(object);
  return it == fields.end() ? none : it->second;
}

// Placeholder visits the text: literal runs and {object.field} placeholders, in order.
// It returns an error message for a malformed template, "" when it is well formed.
template <class Literal, class Placeholder>
std::string walk(const std::string& text, Literal&& literal, Placeholder&& placeholder) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      literal(std::string(1, c));
      i += 2;
      continue;
    }
    if (c == '}')
      return "a '}' without its '{' (write '}}' for a brace)";
    if (c != '{') {
      const std::size_t next = text.find_first_of("{}", i);
      literal(text.substr(i, next == std::string::npos ? std::string::npos : next - i));
      i = next == std::string::npos ? text.size() : next;
      continue;
    }
    const std::size_t close = text.find('}', i);
    if (close == std::string::npos)
      return "a '{' without its '}' (write '{{' for a brace)";
    const std::string name = text.substr(i + 1, close - i - 1);
    const std::size_t dot = name.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == name.size())
      return "{" + name + "} is not of the form {object.field}";
    placeholder(name.substr(0, dot), name.substr(dot + 1));
    i = close + 1;
  }
  return "";
}

}  // namespace

const std::vector<MessageKind>& messageKinds() {
  static const std::vector<MessageKind> kinds = {
      {orders::kOrderCreated.name(), "order_created", false,
       "Dear {customer.name}, your order #{order.id} has been placed."},
      {orders::kOrderApproved.name(), "order_approved", false,
       "Dear {customer.name}, your order #{order.id} has been approved."},
      {orders::kOrderFulfilled.name(), "order_fulfilled", false,
       "Dear {customer.name}, your order #{order.id} is on its way."},
      {orders::kOrderCancelled.name(), "order_cancelled", false,
       "Dear {customer.name}, your order #{order.id} has been cancelled."},
      {orders::kPaymentSucceeded.name(), "payment_received", false,
       "Dear {customer.name}, we have received {order.currency} {payment.amount} for order "
       "#{order.id} (M-Pesa {payment.receipt}). Thank you.",
       "payment"},
      {inventory::kItemLowStock.name(), "low_stock", true,
       "Low stock: {item.name} has {item.available} left.", "item"},
      {inventory::kItemOutOfStock.name(), "out_of_stock", true, "Out of stock: {item.name}.",
       "item"},
  };
  return kinds;
}

const MessageKind* messageKindOf(const std::string& event) {
  for (const auto& kind : messageKinds()) {
    if (event == kind.event)
      return &kind;
  }
  return nullptr;
}

std::string renderTemplate(const std::string& text, const TemplateValues& values) {
  std::string out;
  walk(
      text, [&](const std::string& literal) { out += literal; },
      [&](const std::string& object, const std::string& field) {
        auto it = values.find(object);
        if (it == values.end() || !it->second || !it->second->has(field) ||
            it->second->isNull(field))
          return;
        out += it->second->get(field).toString();
      });
  return out;
}

std::vector<std::string> templateProblems(const std::string& text, const MessageKind& kind) {
  std::vector<std::string> problems;
  const std::set<std::string> objects =
      kind.toStaff ? std::set<std::string>{"item"}
                   : std::set<std::string>{kind.payload, "order", "customer"};
  const std::string malformed = walk(
      text, [](const std::string&) {},
      [&](const std::string& object, const std::string& field) {
        if (!objects.count(object) || !fieldsOf(object).count(field))
          problems.push_back("{" + object + "." + field + "} is not a field of this message");
      });
  if (!malformed.empty())
    problems.push_back(malformed);
  return problems;
}

}  // namespace duka::sms
