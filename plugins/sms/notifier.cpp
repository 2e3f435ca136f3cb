#include "notifier.hpp"

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
      outbox_.enqueue(tx, event.name, number, body);
    return;
  }
  if (!event.payload->has("customer_id") || event.payload->isNull("customer_id"))
    return;
  const auto customerId = event.payload->getValue<std::int64_t>("customer_id");
  const auto customer = customers_->find(tx, customerId);
  if (!customer || customer->phoneNumber.empty()) {
    log_.warning("%s of order %s: customer %?d has no phone number; no SMS", event.name,
                 event.payload->has("id") ? event.payload->get("id").toString() : std::string("?"),
                 customerId);
    return;
  }
  outbox_.enqueue(
      tx, event.name, customer->phoneNumber,
      renderTemplate(text, {{"order", event.payload},
                            {"customer", customers::customerShape().object(*customer)}}));
}

}  // namespace duka::sms
