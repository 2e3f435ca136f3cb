// toJson: Poco's compact JSON (Stringifier::condense with JSON_WRAP_STRINGS), byte for byte,
// written straight into one string. Poco walks the tree through an ostream and makes a Var
// for every key and a string for every number; every JSON answer and audit row pays for
// that. The structure is walked here; text is escaped exactly as Poco escapes it, and any
// value other than an object, array, text, integer, boolean or null is written by Poco
// itself (tests/sdk/json_text_test.cpp compares the two on generated documents).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/JSONString.h>

#include <charconv>
#include <cstdint>
#include <sstream>
#include <typeinfo>

#include "duka/http.hpp"
#include "json_writer.hpp"

namespace duka {

// writeText writes a JSON string as Poco does without JSON_ESCAPE_UNICODE: a text with a
// byte below 0x20, '"' or '\\' goes through Poco's escaping; any other text (UTF-8 and '/'
// included) is copied as it is.
void writeText(const std::string& text, std::string& out) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\') {
      out += Poco::toJSON(text, Poco::JSON_WRAP_STRINGS);
      return;
    }
  }
  out += '"';
  out += text;
  out += '"';
}

namespace {

template <class Integer>
void appendInteger(Integer number, std::string& out) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out.append(digits, end);
}

void writeObject(const Poco::JSON::Object& object, std::string& out) {
  out += '{';
  // Poco writes the keys sorted, unless the object was made to keep its insertion order;
  // getNames() tells the order Poco uses.
  bool sorted = object.size() < 2;
  if (!sorted) {
    const Poco::JSON::Object::NameList names = object.getNames();
    sorted = true;
    auto it = object.begin();
    for (const std::string& name : names) {
      if (it == object.end() || it->first != name) {
        sorted = false;
        break;
      }
      ++it;
    }
    if (!sorted) {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
          out += ',';
        writeText(names[i], out);
        out += ':';
        writeValue(object.get(names[i]), out);
      }
    }
  }
  if (sorted) {
    bool first = true;
    for (const auto& [name, member] : object) {
      if (!first)
        out += ',';
      first = false;
      writeText(name, out);
      out += ':';
      writeValue(member, out);
    }
  }
  out += '}';
}

void writeArray(const Poco::JSON::Array& array, std::string& out) {
  out += '[';
  bool first = true;
  for (const Poco::Dynamic::Var& element : array) {
    if (!first)
      out += ',';
    first = false;
    writeValue(element, out);
  }
  out += ']';
}

// writeWithPoco writes one value through Poco's own stringifier.
void writeWithPoco(const Poco::Dynamic::Var& value, std::string& out) {
  std::ostringstream text;
  Poco::JSON::Stringifier::condense(value, text, Poco::JSON_WRAP_STRINGS);
  out += text.str();
}

}  // namespace

void writeValue(const Poco::Dynamic::Var& value, std::string& out) {
  if (value.isEmpty()) {
    out += "null";
    return;
  }
  const std::type_info& type = value.type();
  if (type == typeid(std::string)) {
    writeText(value.extract<std::string>(), out);
  } else if (type == typeid(Poco::JSON::Object::Ptr)) {
    const auto& object = value.extract<Poco::JSON::Object::Ptr>();
    if (object.isNull())
      writeWithPoco(value, out);
    else
      writeObject(*object, out);
  } else if (type == typeid(Poco::JSON::Array::Ptr)) {
    const auto& array = value.extract<Poco::JSON::Array::Ptr>();
    if (array.isNull())
      writeWithPoco(value, out);
    else
      writeArray(*array, out);
  } else if (type == typeid(Poco::JSON::Object)) {
    writeObject(value.extract<Poco::JSON::Object>(), out);
  } else if (type == typeid(Poco::JSON::Array)) {
    writeArray(value.extract<Poco::JSON::Array>(), out);
  } else if (type == typeid(Poco::Int64)) {
    appendInteger(value.extract<Poco::Int64>(), out);
  } else if (type == typeid(int)) {
    appendInteger(value.extract<int>(), out);
  } else if (type == typeid(Poco::UInt64)) {
    appendInteger(value.extract<Poco::UInt64>(), out);
  } else if (type == typeid(unsigned)) {
    appendInteger(value.extract<unsigned>(), out);
  } else if (type == typeid(bool)) {
    out += value.extract<bool>() ? "true" : "false";
  } else {
    writeWithPoco(value, out);  // floating point, char, dates, and the rest
  }
}

void writeInteger(std::int64_t number, std::string& out) {
  appendInteger(number, out);
}

std::string toJson(const Poco::Dynamic::Var& value) {
  std::string out;
  out.reserve(256);
  writeValue(value, out);
  return out;
}

}  // namespace duka
