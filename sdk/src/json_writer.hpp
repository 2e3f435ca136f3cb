// json_writer.hpp: the SDK library's own JSON text writers, shared by toJson and Shape:
// compact, keys in the order Poco writes them, text escaped exactly as Poco escapes it.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstdint>
#include <string>

namespace duka {

// writeText appends text as a JSON string.
void writeText(const std::string& text, std::string& out);
// writeInteger appends a JSON number.
void writeInteger(std::int64_t number, std::string& out);
// writeValue appends any JSON value (objects, arrays, scalars) as toJson writes it.
void writeValue(const Poco::Dynamic::Var& value, std::string& out);

}  // namespace duka
