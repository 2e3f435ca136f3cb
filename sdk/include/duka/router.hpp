// duka/router.hpp: how a plugin registers its HTTP routes.
#pragma once

#include <functional>

#include "duka/http.hpp"

namespace duka {

class ShapeSchema;

// Access is who may call a route; the host checks it before the handler runs (401, 403).
enum class Access { Public, Authenticated, Staff };

// BodyKind: Json is checked (415, 400) and parsed by the host; Form and Any arrive as text.
enum class BodyKind { Json, Form, Any };

using Handler = std::function<Response(Request&)>;

// RouteSpec is one route. Paths use {name} segments and end with "/" (served without it
// too). The shapes and lists document it in /api/openapi.json; the host adds the rest:
// 401/403 by access, 404 for an {id}, 400/413/415/422 for a JSON body.
struct RouteSpec {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string path;    // e.g. "/api/orders/{id}/approve/"
  Access access = Access::Authenticated;
  Handler handler;
  std::string summary{};
  BodyKind body = BodyKind::Json;
  const ShapeSchema* request = nullptr;   // the body (PATCH: every field optional)
  const ShapeSchema* response = nullptr;  // the answer, or each result of a list
  bool list = false;                      // a page of response (?limit, ?offset)
  const ShapeSchema* query = nullptr;     // the query parameters
  std::vector<std::pair<std::string, std::string>> headers{};  // request headers read
  std::vector<std::pair<int, std::string>> problems{};         // the route's own 4xx
  int successStatus = 200;
  std::string responseType{};  // the answer's media type, when not JSON
  bool secretPath = false;     // a path parameter is a secret: logs show the route's template
  // idempotent: the host honours Idempotency-Key (SPEC 6) on this authenticated route: the
  // handler holds no idempotency code.
  bool idempotent = false;
  // scope: what an API key must hold to call this route (SPEC 11), such as "orders:write";
  // shown in /api/openapi.json. None: for people only (and every public route).
  std::string scope{};
};

// Router takes a plugin's routes during start; a method and path taken already throws.
class Router {
 public:
  virtual ~Router();
  virtual void add(RouteSpec route) = 0;
};

}  // namespace duka
