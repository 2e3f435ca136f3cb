#include "duka/facility/form_body.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/String.h>

namespace duka {

Poco::JSON::Object::Ptr formBody(const Request& request) {
  const std::string contentType = request.header("Content-Type").value_or("");
  if (Poco::icompare(Poco::trim(contentType.substr(0, contentType.find(';'))),
                     "application/x-www-form-urlencoded") != 0)
    throw unsupportedMediaType("The body must be application/x-www-form-urlencoded.");
  Poco::Net::HTMLForm form;
  try {
    form.read(request.body());
  } catch (const Poco::Exception&) {
    throw badRequest("The body is not a valid form.");
  }
  Poco::JSON::Object::Ptr fields = new Poco::JSON::Object;
  for (const auto& [name, value] : form)
    fields->set(name, value);
  return fields;
}

}  // namespace duka
