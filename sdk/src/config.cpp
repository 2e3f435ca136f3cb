// Settings: typed reads of a validated INI section.
#include "duka/config.hpp"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <stdexcept>

namespace duka {

namespace {

Setting make(std::string key, SettingType type, std::string defaultValue, std::string description) {
  Setting setting;
  setting.key = std::move(key);
  setting.type = type;
  setting.defaultValue = std::move(defaultValue);
  setting.description = std::move(description);
  return setting;
}

}  // namespace

Setting Setting::text(std::string key, std::string defaultValue, std::string description) {
  return make(std::move(key), SettingType::String, std::move(defaultValue), std::move(description));
}

Setting Setting::integer(std::string key, std::int64_t defaultValue, std::int64_t min,
                         std::int64_t max, std::string description) {
  Setting setting = make(std::move(key), SettingType::Integer, std::to_string(defaultValue),
                         std::move(description));
  setting.min = min;
  setting.max = max;
  return setting;
}

Setting Setting::boolean(std::string key, bool defaultValue, std::string description) {
  return make(std::move(key), SettingType::Boolean, defaultValue ? "true" : "false",
              std::move(description));
}

Setting Setting::list(std::string key, std::string defaultValue, std::string description) {
  return make(std::move(key), SettingType::List, std::move(defaultValue), std::move(description));
}

Setting Setting::choice(std::string key, std::string defaultValue, std::vector<std::string> choices,
                        std::string description) {
  Setting setting =
      make(std::move(key), SettingType::Choice, std::move(defaultValue), std::move(description));
  setting.choices = std::move(choices);
  return setting;
}

Setting& Setting::asRequired() {
  required = true;
  return *this;
}

Setting& Setting::asSecret() {
  secret = true;
  return *this;
}

Settings::Settings(std::string section, std::map<std::string, std::string> values)
    : section_(std::move(section)), values_(std::move(values)) {}

bool Settings::has(const std::string& key) const {
  return values_.count(key) != 0;
}

const std::string& Settings::string(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) {
    throw std::out_of_range("[" + section_ + "] has no declared key '" + key + "'");
  }
  return it->second;
}

std::int64_t Settings::integer(const std::string& key) const {
  return Poco::NumberParser::parse64(string(key));
}

bool Settings::boolean(const std::string& key) const {
  bool value = false;
  parseBoolean(string(key), value);
  return value;
}

std::vector<std::string> Settings::list(const std::string& key) const {
  std::vector<std::string> items;
  Poco::StringTokenizer tokens(
      string(key), ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const auto& token : tokens)
    items.push_back(token);
  return items;
}

std::map<std::string, std::string> Settings::family(const std::string& prefix) const {
  std::map<std::string, std::string> members;
  for (auto it = values_.lower_bound(prefix); it != values_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0)
      break;
    members.emplace(it->first.substr(prefix.size()), it->second);
  }
  return members;
}

bool parseBoolean(const std::string& text, bool& value) {
  const std::string lower = Poco::toLower(Poco::trim(text));
  if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") {
    value = true;
    return true;
  }
  if (lower == "false" || lower == "no" || lower == "off" || lower == "0") {
    value = false;
    return true;
  }
  return false;
}

}  // namespace duka
