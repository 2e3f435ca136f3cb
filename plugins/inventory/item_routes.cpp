#include "item_routes.hpp"

#include "stock_ledger.hpp"

namespace duka::inventory {

namespace {

struct ItemFilter {
  std::string status;
  std::string search;
};

const Shape<ItemFilter>& filterShape() {
  static const Shape<ItemFilter> shape =
      Shape<ItemFilter>("ItemFilter")
          .field("status", &ItemFilter::status,
                 {.description = "Only items in this status",
                  .choices = {"in_stock", "low_stock", "out_of_stock"}})
          .field("search", &ItemFilter::search,
                 {.description = "Items whose name or sku contains this, any case"});
  return shape;
}

constexpr const char* kSkuTaken = "Another item has that name or sku";

// refuseTaken answers 409 naming the fields another item holds, when there are any.
void refuseTaken(FieldErrors taken) {
  if (taken.empty())
    return;
  const char* what = taken.size() == 2     ? "that name and sku"
                     : taken.count("name") ? "that name"
                                           : "that sku";
  throw conflict(std::string("Another item has ") + what + " (ignoring case).", std::move(taken));
}

}  // namespace

// takenAfterRace reads again, after a unique index refused a write, which fields were taken
// by a writer that committed meanwhile.
FieldErrors ItemRoutes::takenAfterRace(const Item& item) {
  FieldErrors taken = items_.taken(db_, item);
  if (taken.empty())
    taken = {{"name", {"is taken"}}};  // the other writer's item is gone again
  return taken;
}

void ItemRoutes::addTo(Router& router) {
  router.add({.method = "POST",
              .path = "/api/inventory/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return create(r); },
              .summary = "Add an item",
              .request = &itemShape(),
              .response = &itemShape(),
              .problems = {{409, kSkuTaken}},
              .successStatus = 201,
              .scope = "inventory:write"});
  router.add({.method = "GET",
              .path = "/api/inventory/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return list(r); },
              .summary = "Items (?status=in_stock|low_stock|out_of_stock, ?search=)",
              .response = &itemShape(),
              .list = true,
              .query = &filterShape(),
              .scope = "inventory:read"});
  router.add({.method = "GET",
              .path = "/api/inventory/{id}/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return get(r); },
              .summary = "One item",
              .response = &itemShape(),
              .scope = "inventory:read"});
  router.add({.method = "PUT",
              .path = "/api/inventory/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return replace(r, false); },
              .summary = "Replace an item's fields",
              .request = &itemShape(),
              .response = &itemShape(),
              .problems = {{409, "The name or sku is taken, or on_hand would drop below reserved"}},
              .scope = "inventory:write"});
  router.add({.method = "PATCH",
              .path = "/api/inventory/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return replace(r, true); },
              .summary = "Change some of an item's fields",
              .request = &itemShape(),
              .response = &itemShape(),
              .problems = {{409, "The name or sku is taken, or on_hand would drop below reserved"}},
              .scope = "inventory:write"});
  router.add({.method = "DELETE",
              .path = "/api/inventory/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return remove(r); },
              .summary = "Delete an item (409 while some is reserved)",
              .body = BodyKind::Any,
              .problems = {{409, "Some of the item is reserved"}},
              .successStatus = 204,
              .scope = "inventory:write"});
  router.add({.method = "POST",
              .path = "/api/inventory/{id}/adjust/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return adjust(r); },
              .summary = "Restock (delta > 0) or write off (delta < 0) with a reason",
              .request = &adjustmentShape(),
              .response = &itemShape(),
              .problems = {{409, "on_hand would drop below what is reserved"}},
              .scope = "inventory:write"});
}

Response ItemRoutes::create(Request& request) {
  Item item;
  itemShape().read(request, item, Input::Create);
  try {
    db_.write(EventContext::of(request), [&](Transaction& tx) {
      refuseTaken(items_.taken(tx, item));
      items_.insert(tx, item);
      tx.publish(kItemCreated, item);
    });
  } catch (const std::exception& e) {
    if (dynamic_cast<const HttpError*>(&e) == nullptr && isUniqueViolation(e))
      refuseTaken(takenAfterRace(item));
    throw;
  }
  return itemShape().answer(201, item);
}

Response ItemRoutes::list(Request& request) {
  const Page page = Page::of(request);
  const ItemFilter filter = filterShape().query(request);
  const std::string key = filter.status + '\x1f' + filter.search + '\x1f' +
                          std::to_string(page.limit) + '\x1f' + std::to_string(page.offset);
  const ListPage listed = pages_.read(key, [&] {
    const Listing<Item> listing = items_.list(filter.status, filter.search, page);
    return ListPage{listing.count, itemShape().json(listing.results)};
  });
  return page.answer(request, listed.count, listed.resultsJson);
}

Response ItemRoutes::get(Request& request) {
  const auto item = items_.find(request.idParam("id"));
  if (!item)
    throw notFound("No item with that id.");
  return itemShape().answer(200, *item);
}

Response ItemRoutes::replace(Request& request, bool partial) {
  const std::int64_t id = request.idParam("id");
  Item item;
  try {
    db_.write(EventContext::of(request), [&](Transaction& tx) {
      const auto current = items_.find(tx, id);
      if (!current)
        throw notFound("No item with that id.");
      item = *current;
      itemShape().read(request, item, partial ? Input::Patch : Input::Replace);
      refuseTaken(items_.taken(tx, item));
      if (!items_.update(tx, item))
        throw conflict("on_hand cannot drop below what is reserved (" +
                       std::to_string(current->reserved) + ").");
      tx.publish(kItemUpdated, item);
      StockLedger::publishCrossings(tx, *current, item);
    });
  } catch (const std::exception& e) {
    if (dynamic_cast<const HttpError*>(&e) == nullptr && isUniqueViolation(e))
      refuseTaken(takenAfterRace(item));
    throw;
  }
  return itemShape().answer(200, item);
}

Response ItemRoutes::remove(Request& request) {
  const std::int64_t id = request.idParam("id");
  db_.write(EventContext::of(request), [&](Transaction& tx) {
    const auto item = items_.find(tx, id);
    if (!item)
      throw notFound("No item with that id.");
    if (!items_.remove(tx, id))
      throw conflict("The item has reserved stock (" + std::to_string(item->reserved) +
                     "); cancel or fulfil those orders first.");
    tx.publish(kItemDeleted, *item);
  });
  return Response::noContent();
}

Response ItemRoutes::adjust(Request& request) {
  const std::int64_t id = request.idParam("id");
  JsonBody body(request);
  Adjustment adjustment;
  adjustmentShape().read(body, adjustment, Input::Create);
  if (body.has("delta") && adjustment.delta == 0)
    body.ruleError("delta", "must not be 0");
  body.finish();
  const Item after = db_.transact(EventContext::of(request), [&](Transaction& tx) {
    const auto current = items_.find(tx, id);
    if (!current)
      throw notFound("No item with that id.");
    const auto moved = items_.adjust(tx, id, adjustment.delta);
    if (!moved)
      throw conflict("on_hand cannot drop below what is reserved (" +
                     std::to_string(current->reserved) + ").");
    tx.publish(kItemAdjusted, {*moved, adjustment});
    StockLedger::publishCrossings(tx, *current, *moved);
    return *moved;
  });
  return itemShape().answer(200, after);
}

}  // namespace duka::inventory
