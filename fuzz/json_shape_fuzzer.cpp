// JSON bodies into shapes: the body parsed as the host parses it (integers past int64
// refused first, then Poco's parser), then read by entity shapes in each input mode, as a
// route reads it. What is wrong must be a 400 or 422 (HttpError), never a crash.
#include <cstdint>
#include <duka/plugins/customers/customer.hpp>
#include <duka/plugins/inventory/item.hpp>
#include <duka/plugins/orders/order.hpp>

#include "http/dispatch/json_request_body.hpp"

using namespace duka;

namespace {

template <class T>
void readAs(const Shape<T>& shape, const Poco::JSON::Object::Ptr& object) {
  for (const Input mode : {Input::Create, Input::Replace, Input::Patch}) {
    try {
      JsonBody body(object);
      T value{};
      shape.read(body, value, mode);
      body.finish();
      shape.json(value);  // what was read writes back
    } catch (const HttpError&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Poco::JSON::Object::Ptr object;
  try {
    object = duka::host::parseJsonBody(text);  // the host's own reading of a body
  } catch (const duka::HttpError&) {
    return 0;
  }
  if (!object)
    return 0;
  readAs(customers::customerShape(), object);
  readAs(inventory::itemShape(), object);
  readAs(orders::orderShape(), object);
  readAs(inventory::adjustmentShape(), object);
  return 0;
}
