// MemoryCounter: a shop held in memory behind UssdMenu's ShopCounter, for the menu's unit
// tests and its fuzzer: customers by phone, items (sold-out ones listed while recently
// sold out), one order per session, cancel and pay.
#pragma once

#include <algorithm>
#include <duka/http.hpp>
#include <map>
#include <set>

#include "ussd_menu.hpp"

namespace duka::ussd {

class MemoryCounter : public ShopCounter {
 public:
  std::optional<customers::Customer> customer(const std::string& e164) override {
    for (const auto& [id, c] : customers_) {
      if (c.phoneNumber == e164)
        return c;
    }
    return std::nullopt;
  }
  customers::Customer enrol(const std::string& name, const std::string& e164) override {
    if (auto existing = customer(e164))
      return *existing;
    customers::Customer c;
    c.id = static_cast<std::int64_t>(customers_.size()) + 1;
    c.name = name;
    c.phoneNumber = e164;
    return customers_[c.id] = c;
  }
  std::vector<inventory::Item> inStock(std::int64_t offset, std::int64_t limit) override {
    std::vector<inventory::Item> sorted;
    for (const auto& [id, item] : items_) {
      if (item.available() > 0 || recentlySoldOut_.count(id))
        sorted.push_back(item);
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    std::vector<inventory::Item> page;
    for (std::int64_t i = offset;
         i < static_cast<std::int64_t>(sorted.size()) && i < offset + limit; ++i)
      page.push_back(sorted[static_cast<std::size_t>(i)]);
    return page;
  }
  std::optional<inventory::Item> item(std::int64_t id) override {
    const auto found = items_.find(id);
    return found == items_.end() ? std::nullopt : std::optional(found->second);
  }
  orders::Order placeOnce(const std::string& sessionId, std::int64_t customerId,
                          std::int64_t itemId, std::int64_t quantity) override {
    if (const auto placed = sessions_.find(sessionId); placed != sessions_.end())
      return orders_.at(placed->second);
    auto& stock = items_.at(itemId);
    if (stock.available() < quantity)
      throw conflict("not enough stock");
    stock.reserved += quantity;
    orders::Order order;
    order.id = static_cast<std::int64_t>(orders_.size()) + 100;
    order.customerId = customerId;
    order.status = orders::kPending;
    order.paymentStatus = "unpaid";
    order.currency = "KES";
    order.totalMinor = stock.priceMinor * quantity;
    order.lines.push_back({itemId, stock.name, quantity, stock.priceMinor});
    orders_[order.id] = order;
    sessions_[sessionId] = order.id;
    return order;
  }
  std::optional<orders::Order> placedIn(const std::string& sessionId) override {
    const auto placed = sessions_.find(sessionId);
    return placed == sessions_.end() ? std::nullopt : std::optional(orders_.at(placed->second));
  }
  std::vector<orders::Order> latest(std::int64_t customerId, int limit, bool payable) override {
    std::vector<orders::Order> found;
    for (auto it = orders_.rbegin(); it != orders_.rend(); ++it) {
      const auto& o = it->second;
      if (o.customerId != customerId || static_cast<int>(found.size()) >= limit)
        continue;
      if (payable && (o.status == orders::kCancelled || o.paymentStatus == "paid"))
        continue;
      found.push_back(o);
    }
    return found;
  }
  orders::Order cancel(std::int64_t orderId, std::int64_t customerId) override {
    auto& order = orders_.at(orderId);
    if (order.customerId != customerId || order.status != orders::kPending)
      throw conflict("not pending");
    order.status = orders::kCancelled;
    return order;
  }
  bool canPay() const override { return payments_; }
  void pay(const orders::Order& order, const std::string& e164) override {
    pushes_.emplace_back(order.id, e164);
  }
  const std::string& currency() const override { return currency_; }

  void addItem(std::int64_t id, const std::string& name, std::int64_t priceMinor,
               std::int64_t onHand) {
    inventory::Item item;
    item.id = id;
    item.name = name;
    item.priceMinor = priceMinor;
    item.onHand = onHand;
    items_[id] = item;
  }

  std::map<std::int64_t, customers::Customer> customers_;
  std::map<std::int64_t, inventory::Item> items_;
  std::map<std::int64_t, orders::Order> orders_;
  std::map<std::string, std::int64_t> sessions_;
  std::set<std::int64_t> recentlySoldOut_;  // sold out in the last minutes: still listed
  std::vector<std::pair<std::int64_t, std::string>> pushes_;
  bool payments_ = true;
  std::string currency_ = "KES";
};

}  // namespace duka::ussd
