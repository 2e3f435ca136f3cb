// Shape: one declaration writes the JSON (the bytes Poco writes), reads and validates input
// with field errors, reads query parameters, and flattens an embedded entity.
#include "duka/shape.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "http/dispatch/host_request.hpp"

namespace duka {
namespace {

struct Part {
  std::int64_t number = 0;
  std::int64_t count = 0;
};

struct Thing {
  std::int64_t id = 0;
  std::string name;
  std::string label;  // nullable
  std::int64_t priceMinor = 0;
  std::optional<std::int64_t> ownerId;
  bool active = false;
  std::vector<std::string> tags;
  std::vector<Part> parts;
  Poco::Dynamic::Var extra;
  std::string kind = "plain";
  std::int64_t limit = 0;
  std::string contact;

  std::int64_t doubled() const { return priceMinor * 2; }
};

const Shape<Part>& partShape() {
  static const Shape<Part> shape =
      Shape<Part>("Part")
          .field("number", &Part::number, {.required = true, .min = 1})
          .field("count", &Part::count, {.required = true, .min = 1, .max = 10});
  return shape;
}

const Shape<Thing>& thingShape() {
  static const Shape<Thing> shape =
      Shape<Thing>("Thing", "A thing to test with")
          .field("id", &Thing::id, {.readOnly = true})
          .field("name", &Thing::name, {.required = true, .maxLength = 5})
          .field("label", &Thing::label, {.nullable = true, .minLength = 0})
          .field("price", &Thing::priceMinor, {.required = true, .money = true})
          .field("owner_id", &Thing::ownerId, {.nullable = true, .min = 1})
          .field("active", &Thing::active)
          .field("tags", &Thing::tags)
          .field("parts", &Thing::parts, partShape(), {.maxItems = 3})
          .field("extra", &Thing::extra)
          .field("kind", &Thing::kind, {.choices = {"plain", "fancy"}})
          .field("limit", &Thing::limit, {.min = 0, .max = 100, .defaultValue = 7})
          .field("contact", &Thing::contact, {.minLength = 0, .format = "email"})
          .computed("doubled", &Thing::doubled, {.money = true});
  return shape;
}

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

// readThing reads text into thing and answers the status (0: no error) and the errors.
std::pair<int, FieldErrors> readThing(const std::string& text, Thing& thing, Input mode) {
  JsonBody body(parse(text));
  thingShape().read(body, thing, mode);
  try {
    body.finish();
  } catch (const HttpError& e) {
    return {e.status(), e.errors()};
  }
  return {0, {}};
}

HostRequest queryRequest(NameValues query) {
  return HostRequest({.method = "GET", .path = "/things/", .query = std::move(query)});
}

TEST(Shape, WritesWhatPocoWritesWithKeysSorted) {
  Thing thing;
  thing.id = 3;
  thing.name = "Tea \"strong\"";
  thing.priceMinor = 1250;
  thing.tags = {"a", "b\n"};
  thing.parts = {{1, 2}, {3, 4}};
  thing.extra = parse(R"({"z":1,"a":[true,null]})");
  const std::string json = thingShape().json(thing);
  EXPECT_EQ(json, toJson(thingShape().object(thing)));
  EXPECT_EQ(json.substr(0, 47), R"({"active":false,"contact":"","doubled":"25.00",)");
  EXPECT_NE(json.find(R"("label":null)"), std::string::npos);
  EXPECT_NE(json.find(R"("owner_id":null)"), std::string::npos);
  EXPECT_NE(json.find(R"("price":"12.50")"), std::string::npos);
  thing.label = "x";
  thing.ownerId = 9;
  EXPECT_NE(thingShape().json(thing).find(R"("label":"x")"), std::string::npos);
  EXPECT_NE(thingShape().json(thing).find(R"("owner_id":9)"), std::string::npos);
}

TEST(Shape, ReadsAValidBodyAndIgnoresReadOnlyFields) {
  Thing thing;
  const auto [status, errors] = readThing(
      R"({"id":99,"name":"Tea","price":"3.5","owner_id":4,"active":true,"tags":["x"],)"
      R"("parts":[{"number":1,"count":2}],"extra":{"k":"v"},"kind":"fancy","contact":"a@b.c"})",
      thing, Input::Create);
  EXPECT_EQ(status, 0) << (errors.empty() ? "" : errors.begin()->first);
  EXPECT_EQ(thing.id, 0);
  EXPECT_EQ(thing.name, "Tea");
  EXPECT_EQ(thing.priceMinor, 350);
  EXPECT_EQ(thing.ownerId, 4);
  EXPECT_TRUE(thing.active);
  EXPECT_EQ(thing.tags, std::vector<std::string>{"x"});
  ASSERT_EQ(thing.parts.size(), 1u);
  EXPECT_EQ(thing.parts[0].count, 2);
  EXPECT_EQ(thing.kind, "fancy");
  EXPECT_EQ(thing.limit, 7);  // the declared default
  EXPECT_EQ(thing.contact, "a@b.c");
}

TEST(Shape, WrongTypesAre400NamingEachField) {
  Thing thing;
  const auto [status, errors] =
      readThing(R"({"name":5,"price":"1.00","active":"yes","parts":[{"number":"1","count":1},7]})",
                thing, Input::Create);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(errors.at("name").at(0), "Must be a string.");
  EXPECT_EQ(errors.at("active").at(0), "Must be true or false.");
  EXPECT_EQ(errors.at("parts[0].number").at(0), "Must be an integer.");
  EXPECT_EQ(errors.at("parts[1]").at(0), "Must be an object.");
}

TEST(Shape, BrokenRulesAre422NamingEachField) {
  Thing thing;
  const auto [status, errors] =
      readThing(R"({"name":"too long","price":"1.234","owner_id":0,"kind":"odd","limit":101,)"
                R"("contact":"nobody","parts":[{"number":1,"count":11},{"count":1}]})",
                thing, Input::Create);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(errors.at("name").at(0), "Must be at most 5 characters long.");
  EXPECT_NE(errors.at("price").at(0).find("two places"), std::string::npos);
  EXPECT_EQ(errors.at("owner_id").at(0), "Must be at least 1.");
  EXPECT_EQ(errors.at("kind").at(0), "Must be one of: plain, fancy.");
  EXPECT_EQ(errors.at("limit").at(0), "Must be at most 100.");
  EXPECT_EQ(errors.at("contact").at(0), "must be an email address");
  EXPECT_EQ(errors.at("parts[0].count").at(0), "Must be at most 10.");
  EXPECT_EQ(errors.at("parts[1].number").at(0), "This field is required.");
}

TEST(Shape, RequiredFieldsAndTooManyItems) {
  Thing thing;
  const auto [status, errors] =
      readThing(R"({"name":null,"parts":[{"number":1,"count":1},{"number":2,"count":1},)"
                R"({"number":3,"count":1},{"number":4,"count":1}]})",
                thing, Input::Create);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(errors.at("name").at(0), "This field is required.");
  EXPECT_EQ(errors.at("price").at(0), "This field is required.");
  EXPECT_EQ(errors.at("parts").at(0), "Must have at most 3 items.");
}

TEST(Shape, PatchChangesOnlyWhatIsSentAndNullClears) {
  Thing thing;
  thing.name = "Old";
  thing.label = "kept?";
  thing.ownerId = 5;
  thing.limit = 50;
  const auto [status, errors] =
      readThing(R"({"label":null,"owner_id":null,"active":true})", thing, Input::Patch);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(thing.name, "Old");
  EXPECT_EQ(thing.label, "");
  EXPECT_FALSE(thing.ownerId);
  EXPECT_TRUE(thing.active);
  EXPECT_EQ(thing.limit, 50);  // no default on a patch
  Thing replaced = thing;
  EXPECT_EQ(readThing(R"({"name":"New","price":"1"})", replaced, Input::Replace).first, 0);
  EXPECT_EQ(replaced.limit, 7);  // a replacement gives absent fields their defaults
}

TEST(Shape, AGivenArrayReplacesTheOneThere) {
  Thing thing;
  thing.parts = {{1, 1}, {2, 2}};
  thing.tags = {"old"};
  EXPECT_EQ(
      readThing(R"({"parts":[{"number":3,"count":3}],"tags":["new"]})", thing, Input::Patch).first,
      0);
  ASSERT_EQ(thing.parts.size(), 1u);
  EXPECT_EQ(thing.parts[0].number, 3);
  EXPECT_EQ(thing.tags, std::vector<std::string>{"new"});
}

TEST(Shape, QueryParametersAreReadAndChecked) {
  struct Filter {
    std::string status;
    std::optional<std::int64_t> ownerId;
    std::string search;
  };
  static const Shape<Filter> filter =
      Shape<Filter>("Filter")
          .field("status", &Filter::status, {.choices = {"open", "closed"}})
          .field("owner_id", &Filter::ownerId, {.min = 1})
          .field("search", &Filter::search, {.maxLength = 4});
  const Filter read = filter.query(queryRequest({{"status", "open"}, {"owner_id", "12"}}));
  EXPECT_EQ(read.status, "open");
  EXPECT_EQ(read.ownerId, 12);
  EXPECT_FALSE(filter.query(queryRequest({{"owner_id", ""}})).ownerId);  // empty: not given
  try {
    filter.query(queryRequest({{"status", "odd"}, {"owner_id", "x"}, {"search", "long!"}}));
    FAIL();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.errors().at("status").at(0), "Must be one of: open, closed.");
    EXPECT_EQ(e.errors().at("owner_id").at(0), "Must be an integer.");
    EXPECT_EQ(e.errors().at("search").at(0), "Must be at most 4 characters long.");
  }
}

TEST(Shape, EmbedFlattensAnEntityAndViewReadsItBack) {
  struct Moved {
    Part part;
    std::string why;
  };
  static const Shape<Moved> moved = Shape<Moved>("Moved")
                                        .embed(&Moved::part, partShape())
                                        .field("why", &Moved::why, {.readOnly = true});
  const auto payload = moved.object({{4, 2}, "restock"});
  EXPECT_EQ(toJson(payload), R"({"count":2,"number":4,"why":"restock"})");
  EXPECT_EQ(moved.json({{4, 2}, "restock"}), toJson(payload));
  const Moved read = moved.view(payload);
  EXPECT_EQ(read.part.number, 4);
  EXPECT_EQ(read.why, "restock");  // view reads read-only fields too
  EXPECT_THROW(moved.view(nullptr), std::invalid_argument);
}

// view reads what object() wrote, every field type, in one pass over the payload's members;
// a payload of other types is an error naming each field, not a partial read.
TEST(Shape, ViewReadsBackEveryFieldTypeAndNamesWhatDoesNotFit) {
  struct Everything {
    std::int64_t amount = 0;
    std::optional<std::int64_t> maybe;
    std::string note;
    bool flag = false;
    std::vector<std::string> tags;
    std::vector<Part> parts;
  };
  static const Shape<Everything> shape = Shape<Everything>("Everything")
                                             .field("amount", &Everything::amount, {.money = true})
                                             .field("maybe", &Everything::maybe)
                                             .field("note", &Everything::note, {.nullable = true})
                                             .field("flag", &Everything::flag)
                                             .field("tags", &Everything::tags)
                                             .field("parts", &Everything::parts, partShape());
  const Everything read =
      shape.view(shape.object({1250, std::nullopt, "", true, {"a", "b"}, {{4, 2}, {5, 3}}}));
  EXPECT_EQ(read.amount, 1250);
  EXPECT_FALSE(read.maybe);
  EXPECT_EQ(read.note, "");
  EXPECT_TRUE(read.flag);
  EXPECT_EQ(read.tags, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(read.parts.size(), 2u);
  EXPECT_EQ(read.parts[1].number, 5);
  EXPECT_EQ(read.parts[1].count, 3);

  Poco::JSON::Object::Ptr other = new Poco::JSON::Object;
  other->set("amount", 12);
  other->set("maybe", "seven");
  other->set("flag", 1);
  other->set("tags", "a");
  Poco::JSON::Array::Ptr parts = new Poco::JSON::Array;
  parts->add(3);
  other->set("parts", parts);
  try {
    shape.view(other);
    FAIL();
  } catch (const HttpError& e) {
    for (const char* field : {"amount", "maybe", "flag", "tags", "parts[0]"})
      EXPECT_TRUE(e.errors().count(field)) << field;
  }
}

TEST(Shape, ADuplicateFieldIsADeclarationError) {
  EXPECT_THROW(Shape<Part>("Twice").field("n", &Part::number).field("n", &Part::count),
               std::logic_error);
}

}  // namespace
}  // namespace duka
