// duka/detail/shape_schema.hpp: ShapeSchema, a shape without its C++ type, which the host
// reads to write JSON, read input and document the API; and how Shape<T> describes a member.
// Not API: included by duka/shape.hpp.
#pragma once

#include <functional>

#include "duka/detail/field_types.hpp"
#include "duka/fields.hpp"

namespace duka {

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
  void readWritten(JsonBody& body, void* object) const;  // readJson's everything
  std::string name_, description_;
  std::vector<Field> fields_;
  std::vector<std::size_t> sorted_;  // key order, as Poco writes objects
};

namespace detail {

// describeField is the Field for a member of type M (Objects: how to walk the vector).
template <class M>
ShapeSchema::Field describeField(std::string name, FieldRules rules, const ShapeSchema* items) {
  ShapeSchema::Field f{
      .name = std::move(name), .type = kFieldTypeOf<M>, .rules = std::move(rules), .items = items};
  if constexpr (kFieldTypeOf<M> == FieldType::Objects) {
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

}  // namespace detail
}  // namespace duka
