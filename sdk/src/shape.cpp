// ShapeSchema: writing, converting and reading the fields of a declared shape, by type.
#include "duka/shape.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>

#include <algorithm>
#include <stdexcept>

#include "duka/facility/money.hpp"
#include "duka/settings.hpp"
#include "host_api.hpp"
#include "json_reads.hpp"
#include "json_writer.hpp"

namespace duka {

namespace {

using Field = ShapeSchema::Field;
using Type = ShapeSchema::Type;

// Computed holds the value of a computed field while it is written.
struct Computed {
  std::int64_t int64 = 0;
  std::optional<std::int64_t> optionalInt64;
  std::string string;
  bool boolean = false;
  std::vector<std::string> strings;
  Poco::Dynamic::Var var;

  void* slot(Type type) {
    switch (type) {
      case Type::Integer:
        return &int64;
      case Type::OptionalInteger:
        return &optionalInt64;
      case Type::Text:
        return &string;
      case Type::Boolean:
        return &boolean;
      case Type::TextList:
        return &strings;
      case Type::Any:
        return &var;
      case Type::Objects:
        break;
    }
    throw std::logic_error("a computed field cannot be an array of objects");
  }
};

// reach is the address of a field's value in object (a computed one is computed into c).
const void* reach(const Field& field, const void* object, Computed& c) {
  if (field.member)
    return field.member(object);
  void* slot = c.slot(field.type);
  field.value(object, slot);
  return slot;
}

template <class M>
const M& as(const void* value) {
  return *static_cast<const M*>(value);
}

template <class M>
M& as(void* value) {
  return *static_cast<M*>(value);
}

// visitValue tells sink what one field's value is in JSON, the same for every writer:
// null (an empty optional, an empty nullable text), a whole number, a text (money is
// "12.50"), a boolean, a list of texts, an array of objects, or any value.
template <class Sink>
void visitValue(const Field& field, const void* value, Sink& sink) {
  switch (field.type) {
    case Type::OptionalInteger:
      if (!as<std::optional<std::int64_t>>(value))
        return sink.null();
      value = &*as<std::optional<std::int64_t>>(value);
      [[fallthrough]];
    case Type::Integer:
      if (field.rules.money)
        return sink.text(formatMoney(as<std::int64_t>(value)));
      return sink.integer(as<std::int64_t>(value));
    case Type::Text:
      if (field.rules.nullable && as<std::string>(value).empty())
        return sink.null();
      return sink.text(as<std::string>(value));
    case Type::Boolean:
      return sink.boolean(as<bool>(value));
    case Type::TextList:
      return sink.texts(as<std::vector<std::string>>(value));
    case Type::Objects:
      return sink.objects(field, value);
    case Type::Any:
      return sink.any(as<Poco::Dynamic::Var>(value));
  }
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : ", ") + item;
  return text;
}

// textProblem is what breaks a text field's rules beyond its length, or "".
std::string textProblem(const FieldRules& rules, const std::string& text) {
  if (!rules.choices.empty() &&
      std::find(rules.choices.begin(), rules.choices.end(), text) == rules.choices.end())
    return "Must be one of: " + joined(rules.choices) + ".";
  if (rules.format == "email" && !text.empty() && !isEmailAddress(text))
    return "must be an email address";
  return {};
}

// readTexts fills texts from items, each a string (else a type error named name[i]).
void readTexts(JsonBody& body, const std::string& name, const Poco::JSON::Array& items,
               std::vector<std::string>& texts) {
  texts.clear();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Poco::Dynamic::Var& item = items.get(static_cast<unsigned>(i));
    if (item.isString())
      texts.push_back(item.extract<std::string>());
    else
      body.typeError(name + "[" + std::to_string(i) + "]", "Must be a string.");
  }
}

