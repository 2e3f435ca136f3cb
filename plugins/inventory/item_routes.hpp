// ItemRoutes: /api/inventory/ (list, create), /api/inventory/{id}/ (get, PUT, PATCH,
// DELETE) and /api/inventory/{id}/adjust/.
#pragma once

#include <duka/sdk.hpp>

#include "item_repository.hpp"
#include "list_cache.hpp"

namespace duka::inventory {

class ItemRoutes {
 public:
  ItemRoutes(Database& db, ItemRepository& items, ListCache& cache)
      : db_(db), items_(items), cache_(cache) {}

  void addTo(Router& router);

 private:
  Response create(Request& request);
  Response list(Request& request);
  Response get(Request& request);
  Response replace(Request& request, bool partial);
  Response remove(Request& request);
  Response adjust(Request& request);
  FieldErrors takenAfterRace(const Item& item);

  Database& db_;
  ItemRepository& items_;
  ListCache& cache_;
};

}  // namespace duka::inventory
