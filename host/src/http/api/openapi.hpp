// buildOpenApi: the OpenAPI 3.1 document of the registered routes, written from the shapes,
// parameters and headers each route declares (docs/design/contracts.md).
#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <string>

#include "http/dispatch/route_table.hpp"

namespace duka::host {

// ApiDescription is what the document says beyond the routes.
struct ApiDescription {
  std::string version;                      // info.version: duka's
  std::string serverUrl;                    // servers[0].url: the client's base URL
  std::string summary;                      // info.description
  std::map<std::string, std::string> tags;  // a tag (plugin name, "host") -> its description
};

Poco::JSON::Object::Ptr buildOpenApi(const RouteTable& routes, const ApiDescription& description);

}  // namespace duka::host
