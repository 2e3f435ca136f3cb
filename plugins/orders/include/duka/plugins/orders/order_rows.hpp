// duka/plugins/orders/order_rows.hpp: the orders plugin's tables, published for other
// plugins to read (reports, a console). These declarations are the stable contract within
// orders 1.x: a column here keeps its name and meaning. Read them, never write them (orders'
// rules and events go with every write). List "orders" in requires: its tables then exist
// before your migrations and start. Columns not declared here may change.
//
//   struct StatusCount { std::string status; std::int64_t count = 0; };
//   const Rows<StatusCount> kCounts = Rows<StatusCount>(orders::kOrderRows.table())
//       .column("status", &StatusCount::status).column("COUNT(*)", &StatusCount::count);
//   kCounts.all(db, "GROUP BY status ORDER BY status");
#pragma once

#include <duka/rows.hpp>

#include "duka/plugins/orders/order.hpp"

namespace duka::orders {

// kOrderRows reads an order without its lines; money in minor units, times RFC 3339.
inline const Rows<Order> kOrderRows = Rows<Order>("orders_orders")
                                          .column("id", &Order::id)
                                          .column("customer_id", &Order::customerId)
                                          .column("status", &Order::status)
                                          .column("total_minor", &Order::totalMinor)
                                          .column("currency", &Order::currency)
                                          .column("note", &Order::note)
                                          .column("created_at", &Order::createdAt)
                                          .column("updated_at", &Order::updatedAt)
                                          .column("paid_total_minor", &Order::paidTotalMinor)
                                          .column("payment_status", &Order::paymentStatus);

// Aggregates over orders_orders may read `units` too: the sum of the order's line
// quantities, written with the order (an index on created_at serves reports by period).

// kOrderLineRows reads an order's lines: WHERE order_id = $1 ORDER BY position.
inline const Rows<OrderLine> kOrderLineRows =
    Rows<OrderLine>("orders_lines")
        .column("inventory_id", &OrderLine::inventoryId)
        .column("name", &OrderLine::name)
        .column("quantity", &OrderLine::quantity)
        .column("unit_price_minor", &OrderLine::unitPriceMinor);

}  // namespace duka::orders
