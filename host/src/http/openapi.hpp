// buildOpenApi: the OpenAPI 3 document of the registered routes.
#pragma once

#include <Poco/JSON/Object.h>

#include "http/route_table.hpp"

namespace duka::host {

Poco::JSON::Object::Ptr buildOpenApi(const RouteTable& routes, const std::string& version);

}  // namespace duka::host
