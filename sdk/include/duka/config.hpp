// duka/config.hpp: a plugin's settings: the declared fields (Setting) that validate its
// INI section, document it and feed `duka --check`, and the validated values (Settings).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace duka {

enum class SettingType { String, Integer, Boolean, List, Choice };

// Setting declares one key of a section. A key ending in ".*" declares a family of keys
// sharing a prefix (e.g. "template.*" accepts template.order_created). Build one with the
// factories: Setting::integer("port", 8080, 0, 65535, "TCP port").
struct Setting {
  std::string key;
  SettingType type = SettingType::String;
  std::string defaultValue;
  std::string description;
  bool required = false;  // must be set to a non-empty value
  bool secret = false;    // never logged, never echoed in an error
  std::int64_t min = std::numeric_limits<std::int64_t>::min();  // Integer only
  std::int64_t max = std::numeric_limits<std::int64_t>::max();  // Integer only
  std::vector<std::string> choices;                             // Choice only

  static Setting text(std::string key, std::string defaultValue, std::string description);
  static Setting integer(std::string key, std::int64_t defaultValue, std::int64_t min,
                         std::int64_t max, std::string description);
  static Setting boolean(std::string key, bool defaultValue, std::string description);
  // list is a comma-separated value, read with Settings::list.
  static Setting list(std::string key, std::string defaultValue, std::string description);
  static Setting choice(std::string key, std::string defaultValue, std::vector<std::string> choices,
                        std::string description);
  Setting& asRequired();
  Setting& asSecret();
};

// Settings is a validated section: every declared key has a value (its default at least).
class Settings {
 public:
  Settings() = default;
  Settings(std::string section, std::map<std::string, std::string> values);

  const std::string& section() const { return section_; }
  bool has(const std::string& key) const;
  // The accessors throw std::out_of_range for a key that was not declared.
  const std::string& string(const std::string& key) const;
  std::int64_t integer(const std::string& key) const;
  bool boolean(const std::string& key) const;
  // list splits a comma-separated value, trimming blanks and dropping empty items.
  std::vector<std::string> list(const std::string& key) const;
  // family returns the keys under prefix ("template.") without the prefix.
  std::map<std::string, std::string> family(const std::string& prefix) const;

 private:
  std::string section_;
  std::map<std::string, std::string> values_;
};

// SettingProblem is a rule of a plugin's section that its declared fields cannot express
// (e.g. "oidc_client_id is required when oidc_issuer is set"). The host reports it as
// "<file>: [<section>] <key>: <message>".
struct SettingProblem {
  std::string key;
  std::string message;
};

// parseBoolean reads true/false, yes/no, on/off, 1/0 (any case); false when it is none.
bool parseBoolean(const std::string& text, bool& value);

}  // namespace duka
