// How a body's values are read through a shape, beyond the rules shape_test covers: numbers
// that are not int64 integers, text measured in code points, NUL characters, null.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "duka/shape.hpp"

namespace duka {
namespace {

struct Values {
  std::int64_t a = 0, b = 0, c = 0, d = 0, e = 0;
  std::string name, emoji, email;
};

const Shape<Values>& valuesShape() {
  static const Shape<Values> shape = Shape<Values>("Values")
                                         .field("a", &Values::a, {.min = 1, .max = 10000})
                                         .field("b", &Values::b, {.min = 1, .max = 10000})
                                         .field("c", &Values::c, {.min = 1, .max = 10000})
                                         .field("d", &Values::d, {.min = 1, .max = 10000})
                                         .field("e", &Values::e, {.min = 1, .max = 10000})
                                         .field("name", &Values::name, {.maxLength = 3})
                                         .field("emoji", &Values::emoji, {.maxLength = 3})
                                         .field("email", &Values::email, {.required = true});
  return shape;
}

// errorsOf reads text and answers the status (0: none) and the errors.
std::pair<int, FieldErrors> errorsOf(const std::string& text) {
  JsonBody body(Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>());
  Values values;
  valuesShape().read(body, values, Input::Patch);
  try {
    body.finish();
  } catch (const HttpError& e) {
    return {e.status(), e.errors()};
  }
  return {0, {}};
}

TEST(JsonBody, FractionalNumbersAreNotIntegers) {
  const auto [status, errors] = errorsOf(R"({"a":5,"c":2.5,"e":1e300})");
  EXPECT_EQ(status, 400);  // a wrong type answers before any broken rule
  EXPECT_EQ(errors.at("c").at(0), "Must be an integer.");
  EXPECT_EQ(errors.at("e").at(0), "Must be an integer.");
  EXPECT_FALSE(errors.count("a"));
}

TEST(JsonBody, HugeIntegersAreOutOfRange) {
  const auto [status, errors] = errorsOf(R"({"a":1000000000000,"b":18446744073709551615,"d":-5})");
  EXPECT_EQ(status, 422);
  EXPECT_EQ(errors.at("a").at(0), "Must be at most 10000.");
  EXPECT_EQ(errors.at("b").at(0), "Must be at most 10000.");
  EXPECT_EQ(errors.at("d").at(0), "Must be at least 1.");
}

TEST(JsonBody, NumbersBeyondDoubleAreMalformedJson) {
  // Poco's parser refuses them, so the host answers 400 before any handler runs.
  EXPECT_ANY_THROW(Poco::JSON::Parser().parse(R"({"price":1e309})"));
  EXPECT_ANY_THROW(Poco::JSON::Parser().parse(R"({"quantity":99999999999999999999})"));
}

TEST(JsonBody, LengthCountsCodePointsNotBytes) {
  EXPECT_EQ(errorsOf(R"({"name":"ñññ"})").first, 0);
  const auto [status, errors] = errorsOf(R"({"emoji":"🙂🙂🙂🙂"})");
  EXPECT_EQ(status, 422);
  EXPECT_EQ(errors.at("emoji").at(0), "Must be at most 3 characters long.");
}

TEST(JsonBody, NulCharactersAreRefused) {
  const auto [status, errors] = errorsOf(R"({"name":"a\u0000b"})");
  EXPECT_EQ(status, 422);
  EXPECT_EQ(errors.at("name").at(0), "Must not contain NUL characters.");
}

TEST(JsonBody, NullCountsAsMissing) {
  JsonBody body(Poco::JSON::Parser().parse(R"({"email":null})").extract<Poco::JSON::Object::Ptr>());
  Values values;
  valuesShape().read(body, values, Input::Create);
  EXPECT_FALSE(body.has("email"));
  EXPECT_THROW(body.finish(), HttpError);
}

}  // namespace
}  // namespace duka
