// duka/router.hpp: how a plugin registers its HTTP routes.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "duka/http.hpp"

namespace duka {

class ShapeSchema;

// Access is who may call a route. The host enforces it before the handler runs.
enum class Access { Public, Authenticated, Staff };

// BodyKind is what a route accepts as a request body. Json bodies are checked (415, 400)
// and parsed by the host; Form and Any bodies reach the handler as raw text.
enum class BodyKind { Json, Form, Any };

using Handler = std::function<Response(Request&)>;

// RouteSpec describes one route. Paths use {name} for a parameter segment and end with
// "/"; the same path without the trailing slash is served too. The shapes document the
// route in the OpenAPI document (duka/shape.hpp); the host derives the rest: 401 and 403
// from the access level, 404 from an {id}, 400/413/415/422 from a JSON body.
struct RouteSpec {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string path;    // e.g. "/api/orders/{id}/approve/"
  Access access = Access::Authenticated;
  Handler handler;
  std::string summary{};  // one line, shown in the OpenAPI document
  BodyKind body = BodyKind::Json;
  const ShapeSchema* request = nullptr;   // the body (PATCH: every field optional)
  const ShapeSchema* response = nullptr;  // the answer, or each result of a list
  bool list = false;                      // the answer is a page of response (?limit, ?offset)
  const ShapeSchema* query = nullptr;     // the query parameters
  std::vector<std::pair<std::string, std::string>> headers{};  // request headers read
  std::vector<std::pair<int, std::string>> problems{};         // the route's own 4xx answers
  int successStatus = 200;
  std::string responseType{};  // the answer's media type when it is not JSON
};

// Router is where a plugin adds its routes during start. Adding a method and path that
// another plugin already registered throws, and the host refuses to start.
class Router {
 public:
  virtual ~Router();
  virtual void add(RouteSpec route) = 0;
};

}  // namespace duka
