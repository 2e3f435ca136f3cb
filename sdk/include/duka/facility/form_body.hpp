// duka/facility/form_body.hpp (SDK 1.2): an application/x-www-form-urlencoded body (a route
// with BodyKind::Form: a gateway's callback) as the JSON object a JsonBody and a Shape read,
// so a form's fields are validated as a JSON body's are:
//     JsonBody body(formBody(request));
//     deliveryReportShape().read(body, report, Input::Create);
//     body.finish();
#pragma once

#include <Poco/JSON/Object.h>

#include "duka/http.hpp"

namespace duka {

// formBody is the request's form fields, each a string; 415 when the body is not a form,
// 400 when it does not parse.
Poco::JSON::Object::Ptr formBody(const Request& request);

}  // namespace duka
