// duka/settings.hpp: a plugin's settings, declared once. Settings<T> declares the keys of
// the plugin's INI section (named after the plugin), each bound to the member of T it fills,
// and the rules across keys; IniSection is the section's validated values. The host checks
// the section with the declaration (`duka --check`) and prints it (`--describe-settings`).
//   const Settings<Acme> kSettings = Settings<Acme>().bind(
//       Setting::integer("retries", 3, 0, 10, "per message"), &Acme::retries);
//   const Acme settings = kSettings.read(context.section());  // in start()
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "duka/detail/setting_reads.hpp"

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

// IniSection is a validated section: every declared key has its value (a default at least).
struct IniSection {
  std::string section;
  std::map<std::string, std::string> values;
};

// SettingsDeclaration is a plugin's declared keys and rules, as the host sees them.
class SettingsDeclaration {
 public:
  const std::vector<Setting>& declared() const { return declared_; }
  std::vector<SettingProblem> problems(const IniSection& section) const {
    return check_ ? check_(*this, section) : std::vector<SettingProblem>{};
  }

 protected:
  std::vector<Setting> declared_;
  std::function<std::vector<SettingProblem>(const SettingsDeclaration&, const IniSection&)> check_;
};

template <class T>
class Settings : public SettingsDeclaration {
 public:
  template <class M>
  Settings& bind(Setting setting, M T::*member) {
    fills_.push_back([key = setting.key, member](const IniSection& s, T& out) {
      detail::readSetting(s, key.ends_with(".*") ? key.substr(0, key.size() - 1) : key,
                          out.*member);
    });
    declared_.push_back(std::move(setting));
    return *this;
  }
  // nest binds an inner struct's keys, as its own spec declares them.
  template <class Inner>
  Settings& nest(Inner T::*member, const Settings<Inner>& inner) {
    declared_.insert(declared_.end(), inner.declared().begin(), inner.declared().end());
    fills_.push_back([member, inner](const IniSection& s, T& out) { out.*member = inner.read(s); });
    return *this;
  }
  // rule checks the filled struct across keys (e.g. "api_key is required when ...").
  Settings& rule(std::function<std::vector<SettingProblem>(const T&)> check) {
    check_ = [check](const SettingsDeclaration& self, const IniSection& s) {
      return check(static_cast<const Settings&>(self).read(s));
    };
    return *this;
  }
  T read(const IniSection& section) const {
    T out{};
    for (const auto& fill : fills_)
      fill(section, out);
    return out;
  }

 private:
  std::vector<std::function<void(const IniSection&, T&)>> fills_;
};

}  // namespace duka
