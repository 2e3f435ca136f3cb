// registerApiDocs: GET /api/docs/, the API reference page, rendered in the browser from
// /api/openapi.json by Redoc's standalone bundle, which duka serves itself from
// <dir>/redoc.standalone.js: the page fetches nothing from anywhere else.
#pragma once

#include <string>

#include "http/dispatch/route_table.hpp"

namespace duka::host {

void registerApiDocs(RouteTable& routes, const std::string& dir);

}  // namespace duka::host