// readObjects replaces the vector at target with one element per object of items, each read
// by read(inner, element); an element's errors are named name[i].key.
template <class Read>
void readObjects(JsonBody& body, const Field& field, const Poco::JSON::Array& items, void* target,
                 Read read) {
  field.clear(target);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string at = field.name + "[" + std::to_string(i) + "]";
    const auto element = items.getObject(static_cast<unsigned>(i));
    if (!element) {
      body.typeError(at, "Must be an object.");
      continue;
    }
    JsonBody inner(element);
    read(inner, field.append(target));
    for (const auto& [key, messages] : JsonReads::typeErrors(inner))
      for (const auto& message : messages)
        body.typeError(at + "." + key, message);
    for (const auto& [key, messages] : JsonReads::ruleErrors(inner))
      for (const auto& message : messages)
        body.ruleError(at + "." + key, message);
  }
}

}  // namespace

ShapeSchema::ShapeSchema(std::string name, std::string description)
    : name_(std::move(name)), description_(std::move(description)) {}

void ShapeSchema::add(Field field) {
  const auto at = std::lower_bound(
      sorted_.begin(), sorted_.end(), field.name,
      [this](std::size_t i, const std::string& name) { return fields_[i].name < name; });
  if (at != sorted_.end() && fields_[*at].name == field.name)
    throw std::logic_error("shape " + name_ + " declares the field " + field.name + " twice");
  sorted_.insert(at, fields_.size());
  fields_.push_back(std::move(field));
}

void ShapeSchema::writeJson(const void* object, std::string& out) const {
  // Text written straight into out: the answers' hot path.
  struct TextSink {
    std::string& out;
    void null() { out += "null"; }
    void integer(std::int64_t value) { writeInteger(value, out); }
    void text(const std::string& value) { writeText(value, out); }
    void boolean(bool value) { out += value ? "true" : "false"; }
    void texts(const std::vector<std::string>& values) {
      out += '[';
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
          out += ',';
        writeText(values[i], out);
      }
      out += ']';
    }
    void objects(const Field& field, const void* value) {
      out += '[';
      for (std::size_t i = 0, size = field.size(value); i < size; ++i) {
        if (i > 0)
          out += ',';
        field.items->writeJson(field.at(value, i), out);
      }
      out += ']';
    }
    void any(const Poco::Dynamic::Var& value) { writeValue(value, out); }
  } sink{out};
  out += '{';
  Computed computed;
  for (std::size_t n = 0; n < sorted_.size(); ++n) {
    const Field& field = fields_[sorted_[n]];
    if (n > 0)
      out += ',';
    writeText(field.name, out);
    out += ':';
    visitValue(field, reach(field, object, computed), sink);
  }
  out += '}';
}

std::string ShapeSchema::jsonArray(const void* first, std::size_t count, std::size_t stride) const {
  std::string out = "[";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0)
      out += ',';
    writeJson(static_cast<const char*>(first) + i * stride, out);
  }
  return out + ']';
}

Poco::JSON::Object::Ptr ShapeSchema::toObject(const void* object) const {
  // Poco's objects, for payloads that subscribers read as JSON.
  struct ObjectSink {
    Poco::Dynamic::Var var;
    void null() { var.clear(); }
    void integer(std::int64_t value) { var = value; }
    void text(const std::string& value) { var = value; }
    void boolean(bool value) { var = value; }
    void texts(const std::vector<std::string>& values) {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
      for (const auto& value : values)
        array->add(value);
      var = array;
    }
    void objects(const Field& field, const void* value) {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
      for (std::size_t i = 0, size = field.size(value); i < size; ++i)
        array->add(field.items->toObject(field.at(value, i)));
      var = array;
    }
    void any(const Poco::Dynamic::Var& value) { var = value; }
  };
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
  Computed computed;
  for (const std::size_t n : sorted_) {
    const Field& field = fields_[n];
    ObjectSink sink;
    visitValue(field, reach(field, object, computed), sink);
    json->set(field.name, sink.var);
  }
  return json;
}

