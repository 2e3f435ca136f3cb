#include "config/section_validator.hpp"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "config/config_error.hpp"
#include "config/nearest_name.hpp"
#include "duka/facility/http_client.hpp"
#include "host_api.hpp"

namespace duka::host {

namespace {

const Setting* declaredFor(const std::vector<Setting>& declared, const std::string& key) {
  for (const auto& setting : declared) {
    if (Poco::icompare(setting.key, key) == 0)
      return &setting;
    const std::size_t n = setting.key.size();
    if (n >= 2 && setting.key.compare(n - 2, 2, ".*") == 0 && key.size() > n - 1 &&
        Poco::icompare(key.substr(0, n - 1), setting.key.substr(0, n - 1)) == 0) {
      return &setting;
    }
  }
  return nullptr;
}

// checkValue returns an empty string when value suits setting, else what is wrong.
std::string checkValue(const Setting& setting, const std::string& value) {
  switch (setting.type) {
    case SettingType::Integer: {
      Poco::Int64 number = 0;
      if (!Poco::NumberParser::tryParse64(Poco::trim(value), number))
        return "must be an integer";
      if (number < setting.min || number > setting.max) {
        return "must be between " + std::to_string(setting.min) + " and " +
               std::to_string(setting.max);
      }
      return "";
    }
    case SettingType::Boolean: {
      bool flag = false;
      return parseBoolean(value, flag) ? "" : "must be true or false";
    }
    case SettingType::Choice: {
      for (const auto& choice : setting.choices) {
        if (Poco::icompare(choice, Poco::trim(value)) == 0)
          return "";
      }
      std::string allowed;
      for (const auto& choice : setting.choices)
        allowed += (allowed.empty() ? "" : ", ") + choice;
      return "must be one of: " + allowed;
    }
    case SettingType::Url:
      return Poco::trim(value).empty() || isSecureServiceUrl(Poco::trim(value))
                 ? ""
                 : "must be an https URL (plain http only to a loopback host)";
    case SettingType::String:
    case SettingType::List:
      return "";
  }
  return "";
}

std::string normalise(const Setting& setting, const std::string& value) {
  if (setting.type == SettingType::Choice)
    return Poco::toLower(Poco::trim(value));
  if (setting.type == SettingType::Integer)
    return Poco::trim(value);
  return value;
}

// kMinimumSecretBits: what a credential's value must be worth in production, estimated as
// its length times log2 of the distinct characters it uses (a 16-character random hex
// token: about 57 bits; 32 characters of "ab" repeated: 32).
constexpr double kMinimumSecretBits = 48;

// weakSecret names what is wrong with a credential's value for production, "" when nothing.
std::string weakSecret(const std::string& value) {
  const std::set<char> distinct(value.begin(), value.end());
  if (distinct.size() == 1)
    return "is one character repeated";
  const double bits =
      static_cast<double>(value.size()) * std::log2(static_cast<double>(distinct.size()));
  if (bits < kMinimumSecretBits)
    return "is too predictable for production (about " + std::to_string(static_cast<int>(bits)) +
           " bits; make one with: openssl rand -hex 32)";
  return "";
}

}  // namespace

IniSection validateSection(const IniFile& ini, const std::string& section,
                           const std::vector<Setting>& declared, std::vector<std::string>& errors,
                           bool production) {
  const std::string where = ini.fileName() + ": [" + section + "] ";
  std::map<std::string, std::string> values;
  std::set<std::string> reported;  // keys with an error already: no follow-on "is required"
  for (const auto& setting : declared) {
    const std::size_t n = setting.key.size();
    if (n >= 2 && setting.key.compare(n - 2, 2, ".*") == 0)
      continue;  // families have no default
    values[setting.key] = setting.defaultValue;
  }

  for (const auto& key : ini.keys(section)) {
    // Poco reads "a..b", ".a" and "a." as keys it then may have no value for.
    if (key.empty() || key.front() == '.' || key.back() == '.' ||
        key.find("..") != std::string::npos) {
      errors.push_back(where + "'" + key + "': a key has no empty part between dots");
      continue;
    }
    const Setting* setting = declaredFor(declared, key);
    if (!setting) {
      std::vector<std::string> keys;
      for (const auto& candidate : declared)
        keys.push_back(candidate.key);
      const auto nearest = nearestName(key, keys);
      errors.push_back(where + key + ": unknown key" +
                       (nearest ? " (did you mean '" + *nearest + "'?)" : ""));
      continue;
    }
    std::optional<std::string> value;
    try {
      value = ini.value(section, key);
    } catch (const ConfigError& e) {
      errors.insert(errors.end(), e.messages().begin(), e.messages().end());
      reported.insert(setting->key);
      continue;
    }
    if (!value) {
      errors.push_back(where + key + ": has no value duka can read");
      continue;
    }
    const std::string problem = checkValue(*setting, *value);
    if (!problem.empty()) {
      errors.push_back(where + key + ": " + problem +
                       (setting->secret ? "" : " (got '" + *value + "')"));
      continue;
    }
    // A credential production needs must not be guessable (the value is never shown).
    if (production && setting->secret && setting->requiredInProduction && !value->empty()) {
      if (const std::string weak = weakSecret(*value); !weak.empty())
        errors.push_back(where + key + ": " + weak);
    }
    const bool family =
        setting->key.size() >= 2 && setting->key.compare(setting->key.size() - 2, 2, ".*") == 0;
    values[family ? Poco::toLower(key) : setting->key] = normalise(*setting, *value);
  }

  for (const auto& setting : declared) {
    const auto value = values.find(setting.key);  // families have none
    if (value == values.end() || !Poco::trim(value->second).empty() ||
        reported.count(setting.key) != 0)
      continue;
    if (setting.required) {
      errors.push_back(where + setting.key + ": is required" +
                       (setting.description.empty() ? "" : " (" + setting.description + ")"));
    } else if (production && setting.requiredInProduction) {
      errors.push_back(where + setting.key +
                       ": is required when [server] environment = production");
    }
  }
  return IniSection{section, std::move(values)};
}

}  // namespace duka::host
