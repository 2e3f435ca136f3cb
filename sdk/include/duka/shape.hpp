// duka/shape.hpp: an entity's wire shape, declared once: each field bound to its member gives
// the JSON answered, the input read and checked, and the OpenAPI schema.
//   Shape<Item>("Item", "A stock-keeping unit").field("id", &Item::id, {.readOnly = true})
//       .field("price", &Item::priceMinor, {.required = true, .money = true});
#pragma once

#include "duka/detail/shape_schema.hpp"

namespace duka {

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
    Field f = detail::describeField<M>(std::move(name), std::move(rules), items);
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
    Field f = detail::describeField<M>(std::move(name), std::move(rules), nullptr);
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
};

// isEmailAddress: one "@" with text on both sides, no blanks, at most 254 characters.
bool isEmailAddress(const std::string& text);

}  // namespace duka
