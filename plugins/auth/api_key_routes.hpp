// ApiKeyRoutes: POST, GET /api/keys/ and GET, DELETE /api/keys/{id}/ (SPEC 11): staff make,
// list, show and revoke the keys other systems call duka with. The routes declare no scope,
// so keys never manage keys.
#pragma once

#include <duka/sdk.hpp>

#include "api_key_store.hpp"
#include "api_keys.hpp"

namespace duka::auth {

class ApiKeyRoutes {
 public:
  ApiKeyRoutes(Database& db, ApiKeyStore& store, ApiKeys& keys)
      : db_(db), store_(store), keys_(keys) {}

  void addTo(Router& router);

 private:
  Response create(Request& request);
  Response list(Request& request);
  Response show(Request& request);
  Response revoke(Request& request);

  Database& db_;
  ApiKeyStore& store_;
  ApiKeys& keys_;
};

}  // namespace duka::auth
