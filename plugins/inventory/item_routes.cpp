#include "item_routes.hpp"

#include "stock_ledger.hpp"

namespace duka::inventory {

namespace {

constexpr std::int64_t kMaxCount = 1'000'000'000;

constexpr const char* kItemSchema =
    R"({"type":"object","properties":{"id":{"type":"integer"},"sku":{"type":["string","null"]},)"
    R"("name":{"type":"string"},"price":{"type":"string","pattern":"^[0-9]+\\.[0-9]{2}$"},)"
    R"("on_hand":{"type":"integer"},"reserved":{"type":"integer"},"available":{"type":"integer"},)"
    R"("warn_limit":{"type":"integer"},"status":{"type":"string","enum":["in_stock","low_stock",)"
    R"("out_of_stock"]},"created_at":{"type":"string"},"updated_at":{"type":"string"}}})";
constexpr const char* kItemInput =
    R"({"type":"object","required":["name","price","on_hand"],"properties":)"
    R"({"name":{"type":"string"},"sku":{"type":["string","null"]},"price":{"type":"string"},)"
    R"("on_hand":{"type":"integer","minimum":0},"warn_limit":{"type":"integer","minimum":0}}})";
constexpr const char* kAdjustInput =
    R"({"type":"object","required":["delta","reason"],"properties":)"
    R"({"delta":{"type":"integer"},"reason":{"type":"string"}}})";

}  // namespace

void ItemRoutes::addTo(Router& router) {
  router.add({.method = "POST",
              .path = "/api/inventory/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return create(r); },
              .summary = "Add an item",
              .requestSchema = kItemInput,
              .responseSchema = kItemSchema,
              .successStatus = 201});
  router.add({.method = "GET",
              .path = "/api/inventory/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return list(r); },
              .summary = "Items (?status=in_stock|low_stock|out_of_stock, ?search=)",
              .responseSchema = listSchema(kItemSchema)});
  router.add({.method = "GET",
              .path = "/api/inventory/{id}/",
              .access = Access::Authenticated,
              .handler = [this](Request& r) { return get(r); },
              .summary = "One item",
              .responseSchema = kItemSchema});
  router.add({.method = "PUT",
              .path = "/api/inventory/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return replace(r, false); },
              .summary = "Replace an item's fields",
              .requestSchema = kItemInput,
              .responseSchema = kItemSchema});
  router.add({.method = "PATCH",
              .path = "/api/inventory/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return replace(r, true); },
              .summary = "Change some of an item's fields",
              .requestSchema = kItemInput,
              .responseSchema = kItemSchema});
  router.add({.method = "DELETE",
              .path = "/api/inventory/{id}/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return remove(r); },
              .summary = "Delete an item (409 while some is reserved)",
              .successStatus = 204});
  router.add({.method = "POST",
              .path = "/api/inventory/{id}/adjust/",
              .access = Access::Staff,
              .handler = [this](Request& r) { return adjust(r); },
              .summary = "Restock (delta > 0) or write off (delta < 0) with a reason",
              .requestSchema = kAdjustInput,
              .responseSchema = kItemSchema});
}

void ItemRoutes::readFields(Request& request, Item& item, bool partial) {
  JsonBody body(request);
  const auto name = body.string("name", !partial, 1, 200);
  const bool skuGiven = body.has("sku");
  const auto sku = body.string("sku", false, 0, 64);
  const auto price = body.string("price", !partial, 1, 32);
  const auto onHand = body.integer("on_hand", !partial, 0, kMaxCount);
  const auto warnLimit = body.integer("warn_limit", false, 0, kMaxCount);
  std::optional<std::int64_t> priceMinor;
  if (price) {
    priceMinor = parseMoney(*price);
    if (!priceMinor)
      body.ruleError("price", "must be a decimal string with at most two places, e.g. \"12.50\"");
  }
  body.finish();
  if (name)
    item.name = *name;
  if (skuGiven)
    item.sku = sku.value_or("");
  if (priceMinor)
    item.priceMinor = *priceMinor;
  if (onHand)
    item.onHand = *onHand;
  if (warnLimit)
    item.warnLimit = *warnLimit;
  else if (!partial)
    item.warnLimit = 5;
}

Response ItemRoutes::create(Request& request) {
  Item item;
  readFields(request, item, false);
  try {
    db_.write(EventContext::of(request), [&](Transaction& tx) {
      if (items_.skuTaken(tx, item.sku, 0))
        throw conflict("Another item has that sku.", {{"sku", {"is taken"}}});
      items_.insert(tx, item);
      tx.publish("inventory.created", item.toJson());
    });
  } catch (const std::exception& e) {
    if (dynamic_cast<const HttpError*>(&e) == nullptr && isUniqueViolation(e))
      throw conflict("Another item has that sku.", {{"sku", {"is taken"}}});
    throw;
  }
  return Response::json(201, item.toJson());
}

Response ItemRoutes::list(Request& request) {
  const Page page = Page::of(request);
  const std::string status = request.query("status").value_or("");
  if (!status.empty() && status != "in_stock" && status != "low_stock" && status != "out_of_stock")
    throw badRequest("Unknown status filter.",
                     {{"status", {"must be in_stock, low_stock or out_of_stock"}}});
  const std::string search = request.query("search").value_or("");
  const std::string key = status + '\x1f' + search + '\x1f' + std::to_string(page.limit) + '\x1f' +
                          std::to_string(page.offset);
  auto cached = cache_.find(key);
  if (!cached) {
    const std::uint64_t generation = cache_.generation();
    std::int64_t count = 0;
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    for (const auto& item : items_.list(status, search, page.limit, page.offset, count))
      results->add(item.toJson());
    cached = ListCache::Page{count, toJson(results)};
    cache_.store(key, generation, *cached);
  }
  // The envelope's links depend on how the client addressed us, so only the results are
  // cached; the object is assembled around the cached array text (keys in sorted order,
  // as Poco writes them).
  const auto envelope = page.envelope(request, cached->count, new Poco::JSON::Array);
  Response response;
  response.body = "{\"count\":" + std::to_string(cached->count) +
                  ",\"next\":" + toJson(envelope->get("next")) +
                  ",\"previous\":" + toJson(envelope->get("previous")) +
                  ",\"results\":" + cached->resultsJson + "}";
  return response;
}

Response ItemRoutes::get(Request& request) {
  const auto item = items_.find(request.idParam("id"));
  if (!item)
    throw notFound("No item with that id.");
  return Response::json(200, item->toJson());
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
      readFields(request, item, partial);
      if (items_.skuTaken(tx, item.sku, id))
        throw conflict("Another item has that sku.", {{"sku", {"is taken"}}});
      if (!items_.update(tx, item))
        throw conflict("on_hand cannot drop below what is reserved (" +
                       std::to_string(current->reserved) + ").");
      tx.publish("inventory.updated", item.toJson());
      StockLedger::publishCrossings(tx, *current, item);
    });
  } catch (const std::exception& e) {
    if (dynamic_cast<const HttpError*>(&e) == nullptr && isUniqueViolation(e))
      throw conflict("Another item has that sku.", {{"sku", {"is taken"}}});
    throw;
  }
  return Response::json(200, item.toJson());
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
    tx.publish("inventory.deleted", item->toJson());
  });
  return Response::noContent();
}

Response ItemRoutes::adjust(Request& request) {
  const std::int64_t id = request.idParam("id");
  JsonBody body(request);
  const auto delta = body.integer("delta", true, -kMaxCount, kMaxCount);
  const auto reason = body.string("reason", true, 1, 255);
  if (delta && *delta == 0)
    body.ruleError("delta", "must not be 0");
  body.finish();
  const Item after = db_.transact(EventContext::of(request), [&](Transaction& tx) {
    const auto current = items_.find(tx, id);
    if (!current)
      throw notFound("No item with that id.");
    const auto moved = items_.adjust(tx, id, *delta);
    if (!moved)
      throw conflict("on_hand cannot drop below what is reserved (" +
                     std::to_string(current->reserved) + ").");
    Poco::JSON::Object::Ptr payload = moved->toJson();
    payload->set("delta", *delta);
    payload->set("reason", *reason);
    tx.publish("inventory.adjusted", payload);
    StockLedger::publishCrossings(tx, *current, *moved);
    return *moved;
  });
  return Response::json(200, after.toJson());
}

}  // namespace duka::inventory
