// duka::toJson writes what Poco's Stringifier::condense(JSON_WRAP_STRINGS) writes, byte for
// byte: on hand-picked values and on generated documents of every kind of value and text.
#include <Poco/DateTime.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include "duka/http.hpp"

namespace duka {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

std::string byPoco(const Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out, Poco::JSON_WRAP_STRINGS);
  return out.str();
}

void expectSame(const Var& value) {
  EXPECT_EQ(toJson(value), byPoco(value));
}

TEST(JsonText, ScalarsAsPocoWritesThem) {
  expectSame(Var());
  expectSame(Var(std::string()));
  expectSame(Var(std::string("plain")));
  expectSame(Var(true));
  expectSame(Var(false));
  expectSame(Var(0));
  expectSame(Var(-1));
  expectSame(Var(std::numeric_limits<int>::min()));
  expectSame(Var(std::numeric_limits<Poco::Int64>::min()));
  expectSame(Var(std::numeric_limits<Poco::Int64>::max()));
  expectSame(Var(std::numeric_limits<Poco::UInt64>::max()));
  expectSame(Var(42u));
  expectSame(Var(1.5));
  expectSame(Var(0.1));
  expectSame(Var(-2.5e-300));
  expectSame(Var(3.25f));
  expectSame(Var('x'));
  expectSame(Var(static_cast<short>(-7)));
  expectSame(Var(static_cast<long long>(1) << 40));
}

TEST(JsonText, EveryAsciiByteAndUnicodeInTextAndKeys) {
  std::string every;
  for (int c = 1; c < 128; ++c)
    every += static_cast<char>(c);
  every += std::string("\0", 1);
  expectSame(Var(every));
  expectSame(Var(std::string("ünïcødé 名前 🛒 \u2028 a/b \\ \"q\"")));
  Object::Ptr object = new Object;
  object->set(every, every);
  object->set("ключ", "значение");
  object->set("a/b", "c/d");
  expectSame(object);
}

TEST(JsonText, NestedObjectsAndArraysByPointerAndByValue) {
  Object::Ptr inner = new Object;
  inner->set("z", 1);
  inner->set("a", Var());
  Array::Ptr list = new Array;
  list->add(inner);
  list->add(Array::Ptr(new Array));
  list->add(Object::Ptr(new Object));
  list->add("text");
  list->add(2.75);
  Object::Ptr outer = new Object;
  outer->set("list", list);
  outer->set("inner", inner);
  Object byValue;
  byValue.set("k", "v");
  outer->set("by_value", byValue);
  Array arrayByValue;
  arrayByValue.add(1);
  outer->set("array_by_value", arrayByValue);
  outer->set("date", Poco::DateTime(2026, 11, 26, 8, 0, 0));
  expectSame(outer);
  expectSame(list);
  expectSame(Var(byValue));
}

TEST(JsonText, ObjectsThatKeepTheirInsertionOrderKeepItToo) {
  Object::Ptr ordered = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  ordered->set("zeta", 1);
  ordered->set("alpha", 2);
  ordered->set("mid", "3");
  Object::Ptr sortedInside = new Object;
  sortedInside->set("b", 1);
  sortedInside->set("a", 2);
  ordered->set("nested", sortedInside);
  expectSame(ordered);
  EXPECT_EQ(toJson(ordered), R"({"zeta":1,"alpha":2,"mid":"3","nested":{"a":2,"b":1}})");
}

TEST(JsonText, ParsedDocumentsComeBackAsPocoWritesThem) {
  const std::string text =
      R"({"items":[{"inventory_id":1,"quantity":2,"price":"99.50"}],"note":"a\/b \u00e9 \n",)"
      R"("big":123456789012345,"neg":-1,"f":1.25,"t":true,"n":null,"deep":[[[]],{}]})";
  expectSame(Poco::JSON::Parser().parse(text));
  Poco::JSON::Parser keepingOrder(new Poco::JSON::ParseHandler(true));
  expectSame(keepingOrder.parse(text));
}

// randomValue makes a document of random shape, kinds of value and text (fixed seed).
Var randomValue(std::mt19937& random, int depth) {
  auto text = [&] {
    static const std::string alphabet[] = {"a",  "Z",    "0",    " ",    "\"", "\\", "/",    "\n",
                                           "\t", "\x01", "\x1f", "\x7f", "é",  "名", "🛒", "%"};
    std::string result;
    const int length = static_cast<int>(random() % 8);
    for (int i = 0; i < length; ++i)
      result += alphabet[random() % std::size(alphabet)];
    return result;
  };
  switch (depth > 3 ? random() % 6 : random() % 8) {
    case 0:
      return Var();
    case 1:
      return Var(text());
    case 2:
      return Var(static_cast<Poco::Int64>(random()) - static_cast<Poco::Int64>(random()) * 7919);
    case 3:
      return Var(random() % 2 == 0);
    case 4:
      return Var(static_cast<double>(random() % 100000) / 64.0);
    case 5:
      return Var(static_cast<int>(random() % 1000) - 500);
    case 6: {
      Object::Ptr object = new Object(random() % 3 == 0 ? Poco::JSON_PRESERVE_KEY_ORDER : 0);
      const int members = static_cast<int>(random() % 5);
      for (int i = 0; i < members; ++i)
        object->set(text(), randomValue(random, depth + 1));
      return object;
    }
    default: {
      Array::Ptr array = new Array;
      const int elements = static_cast<int>(random() % 5);
      for (int i = 0; i < elements; ++i)
        array->add(randomValue(random, depth + 1));
      return array;
    }
  }
}

TEST(JsonText, GeneratedDocumentsMatchPoco) {
  std::mt19937 random(20261126);
  for (int i = 0; i < 2000; ++i) {
    const Var document = randomValue(random, 0);
    ASSERT_EQ(toJson(document), byPoco(document)) << "document " << i;
  }
}

}  // namespace
}  // namespace duka
