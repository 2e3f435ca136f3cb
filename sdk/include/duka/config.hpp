// duka/config.hpp: a plugin's settings, declared once: each key of its INI section (type,
// default, limits, description) bound to the member of the plugin's settings struct it fills,
// and the rules across keys. The host validates the section with it (also for `duka --check`).
//   static const SettingsOf<AcmeSettings> kSettings =
//       SettingsOf<AcmeSettings>()
//           .bind(Setting::text("from", "", "the sender").asRequired(), &AcmeSettings::from)
//           .bind(Setting::integer("retries", 3, 0, 10, "per message"), &AcmeSettings::retries);
//   const SettingsSpec& settings() const override { return kSettings; }  // in the Plugin
//   const AcmeSettings settings = kSettings.read(context.settings());     // in start()
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace duka {

enum class SettingType { String, Integer, Boolean, List, Choice, Url };

// Setting is one declared key. A key ending in ".*" declares a family ("template.*").
struct Setting {
  std::string key;
  SettingType type = SettingType::String;
  std::string defaultValue, description;
  bool required = false;              // must be set, non-empty
  bool requiredInProduction = false;  // so when [server] environment = production
  bool secret = false;                // never logged or echoed
  std::int64_t min = std::numeric_limits<std::int64_t>::min(),
               max = std::numeric_limits<std::int64_t>::max();
  std::vector<std::string> choices;

  static Setting text(std::string key, std::string defaultValue, std::string description);
  static Setting integer(std::string key, std::int64_t defaultValue, std::int64_t min,
                         std::int64_t max, std::string description);
  static Setting boolean(std::string key, bool defaultValue, std::string description);
  static Setting list(std::string key, std::string defaultValue, std::string description);
  static Setting choice(std::string key, std::string defaultValue, std::vector<std::string> choices,
                        std::string description);
  // url is a service's base URL: https, or plain http only to a loopback host (a test fake).
  static Setting url(std::string key, std::string defaultValue, std::string description);
  Setting& asRequired();
  Setting& asRequiredInProduction();
  Setting& asSecret();
};

// SettingProblem is a broken rule; the host reports "<file>: [<section>] <key>: <message>".
struct SettingProblem {
  std::string key, message;
};

// Settings is a validated section: every declared key has its value (a default at least).
struct Settings {
  std::string section;
  std::map<std::string, std::string> values;
};

// readSetting converts a validated value into a member of type M: std::string, std::int64_t,
// int, bool, std::chrono::seconds, std::vector<std::string> (a list), or
// std::map<std::string, std::string> (a family, by the rest of each key).
template <class M>
void readSetting(const Settings& section, const std::string& key, M& out);
bool parseBoolean(const std::string& text, bool& value);  // true/false, yes/no, on/off, 1/0

// SettingsSpec is a plugin's declared keys and rules, as the host sees them.
class SettingsSpec {
 public:
  const std::vector<Setting>& declared() const { return declared_; }
  std::vector<SettingProblem> problems(const Settings& section) const {
    return check_ ? check_(*this, section) : std::vector<SettingProblem>{};
  }

 protected:
  std::vector<Setting> declared_;
  std::function<std::vector<SettingProblem>(const SettingsSpec&, const Settings&)> check_;
};

template <class T>
class SettingsOf : public SettingsSpec {
 public:
  template <class M>
  SettingsOf& bind(Setting setting, M T::*member) {
    fills_.push_back([key = setting.key, member](const Settings& s, T& out) {
      readSetting(s, key.ends_with(".*") ? key.substr(0, key.size() - 1) : key, out.*member);
    });
    declared_.push_back(std::move(setting));
    return *this;
  }
  // nest binds an inner struct's keys, as its own spec declares them.
  template <class Inner>
  SettingsOf& nest(Inner T::*member, const SettingsOf<Inner>& inner) {
    declared_.insert(declared_.end(), inner.declared().begin(), inner.declared().end());
    fills_.push_back([member, inner](const Settings& s, T& out) { out.*member = inner.read(s); });
    return *this;
  }
  // rule checks the filled struct across keys (e.g. "api_key is required when ...").
  SettingsOf& rule(std::function<std::vector<SettingProblem>(const T&)> check) {
    check_ = [check](const SettingsSpec& self, const Settings& s) {
      return check(static_cast<const SettingsOf&>(self).read(s));
    };
    return *this;
  }
  T read(const Settings& section) const {
    T out{};
    for (const auto& fill : fills_)
      fill(section, out);
    return out;
  }

 private:
  std::vector<std::function<void(const Settings&, T&)>> fills_;
};

}  // namespace duka
