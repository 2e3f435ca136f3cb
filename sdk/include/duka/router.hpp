// duka/router.hpp: how a plugin registers its HTTP routes.
#pragma once

#include <functional>
#include <string>

#include "duka/http.hpp"

namespace duka {

// Access is who may call a route. The host enforces it before the handler runs.
enum class Access { Public, Authenticated, Staff };

// BodyKind is what a route accepts as a request body. Json bodies are checked (415, 400)
// and parsed by the host; Form and Any bodies reach the handler as raw text.
enum class BodyKind { Json, Form, Any };

using Handler = std::function<Response(Request&)>;

// RouteSpec describes one route. Paths use {name} for a parameter segment and end with
// "/"; the same path without the trailing slash is served too.
struct RouteSpec {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string path;    // e.g. "/api/orders/{id}/approve/"
  Access access = Access::Authenticated;
  Handler handler;
  std::string summary{};  // one line, shown in the OpenAPI document
  BodyKind body = BodyKind::Json;
  // requestSchema and responseSchema are JSON Schema documents (as JSON text) for the
  // OpenAPI document; empty means unspecified.
  std::string requestSchema{};
  std::string responseSchema{};
  int successStatus = 200;
};

// Router is where a plugin adds its routes during start. Adding a method and path that
// another plugin already registered throws, and the host refuses to start.
class Router {
 public:
  virtual ~Router();
  virtual void add(RouteSpec route) = 0;
};

}  // namespace duka
