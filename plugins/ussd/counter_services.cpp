#include "counter_services.hpp"

#include <chrono>

namespace duka::ussd {

Principal ussdActor(const std::string& e164) {
  Principal actor;
  actor.subject = "ussd:" + e164;
  actor.username = e164;
  return actor;
}

CounterServices::CounterServices(Database& db, const CounterParts& parts, EventContext context)
    : db_(db), parts_(parts), context_(std::move(context)) {}

std::optional<customers::Customer> CounterServices::customer(const std::string& e164) {
  return parts_.customers->findByPhone(db_, e164);
}

customers::Customer CounterServices::enrol(const std::string& name, const std::string& e164) {
  try {
    return db_.transact(
        context_, [&](Transaction& tx) { return parts_.customers->registerPhone(tx, name, e164); });
  } catch (const std::exception& e) {
    // Two steps of one session raced (Africa's Talking retried): the other registered it.
    if (auto registered = isUniqueViolation(e) ? customer(e164) : std::nullopt)
      return *registered;
    throw;
  }
}

std::vector<inventory::Item> CounterServices::inStock(std::int64_t offset, std::int64_t limit) {
  // Ten minutes: longer than any USSD session lasts (Africa's Talking ends one after about
  // three), so every step of one lists the same items in the same places.
  const auto since = std::chrono::system_clock::now() - std::chrono::minutes(10);
  return parts_.shelf->inStock(db_, offset, limit, rfc3339(since));
}

std::optional<inventory::Item> CounterServices::item(std::int64_t id) {
  return parts_.shelf->one(db_, id);
}

std::optional<orders::Order> CounterServices::placedIn(const std::string& sessionId) {
  std::optional<std::int64_t> id;
  db_.run("SELECT order_id FROM ussd_sessions WHERE session_id = $1", {sessionId},
          [&](const SqlRow& row) { id = row.integer(0); });
  return id ? parts_.book->find(*id) : std::nullopt;
}

orders::Order CounterServices::placeOnce(const std::string& sessionId, std::int64_t customerId,
                                         std::int64_t itemId, std::int64_t quantity) {
  try {
    return db_.transact(context_, [&](Transaction& tx) {
      orders::Order order = parts_.desk->place(tx, customerId, {{itemId, quantity}});
      // The session's key: a repeated final step (Africa's Talking retried, or another
      // instance answered it first) fails here, and its order rolls back with it.
      tx.run("INSERT INTO ussd_sessions (session_id, order_id, created_at) VALUES ($1, $2, $3)",
             {sessionId, order.id, nowRfc3339()});
      return order;
    });
  } catch (const std::exception&) {
    // The session placed its order already: the key refused this one, or the stock its first
    // try took is short now. That order is the answer; else the failure is.
    if (auto placed = placedIn(sessionId))
      return *placed;
    throw;
  }
}

std::vector<orders::Order> CounterServices::latest(std::int64_t customerId, int limit,
                                                   bool payable) {
  return parts_.desk->latest(db_, customerId, limit, payable);
}

orders::Order CounterServices::cancel(std::int64_t orderId, std::int64_t customerId) {
  return db_.transact(
      context_, [&](Transaction& tx) { return parts_.desk->cancel(tx, orderId, customerId); });
}

void CounterServices::pay(const orders::Order& order, const std::string& e164) {
  if (!parts_.pushes)
    throw serviceUnavailable("M-Pesa is not enabled.");
  parts_.pushes->push(order, e164, context_);
}

}  // namespace duka::ussd
