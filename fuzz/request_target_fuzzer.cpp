// Request targets: the path and query string as the host reads them (Poco::URI, the UTF-8
// check, the route table's match with {id} segments), then the query parameters read by
// a page and by a route's query shape.
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cstdint>
#include <duka/facility/pagination.hpp>
#include <duka/facility/utf8.hpp>
#include <duka/plugins/orders/payment.hpp>

#include "fuzz_request.hpp"
#include "http/dispatch/route_table.hpp"

using namespace duka;

namespace {

struct Filter {
  std::optional<std::int64_t> orderId;
  std::string status;
  bool unmatched = false;
};

const Shape<Filter>& filterShape() {
  static const Shape<Filter> shape =
      Shape<Filter>("Filter")
          .field("order_id", &Filter::orderId, {.min = 1})
          .field("status", &Filter::status, {.choices = {"requested", "succeeded", "failed"}})
          .field("unmatched", &Filter::unmatched);
  return shape;
}

host::RouteTable& routes() {
  static host::RouteTable table = [] {
    host::RouteTable made;
    for (const char* path : {"/api/orders/", "/api/orders/{id}/", "/api/orders/{id}/approve/",
                             "/api/payments/c2b/{token}/confirmation/", "/console/assets/{file}"})
      made.add({.method = "GET", .path = path, .handler = [](Request&) { return Response{}; }},
               "fuzz", nullptr);
    return made;
  }();
  return table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string target(reinterpret_cast<const char*>(data), size);
  fuzz::FuzzRequest request;
  Poco::URI uri;
  try {
    uri = Poco::URI(target);
    for (auto& [key, value] : uri.getQueryParameters())
      request.query.emplace_back(std::move(key), std::move(value));
  } catch (const Poco::Exception&) {
    return 0;
  }
  if (!isUtf8(uri.getPath()))
    return 0;
  routes().match("GET", uri.getPath());
  try {
    Page::of(request);
  } catch (const HttpError&) {
  }
  try {
    filterShape().query(request);
  } catch (const HttpError&) {
  }
  return 0;
}
