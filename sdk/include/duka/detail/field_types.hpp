// duka/detail/field_types.hpp: which field type a member type is, for Shape<T>::field. Not
// API: included by duka/shape.hpp.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace duka::detail {

// FieldType is a field's member type; Objects is a std::vector<U> of a shape.
enum class FieldType { Integer, OptionalInteger, Text, Boolean, TextList, Objects, Any };

// kFieldTypeOf is a member type's FieldType; any type not named is a std::vector of a shape.
template <class M>
inline constexpr FieldType kFieldTypeOf = FieldType::Objects;
template <>
inline constexpr FieldType kFieldTypeOf<std::int64_t> = FieldType::Integer;
template <>
inline constexpr FieldType kFieldTypeOf<std::optional<std::int64_t>> = FieldType::OptionalInteger;
template <>
inline constexpr FieldType kFieldTypeOf<std::string> = FieldType::Text;
template <>
inline constexpr FieldType kFieldTypeOf<bool> = FieldType::Boolean;
template <>
inline constexpr FieldType kFieldTypeOf<std::vector<std::string>> = FieldType::TextList;
template <>
inline constexpr FieldType kFieldTypeOf<Poco::Dynamic::Var> = FieldType::Any;

}  // namespace duka::detail
