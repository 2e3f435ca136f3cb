// duka/shape.hpp: an entity's wire shape, declared once. Each field (name, type, nullability,
// limits, description) is bound to the member that holds it; from that one declaration come
// the JSON the API answers, the parsing and validation of input, and the OpenAPI schema.
//
//   inline const Shape<Item>& itemShape() {
//     static const Shape<Item> shape = Shape<Item>("Item", "A stock-keeping unit")
//         .field("id", &Item::id, {.readOnly = true})
//         .field("name", &Item::name, {.description = "Unique, any case", .required = true})
//         .field("price", &Item::priceMinor, {.required = true, .money = true})
//         .computed("available", &Item::available, {.description = "on_hand - reserved"});
//     return shape;
//   }
//   Item item = itemShape().read(request);            // 400 / 422 naming the fields
//   return itemShape().answer(201, item);             // {"available":...,"id":...}
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "duka/json_body.hpp"
#include "duka/pagination.hpp"

namespace duka {

// FieldRules are a field's limits and documentation. Text lengths count code points.
struct FieldRules {
  std::string description{};
  bool required = false;  // input: must be given and not null (Create and Replace)
  bool nullable = false;  // may be null: a std::optional member, or text where "" is null
  bool readOnly = false;  // in answers only; ignored in input
  bool money = false;     // an integer of minor units, shown as "12.50"
  std::int64_t min = std::numeric_limits<std::int64_t>::min();  // integers and money
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::size_t minLength = 1;  // text
  std::size_t maxLength = 255;
  std::size_t minItems = 0;  // arrays
  std::size_t maxItems = 1000;
  std::vector<std::string> choices{};  // text: the values allowed
  std::string format{};                // "date-time", "uri", or "email" (checked)
  Poco::Dynamic::Var defaultValue{};   // given to an absent field on Create and Replace
};

// Input is how a body fills an existing value: Create and Replace (PUT) need the required
// fields and give absent ones their defaults; Patch changes what is sent and nothing else.
enum class Input { Create, Replace, Patch };

// ShapeSchema is a shape without its C++ type: the fields as the host documents them, and
// the work done by field kind inside the SDK library. Shape<T> below is what plugins write.
class ShapeSchema {
 public:
  enum class Kind { Integer, Text, Boolean, TextList, Array, Any };
  enum class Storage { Int64, OptionalInt64, String, Bool, Strings, Vector, Var };
  struct Field {
    std::string name;
    Kind kind;
    FieldRules rules;
    const ShapeSchema* items = nullptr;  // Array: the shape of each element
    Storage storage;
    // member reaches the field inside an object; a computed field has value instead.
    std::function<const void*(const void*)> member{};
    std::function<void(const void*, void*)> value{};
    // Vector storage: the element count, the i-th element, and a new last element.
    std::size_t (*size)(const void*) = nullptr;
    const void* (*at)(const void*, std::size_t) = nullptr;
    void* (*append)(void*) = nullptr;
  };

  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  const std::vector<Field>& fields() const { return fields_; }

  // The work by kind, on an object of the shape's type passed as void*.
  void writeJson(const void* object, std::string& out) const;
  Poco::JSON::Object::Ptr toObject(const void* object) const;
  void readJson(JsonBody& body, void* object, Input mode, bool everything = false) const;
  void readQuery(const Request& request, void* object) const;

 protected:
  ShapeSchema(std::string name, std::string description);
  void add(Field field);

 private:
  std::string name_;
  std::string description_;
  std::vector<Field> fields_;
  std::vector<std::size_t> sorted_;  // written in key order, as Poco writes objects
};

template <class T>
class Shape : public ShapeSchema {
 public:
  explicit Shape(std::string name, std::string description = {})
      : ShapeSchema(std::move(name), std::move(description)) {}

