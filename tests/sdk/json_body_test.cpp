#include "duka/json_body.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

namespace duka {
namespace {

JsonBody body(const std::string& text) {
  return JsonBody(Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>());
}

int statusOf(const JsonBody& b) {
  try {
    b.finish();
  } catch (const HttpError& e) {
    return e.status();
  }
  return 0;
}

TEST(JsonBody, ReadsValidFields) {
  auto b = body(R"({"name":"Amina","qty":3,"ok":true,"items":[1,2]})");
  EXPECT_EQ(b.string("name", true).value(), "Amina");
  EXPECT_EQ(b.integer("qty", true, 1, 10).value(), 3);
  EXPECT_EQ(b.boolean("ok", true).value(), true);
  EXPECT_EQ(b.array("items", true, 1, 5)->size(), 2u);
  EXPECT_FALSE(b.string("email", false));
  EXPECT_EQ(statusOf(b), 0);
}

TEST(JsonBody, WrongTypesAre400AndNameTheField) {
  auto b = body(R"({"name":5,"qty":"3","ok":"yes","items":{}})");
  b.string("name", true);
  b.integer("qty", true, 1, 10);
  b.boolean("ok", true);
  b.array("items", true, 0, 5);
  try {
    b.finish();
    FAIL();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.errors().size(), 4u);
    EXPECT_EQ(e.errors().at("qty").at(0), "Must be an integer.");
  }
}

TEST(JsonBody, BrokenRulesAre422) {
  auto b = body(R"({"name":"","qty":10001,"items":[]})");
  b.string("name", true);
  b.integer("qty", true, 1, 10000);
  b.array("items", true, 1, 100);
  b.string("code", true);
  try {
    b.finish();
    FAIL();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(e.errors().at("name").at(0), "Must not be empty.");
    EXPECT_EQ(e.errors().at("qty").at(0), "Must be at most 10000.");
    EXPECT_EQ(e.errors().at("code").at(0), "This field is required.");
    EXPECT_TRUE(e.errors().count("items"));
  }
}

TEST(JsonBody, HugeAndFractionalNumbers) {
  auto b = body(R"({"a":1000000000000,"b":18446744073709551615,"c":2.5,"d":-5,"e":1e300})");
  EXPECT_FALSE(b.integer("a", true, 1, 10000));
  EXPECT_FALSE(b.integer("b", true, 1, 10000));
  EXPECT_FALSE(b.integer("c", true, 1, 10000));
  EXPECT_FALSE(b.integer("d", true, 1, 10000));
  EXPECT_FALSE(b.integer("e", true, 1, 10000));
  EXPECT_EQ(statusOf(b), 400);  // 2.5 and 1e300 are not integers at all
}

TEST(JsonBody, NumbersBeyondDoubleAreMalformedJson) {
  // Poco's parser refuses them, so the host answers 400 before any handler runs.
  EXPECT_ANY_THROW(Poco::JSON::Parser().parse(R"({"price":1e309})"));
  EXPECT_ANY_THROW(Poco::JSON::Parser().parse(R"({"quantity":99999999999999999999})"));
}

TEST(JsonBody, LengthCountsCodePointsNotBytes) {
  auto b = body(R"({"name":"ñññ","emoji":"🙂🙂🙂🙂"})");
  EXPECT_EQ(b.string("name", true, 1, 3).value(), "ñññ");
  EXPECT_FALSE(b.string("emoji", true, 1, 3));
  EXPECT_EQ(statusOf(b), 422);
}

TEST(JsonBody, NulCharactersAreRefused) {
  auto b = body(R"({"name":"a\u0000b"})");
  EXPECT_FALSE(b.string("name", true));
  EXPECT_EQ(statusOf(b), 422);
}

TEST(JsonBody, NullCountsAsMissing) {
  auto b = body(R"({"email":null,"name":null})");
  EXPECT_FALSE(b.string("email", false));
  EXPECT_FALSE(b.string("name", true));
  EXPECT_EQ(statusOf(b), 422);
}

}  // namespace
}  // namespace duka
