// parseJsonBody: a request body read as JSON the way every route reads it: integers past
// int64 refused first (json_integers.hpp), then Poco's parser. A body that is not JSON is a
// 400; one that is JSON but no object answers null (the route's shape then says what is
// missing).
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace duka::host {

Poco::JSON::Object::Ptr parseJsonBody(const std::string& body);

}  // namespace duka::host
