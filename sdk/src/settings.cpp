// Settings: the keys a plugin declares, and typed reads of a validated INI section.
#include "duka/settings.hpp"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <chrono>
#include <stdexcept>

#include "host_api.hpp"

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

Setting Setting::url(std::string key, std::string defaultValue, std::string description) {
  return make(std::move(key), SettingType::Url, std::move(defaultValue), std::move(description));
}

Setting& Setting::asRequired() {
  required = true;
  return *this;
}

Setting& Setting::asRequiredInProduction() {
  requiredInProduction = true;
  return *this;
}

Setting& Setting::asSecret() {
  secret = true;
  return *this;
}

namespace {

const std::string& valueOf(const IniSection& section, const std::string& key) {
  const auto it = section.values.find(key);
  if (it == section.values.end())
    throw std::out_of_range("[" + section.section + "] has no declared key '" + key + "'");
  return it->second;
}

}  // namespace

template <>
void detail::readSetting(const IniSection& section, const std::string& key, std::string& out) {
  out = valueOf(section, key);
}

template <>
void detail::readSetting(const IniSection& section, const std::string& key, std::int64_t& out) {
  out = Poco::NumberParser::parse64(valueOf(section, key));
}

template <>
void detail::readSetting(const IniSection& section, const std::string& key, int& out) {
  out = Poco::NumberParser::parse(valueOf(section, key));
}

template <>
void detail::readSetting(const IniSection& section, const std::string& key, bool& out) {
  parseBoolean(valueOf(section, key), out);
}

template <>
void detail::readSetting(const IniSection& section, const std::string& key,
                         std::chrono::seconds& out) {
  out = std::chrono::seconds(Poco::NumberParser::parse64(valueOf(section, key)));
}

template <>
void detail::readSetting(const IniSection& section, const std::string& key,
                         std::vector<std::string>& out) {
  out.clear();
  Poco::StringTokenizer tokens(
      valueOf(section, key), ",",
      Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const auto& token : tokens)
    out.push_back(token);
}

template <>
void detail::readSetting(const IniSection& section, const std::string& prefix,
                         std::map<std::string, std::string>& out) {
  out.clear();
  const auto& values = section.values;
  for (auto it = values.lower_bound(prefix); it != values.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0)
      break;
    out.emplace(it->first.substr(prefix.size()), it->second);
  }
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