  // field binds a member: std::int64_t, std::optional<std::int64_t>, std::string, bool,
  // std::vector<std::string>, Poco::Dynamic::Var (any JSON), or std::vector<U> with items.
  template <class M>
  Shape& field(std::string name, M T::*member, FieldRules rules = {},
               const ShapeSchema* items = nullptr) {
    Field f = describe<M>(std::move(name), std::move(rules), items);
    f.member = [member](const void* o) -> const void* {
      return &(static_cast<const T*>(o)->*member);
    };
    add(std::move(f));
    return *this;
  }
  template <class U>
  Shape& field(std::string name, std::vector<U> T::*member, const Shape<U>& items,
               FieldRules rules = {}) {
    return field<std::vector<U>>(std::move(name), member, std::move(rules), &items);
  }
  // computed adds a read-only field whose value a const member function or callable gives.
  template <class Getter>
  Shape& computed(std::string name, Getter getter, FieldRules rules = {}) {
    using M = std::remove_cvref_t<std::invoke_result_t<Getter, const T&>>;
    rules.readOnly = true;
    Field f = describe<M>(std::move(name), std::move(rules), nullptr);
    f.value = [getter](const void* o, void* out) {
      *static_cast<M*>(out) = std::invoke(getter, *static_cast<const T*>(o));
    };
    add(std::move(f));
    return *this;
  }
  // embed adds the fields of a member's own shape at this level (an event's entity).
  template <class Inner>
  Shape& embed(Inner T::*member, const Shape<Inner>& inner) {
    for (Field f : inner.fields()) {
      const auto reach = [member](const void* o) { return &(static_cast<const T*>(o)->*member); };
      if (f.member)
        f.member = [reach, m = f.member](const void* o) { return m(reach(o)); };
      else
        f.value = [reach, v = f.value](const void* o, void* out) { v(reach(o), out); };
      add(std::move(f));
    }
    return *this;
  }

  std::string json(const T& value) const {
    std::string out;
    writeJson(&value, out);
    return out;
  }
  // json of a list writes a JSON array of values.
  std::string json(const std::vector<T>& values) const {
    std::string out = "[";
    for (const T& value : values) {
      if (out.size() > 1)
        out += ',';
      writeJson(&value, out);
    }
    return out + ']';
  }
  Poco::JSON::Object::Ptr object(const T& value) const { return toObject(&value); }
  Response answer(int status, const T& value) const {
    Response response;
    response.status = status;
    response.body = json(value);
    return response;
  }
  // answer of a listing is the page of the list around its results.
  Response answer(const Request& request, const Page& page, const Listing<T>& listing) const {
    return page.answer(request, listing.count, json(listing.results));
  }

  // read fills value from the body, collecting errors in body for the caller's own checks
  // (then body.finish()); the overloads taking a request answer 400 / 422 themselves.
  void read(JsonBody& body, T& value, Input mode) const { readJson(body, &value, mode); }
  void read(const Request& request, T& value, Input mode) const {
    JsonBody body(request);
    readJson(body, &value, mode);
    body.finish();
  }
  T read(const Request& request) const {
    T value{};
    read(request, value, Input::Create);
    return value;
  }
  // view reads a payload this shape wrote (an event's), read-only fields included.
  T view(Poco::JSON::Object::Ptr json) const {
    if (!json)
      throw std::invalid_argument(name() + ": no payload to read");
    T value{};
    JsonBody body(std::move(json));
    readJson(body, &value, Input::Patch, true);
    body.finish();
    return value;
  }
  // query reads the query string's parameters; a bad one is a 400 naming it.
  T query(const Request& request) const {
    T value{};
    readQuery(request, &value);
    return value;
  }

 private:
  template <class M>
  static Field describe(std::string name, FieldRules rules, const ShapeSchema* items) {
    Field f{.name = std::move(name),
            .kind = Kind::Any,
            .rules = std::move(rules),
            .items = items,
            .storage = Storage::Var};
    if constexpr (std::is_same_v<M, std::int64_t> ||
                  std::is_same_v<M, std::optional<std::int64_t>>) {
      f.kind = f.rules.money ? Kind::Text : Kind::Integer;
      f.storage = std::is_same_v<M, std::int64_t> ? Storage::Int64 : Storage::OptionalInt64;
    } else if constexpr (std::is_same_v<M, std::string>) {
      f.kind = Kind::Text;
      f.storage = Storage::String;
    } else if constexpr (std::is_same_v<M, bool>) {
      f.kind = Kind::Boolean;
      f.storage = Storage::Bool;
    } else if constexpr (std::is_same_v<M, std::vector<std::string>>) {
      f.kind = Kind::TextList;
      f.storage = Storage::Strings;
    } else if constexpr (std::is_same_v<M, Poco::Dynamic::Var>) {
    } else {
      using U = typename M::value_type;
      static_assert(std::is_same_v<M, std::vector<U>>, "no field kind for this member type");
      f.kind = Kind::Array;
      f.storage = Storage::Vector;
      f.size = [](const void* v) { return static_cast<const M*>(v)->size(); };
      f.at = [](const void* v, std::size_t i) -> const void* {
        return &(*static_cast<const M*>(v))[i];
      };
      f.append = [](void* v) -> void* { return &static_cast<M*>(v)->emplace_back(); };
    }
    return f;
  }
};

}  // namespace duka