void ShapeSchema::readWritten(JsonBody& body, void* object) const {
  // A payload duka wrote (an event's), read by type alone, without the input rules' scans,
  // in one pass: Poco keeps an object's members in key order, as sorted_ keeps the fields, so
  // no field is looked up. Subscribers read one per event, inside the publisher's write.
  const Poco::JSON::Object& json = *JsonReads::object(body);
  auto member = json.begin();
  for (const std::size_t n : sorted_) {
    const Field& field = fields_[n];
    while (member != json.end() && member->first < field.name)
      ++member;
    if (member == json.end())
      break;
    if (member->first != field.name || !field.member)
      continue;
    const Poco::Dynamic::Var& value = member->second;
    const std::string& name = field.name;
    void* target = const_cast<void*>(field.member(object));
    if (value.isEmpty()) {
      if (field.rules.nullable && field.type == Type::Text)
        as<std::string>(target).clear();
      else if (field.rules.nullable && field.type == Type::OptionalInteger)
        as<std::optional<std::int64_t>>(target).reset();
      continue;
    }
    switch (field.type) {
      case Type::Integer:
      case Type::OptionalInteger: {
        std::optional<std::int64_t> number;
        if (field.rules.money && value.isString())
          number = parseMoney(value.extract<std::string>());
        else if (!field.rules.money && value.isInteger() && !value.isBoolean()) {
          try {
            number = value.convert<std::int64_t>();
          } catch (const Poco::Exception&) {  // an unsigned past INT64_MAX
          }
        }
        if (!number)
          body.typeError(name,
                         field.rules.money ? "Must be a decimal string." : "Must be an integer.");
        else if (field.type == Type::Integer)
          as<std::int64_t>(target) = *number;
        else
          as<std::optional<std::int64_t>>(target) = number;
        break;
      }
      case Type::Text:
        if (value.isString())
          as<std::string>(target) = value.extract<std::string>();
        else
          body.typeError(name, "Must be a string.");
        break;
      case Type::Boolean:
        if (value.isBoolean())
          as<bool>(target) = value.extract<bool>();
        else
          body.typeError(name, "Must be a boolean.");
        break;
      case Type::TextList:
      case Type::Objects: {
        if (value.type() != typeid(Poco::JSON::Array::Ptr)) {
          body.typeError(name, "Must be an array.");
          break;
        }
        const auto& items = value.extract<Poco::JSON::Array::Ptr>();
        if (!items)
          body.typeError(name, "Must be an array.");
        else if (field.type == Type::TextList)
          readTexts(body, name, *items, as<std::vector<std::string>>(target));
        else
          readObjects(body, field, *items, target, [&field](JsonBody& inner, void* element) {
            field.items->readWritten(inner, element);
          });
        break;
      }
      case Type::Any:
        as<Poco::Dynamic::Var>(target) = value;
        break;
    }
  }
}

