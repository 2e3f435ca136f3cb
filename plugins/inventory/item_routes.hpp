// ItemRoutes: /api/inventory/ (list, create), /api/inventory/{id}/ (get, PUT, PATCH,
// DELETE) and /api/inventory/{id}/adjust/.
#pragma once

#include <duka/sdk.hpp>

#include "item_repository.hpp"

namespace duka::inventory {

class ItemRoutes {
 public:
  ItemRoutes(Database& db, ItemRepository& items, RecentReads<ListPage>& pages)
      : db_(db), items_(items), pages_(pages) {}

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
  RecentReads<ListPage>& pages_;  // the list route's
};

}  // namespace duka::inventory
