// duka/shape.hpp: an entity's wire shape, declared once: each field (name, type, nullability,
// limits, description) bound to its member gives the JSON answered, the input parsed and
// validated with field errors, and the OpenAPI schema. For example:
//   Shape<Item>("Item", "A stock-keeping unit").field("id", &Item::id, {.readOnly = true})
//       .field("price", &Item::priceMinor, {.required = true, .money = true});
#pragma once

#include <functional>
#include <limits>

#include "duka/detail/field_types.hpp"
#include "duka/http.hpp"

namespace duka {

// FieldRules are a field's limits and documentation; text lengths count code points.
struct FieldRules {
  std::string description{};
  bool required = false;  // input: given and not null (Create, Replace)
  bool nullable = false;  // null is a value: std::optional, or text where "" is null
  bool readOnly = false;  // answered, never read from input
  bool money = false;     // integer minor units shown as "12.50"
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::size_t minLength = 1, maxLength = 255;  // text
  std::size_t minItems = 0, maxItems = 1000;   // arrays
  std::vector<std::string> choices{};          // text: the values allowed
  std::string format{};                        // "date-time", "uri", "email" (checked)
  Poco::Dynamic::Var defaultValue{};           // for an absent field on Create and Replace
};

// Input: Create and Replace (PUT) need the required fields and default absent ones; Patch
// changes what is sent and nothing else.
enum class Input { Create, Replace, Patch };

// JsonBody collects the errors of reading a body: a shape's, then the caller's own checks;
// finish() throws 400 when a field had the wrong type, else 422 when a rule was broken.
class JsonBody {
 public:
  explicit JsonBody(Poco::JSON::Object::Ptr object);
  explicit JsonBody(const Request& request);
  bool has(const std::string& field) const;  // present and not null
  void typeError(const std::string& field, const std::string& message);
  void ruleError(const std::string& field, const std::string& message);
  bool ok() const { return typeErrors_.empty() && ruleErrors_.empty(); }
  void finish() const;

 private:
  friend struct JsonReads;  // the typed reads shapes make (the SDK's own)
  Poco::JSON::Object::Ptr object_;
  FieldErrors typeErrors_, ruleErrors_;
};

// ShapeSchema is a shape without its C++ type: what the host documents.
class ShapeSchema {
 public:
  using Type = detail::FieldType;  // a field's member type (see Shape::field)
  struct Field {
    std::string name;
    Type type;
    FieldRules rules;
    const ShapeSchema* items = nullptr;                // Objects: each element's shape
    std::function<const void*(const void*)> member{};  // the member in an object
    std::function<void(const void*, void*)> value{};   // or a computed value
    std::size_t (*size)(const void*) = nullptr;        // Objects: count, element, append, clear
    const void* (*at)(const void*, std::size_t) = nullptr;
    void* (*append)(void*) = nullptr;
    void (*clear)(void*) = nullptr;
  };
  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  const std::vector<Field>& fields() const { return fields_; }

 protected:
  ShapeSchema(std::string name, std::string description);
  void add(Field field);  // a name declared twice throws std::logic_error
  void writeJson(const void* object, std::string& out) const;
  std::string jsonArray(const void* first, std::size_t count, std::size_t stride) const;
  Poco::JSON::Object::Ptr toObject(const void* object) const;
  void readJson(JsonBody& body, void* object, Input mode, bool everything = false) const;
  void readQuery(const Request& request, void* object) const;

 private:
  std::string name_, description_;
  std::vector<Field> fields_;
  std::vector<std::size_t> sorted_;  // key order, as Poco writes objects
};

template <class T>
class Shape : public ShapeSchema {
 public:
  explicit Shape(std::string name, std::string description = {})
      : ShapeSchema(std::move(name), std::move(description)) {}

  // field binds a member: std::int64_t, std::optional<std::int64_t>, std::string, bool,
  // std::vector<std::string>, Poco::Dynamic::Var (any JSON), or std::vector<U> with U's shape.
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
  // computed adds a read-only field that a const member function or a callable gives.
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
  // embed adds a member's own fields at this level (an event's entity plus its extras).
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
  std::string json(const std::vector<T>& values) const {  // a JSON array
    return jsonArray(values.data(), values.size(), sizeof(T));
  }
  Poco::JSON::Object::Ptr object(const T& value) const { return toObject(&value); }
  Response answer(int status, const T& value) const {
    Response response;
    response.status = status;
    response.body = json(value);
    return response;
  }

  // read fills value from the body; with a JsonBody the caller adds its own checks, then
  // calls finish(); with a request it answers 400 / 422 itself.
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
  // query reads the query string; a bad parameter is a 400 naming it.
  T query(const Request& request) const {
    T value{};
    readQuery(request, &value);
    return value;
  }

 private:
  template <class M>
  static Field describe(std::string name, FieldRules rules, const ShapeSchema* items) {
    Field f{.name = std::move(name),
            .type = detail::kFieldTypeOf<M>,
            .rules = std::move(rules),
            .items = items};
    if constexpr (detail::kFieldTypeOf<M> == Type::Objects) {
      static_assert(std::is_same_v<M, std::vector<typename M::value_type>>, "no such field type");
      f.size = [](const void* v) { return static_cast<const M*>(v)->size(); };
      f.at = [](const void* v, std::size_t i) -> const void* {
        return &(*static_cast<const M*>(v))[i];
      };
      f.append = [](void* v) -> void* { return &static_cast<M*>(v)->emplace_back(); };
      f.clear = [](void* v) { static_cast<M*>(v)->clear(); };
    }
    return f;
  }
};

// isEmailAddress: one "@" with text on both sides, no blanks, at most 254 characters.
bool isEmailAddress(const std::string& text);

}  // namespace duka