void ShapeSchema::readJson(JsonBody& body, void* object, Input mode, bool everything) const {
  if (everything)  // a payload duka wrote
    return readWritten(body, object);
  const bool whole = mode != Input::Patch;
  for (const Field& field : fields_) {
    if (!field.member || field.rules.readOnly)
      continue;
    void* target = const_cast<void*>(field.member(object));
    const FieldRules& rules = field.rules;
    const std::string& name = field.name;
    const bool given = JsonReads::object(body)->has(name);
    if (given && JsonReads::object(body)->get(name).isEmpty()) {
      if (rules.nullable && field.type == Type::Text)
        as<std::string>(target).clear();
      else if (rules.nullable && field.type == Type::OptionalInteger)
        as<std::optional<std::int64_t>>(target).reset();
      else if (whole && rules.required)
        body.ruleError(name, "This field is required.");
      continue;
    }
    if (!given && !rules.defaultValue.isEmpty() && whole) {
      Poco::JSON::Object::Ptr fallback = new Poco::JSON::Object;
      fallback->set(name, rules.defaultValue);
      JsonBody defaults(fallback);
      readJson(defaults, object, Input::Patch, true);
      continue;
    }
    const bool required = whole && rules.required;
    const std::int64_t min = rules.min, max = rules.max;
    switch (field.type) {
      case Type::Integer:
      case Type::OptionalInteger: {
        std::optional<std::int64_t> number;
        if (rules.money) {
          const auto text = JsonReads::string(body, name, required, 1, 32);
          if (text && !(number = parseMoney(*text))) {
            body.ruleError(name,
                           "must be a decimal string with at most two places, e.g. \"12.50\"");
          } else if (number && (*number < min || *number > max)) {
            body.ruleError(name, "Must be from " + formatMoney(std::max<std::int64_t>(min, 0)) +
                                     " to " + formatMoney(std::min(max, kMaxMoneyMinor)) + ".");
            number.reset();
          }
        } else {
          number = JsonReads::integer(body, name, required, min, max);
        }
        if (number && field.type == Type::Integer)
          as<std::int64_t>(target) = *number;
        else if (number)
          as<std::optional<std::int64_t>>(target) = number;
        break;
      }
      case Type::Text: {
        const auto text = JsonReads::string(body, name, required, rules.minLength, rules.maxLength);
        if (!text)
          break;
        if (const std::string problem = textProblem(rules, *text); !problem.empty())
          body.ruleError(name, problem);
        else
          as<std::string>(target) = *text;
        break;
      }
      case Type::Boolean:
        if (const auto flag = JsonReads::boolean(body, name, required))
          as<bool>(target) = *flag;
        break;
      case Type::TextList:
        if (const auto items =
                JsonReads::array(body, name, required, rules.minItems, rules.maxItems))
          readTexts(body, name, *items, as<std::vector<std::string>>(target));
        break;
      case Type::Objects:
        // A given array replaces the one there.
        if (const auto items =
                JsonReads::array(body, name, required, rules.minItems, rules.maxItems))
          readObjects(body, field, *items, target, [&field](JsonBody& inner, void* element) {
            field.items->readJson(inner, element, Input::Create);
          });
        break;
      case Type::Any:
        if (given)
          as<Poco::Dynamic::Var>(target) = JsonReads::object(body)->get(name);
        else if (required)
          body.ruleError(name, "This field is required.");
        break;
    }
  }
}

void ShapeSchema::readQuery(const Request& request, void* object) const {
  FieldErrors errors;
  for (const Field& field : fields_) {
    const auto text = request.query(field.name);
    if (!field.member || field.rules.readOnly || !text || text->empty())
      continue;
    void* target = const_cast<void*>(field.member(object));
    const FieldRules& rules = field.rules;
    switch (field.type) {
      case Type::Integer:
      case Type::OptionalInteger: {
        Poco::Int64 number = 0;
        if (!Poco::NumberParser::tryParse64(*text, number))
          errors[field.name].push_back("Must be an integer.");
        else if (number < rules.min)
          errors[field.name].push_back("Must be at least " + std::to_string(rules.min) + ".");
        else if (number > rules.max)
          errors[field.name].push_back("Must be at most " + std::to_string(rules.max) + ".");
        else if (field.type == Type::Integer)
          as<std::int64_t>(target) = number;
        else
          as<std::optional<std::int64_t>>(target) = number;
        break;
      }
      case Type::Text: {
        // The text is held to the same rules as a body's (length in code points, UTF-8).
        Poco::JSON::Object::Ptr single = new Poco::JSON::Object;
        single->set(field.name, *text);
        JsonBody one(single);
        const auto checked = JsonReads::string(one, field.name, false, 0, rules.maxLength);
        const std::string problem = checked ? textProblem(rules, *checked) : "";
        for (const auto& found : {JsonReads::typeErrors(one), JsonReads::ruleErrors(one)})
          for (const auto& [key, messages] : found)
            errors[key].insert(errors[key].end(), messages.begin(), messages.end());
        if (!problem.empty())
          errors[field.name].push_back(problem);
        else if (checked)
          as<std::string>(target) = *checked;
        break;
      }
      case Type::Boolean: {
        bool flag = false;
        if (!parseBoolean(*text, flag))
          errors[field.name].push_back("Must be true or false.");
        as<bool>(target) = flag;
        break;
      }
      default:
        throw std::logic_error("query parameter " + field.name + " must be a scalar");
    }
  }
  if (!errors.empty())
    throw badRequest("Some query parameters are not valid.", std::move(errors));
}

}  // namespace duka
