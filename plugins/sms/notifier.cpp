#include "notifier.hpp"

#include <duka/plugins/orders/payment.hpp>

namespace duka::sms {

void Notifier::subscribe(EventBus& events) {
  for (const auto& kind : messageKinds()) {
    events.subscribe(kind.event, [this, &kind](const Event& event, Transaction& tx) {
      onEvent(kind, event, tx);
    });
  }
}

void Notifier::onEvent(const MessageKind& kind, const Event& event, Transaction& tx) {
  const std::string& text = settings_.templates.at(kind.templateName);
  if (text.empty() || !event.payload)
    return;  // this message is switched off (an empty template)
  if (kind.toStaff) {
    const std::string body = renderTemplate(text, {{"item", event.payload}});
    for (const auto& number : settings_.staffNumbers)
      enqueue(tx, event.name, number, body);
    return;
  }
  // A payment's message goes to its order's customer, with the order beside it.
  Poco::JSON::Object::Ptr order = event.payload;
  if (std::string(kind.payload) == "payment") {
    const auto paid =
        orders_->find(tx, orders::paymentShape().view(event.payload).orderId.value_or(0));
    if (!paid)
      return;
    order = orders::orderShape().object(*paid);
  }
  if (!order->has("customer_id") || order->isNull("customer_id"))
    return;
  const auto customerId = order->getValue<std::int64_t>("customer_id");
  const auto customer = customers_->find(tx, customerId);
  if (!customer || customer->phoneNumber.empty()) {
    log_.warning("%s of order %s: customer %?d has no phone number; no SMS", event.name,
                 order->has("id") ? order->get("id").toString() : std::string("?"), customerId);
    return;
  }
  if (customer->smsOptOut)
    return;  // STOP by SMS: nothing until START
  TemplateValues values{{"order", order},
                        {"customer", customers::customerShape().object(*customer)}};
  if (order != event.payload)
    values.emplace(kind.payload, event.payload);
  enqueue(tx, event.name, customer->phoneNumber, renderTemplate(text, values));
}

void Notifier::enqueue(Transaction& tx, const std::string& event, const std::string& recipient,
                       const std::string& body) {
  rows_.enqueue(tx, event, recipient, body);
  outbox_.queued(tx);
}

}  // namespace duka::sms
