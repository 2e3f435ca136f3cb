#include "duka/http.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "host_api.hpp"
#include "http/dispatch/host_request.hpp"

namespace duka {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

TEST(Problem, RendersRfc9457WithRequestIdAndFieldErrors) {
  const Response response =
      problemResponse(unprocessable("Bad fields.", {{"phone_number", {"Too short."}}}), "rid-7");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.contentType, "application/problem+json; charset=utf-8");
  auto body = parse(response.body);
  EXPECT_EQ(body->getValue<std::string>("type"), "/problems/validation");
  EXPECT_EQ(body->getValue<int>("status"), 422);
  EXPECT_EQ(body->getValue<std::string>("detail"), "Bad fields.");
  EXPECT_EQ(body->getValue<std::string>("request_id"), "rid-7");
  EXPECT_EQ(body->getObject("errors")->getArray("phone_number")->getElement<std::string>(0),
            "Too short.");
}

TEST(Problem, EachFactoryHasItsStatusAndHeaders) {
  EXPECT_EQ(badRequest("x").status(), 400);
  EXPECT_EQ(unauthorized().status(), 401);
  EXPECT_EQ(unauthorized().headers().at(0),
            (std::pair<std::string, std::string>{"WWW-Authenticate", "Bearer"}));
  EXPECT_EQ(forbidden().status(), 403);
  EXPECT_EQ(notFound().status(), 404);
  const HttpError wrongMethod = methodNotAllowed({"GET", "POST"});
  EXPECT_EQ(wrongMethod.status(), 405);
  EXPECT_EQ(wrongMethod.headers().at(0).second, "GET, POST");
  EXPECT_EQ(conflict("x").status(), 409);
  EXPECT_EQ(payloadTooLarge(10).status(), 413);
  EXPECT_EQ(unsupportedMediaType().status(), 415);
  EXPECT_EQ(unprocessable("x").status(), 422);
  EXPECT_EQ(serviceUnavailable("x").status(), 503);
}

TEST(Json, KeepsUnicodeAndEscapesControlCharacters) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
  object->set("name", std::string("Nyambura ✓ \"q\" \n"));
  const std::string text = toJson(object);
  EXPECT_NE(text.find("Nyambura ✓"), std::string::npos);
  EXPECT_NE(text.find("\\\"q\\\""), std::string::npos);
  EXPECT_NE(text.find("\\n"), std::string::npos);
  EXPECT_EQ(parse(text)->getValue<std::string>("name"), "Nyambura ✓ \"q\" \n");
}

TEST(Request, IdParamAcceptsPositiveIntegersOnly) {
  auto make = [](const std::string& id) {
    return std::make_unique<HostRequest>(
        RequestParts{.method = "GET", .path = "/x/" + id, .pathParams = {{"id", id}}});
  };
  EXPECT_EQ(make("42")->idParam("id"), 42);
  EXPECT_EQ(make("999999999999999999")->idParam("id"), 999999999999999999LL);
  for (const char* bad : {"0", "-1", "abc", "1.5", "01", "1e3", "9999999999999999999", ""}) {
    try {
      make(bad)->idParam("id");
      FAIL() << bad;
    } catch (const HttpError& e) {
      EXPECT_EQ(e.status(), 404) << bad;
    }
  }
}

TEST(Request, HeadersAreCaseInsensitiveAndQueryIsReadable) {
  HostRequest request({.method = "GET",
                       .path = "/",
                       .query = {{"search", "tomato"}},
                       .headers = {{"Idempotency-Key", "k1"}}});
  EXPECT_EQ(request.header("idempotency-key").value_or(""), "k1");
  EXPECT_FALSE(request.header("Authorization"));
  EXPECT_EQ(request.query("search").value_or(""), "tomato");
  EXPECT_FALSE(request.query("limit"));
  EXPECT_THROW(request.json(), HttpError);
  EXPECT_THROW(request.caller(), HttpError);
  EXPECT_THROW(request.pathParam("id"), std::logic_error);
}

}  // namespace
}  // namespace duka
