#include "cli/describe_settings.hpp"

#include <limits>
#include <sstream>

#include "config/host_config.hpp"

namespace duka::host {

namespace {

// cell keeps a table cell one cell: a '|' would end it.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// bound is an integer limit as the reference shows it: "" where the declaration set none.
std::string bound(std::int64_t value) {
  using Limits = std::numeric_limits<std::int64_t>;
  return value == Limits::min() || value == Limits::max() ? "" : std::to_string(value);
}

std::string typeOf(const Setting& setting) {
  switch (setting.type) {
    case SettingType::String:
      return "text";
    case SettingType::Integer: {
      const std::string min = bound(setting.min), max = bound(setting.max);
      if (min.empty() && max.empty())
        return "integer";
      if (max.empty())
        return "integer, at least " + min;
      if (min.empty())
        return "integer, at most " + max;
      return "integer, " + min + "–" + max;
    }
    case SettingType::Boolean:
      return "boolean";
    case SettingType::List:
      return "list (comma-separated)";
    case SettingType::Choice: {
      std::string out = "one of ";
      for (std::size_t i = 0; i < setting.choices.size(); ++i)
        out += (i ? ", " : "") + setting.choices[i];
      return out;
    }
    case SettingType::Url:
      return "URL (https, or http to a loopback host)";
  }
  return "text";
}

std::string rulesOf(const Setting& setting) {
  std::string out;
  const auto add = [&](const std::string& rule) { out += (out.empty() ? "" : "; ") + rule; };
  if (setting.required)
    add("required");
  if (setting.requiredInProduction)
    add("required in production");
  if (setting.secret)
    add("secret");
  if (setting.key.ends_with(".*"))
    add("a family of keys");
  return out;
}

}  // namespace

std::string describeSettings(const std::vector<DescribedSection>& sections) {
  std::ostringstream out;
  out << "# Settings reference\n\n"
         "Every section and key of duka's INI file, written by `duka --describe-settings` from "
         "the declarations in the code (here with every shipped plugin enabled). A key left out "
         "takes its default; `${system.env.NAME}` takes a value from the environment. Secrets "
         "are never logged or echoed.\n";
  for (const auto& section : sections) {
    out << "\n## [" << section.name << "]\n\n"
        << section.owner << (section.description.empty() ? "" : ": " + section.description)
        << ".\n\n";
    if (section.settings->empty()) {
      out << "No keys.\n";
      continue;
    }
    out << "| key | default | type | rules | meaning |\n|---|---|---|---|---|\n";
    for (const Setting& setting : *section.settings) {
      out << "| " << cell(setting.key) << " | ";
      if (setting.defaultValue.empty())
        out << "(empty)";
      else
        out << '`' << cell(setting.defaultValue) << '`';
      out << " | " << cell(typeOf(setting)) << " | " << cell(rulesOf(setting)) << " | "
          << cell(setting.description) << " |\n";
    }
  }
  return out.str();
}

std::string describeAll(const std::vector<LoadedPlugin>& plugins) {
  std::vector<Setting> pluginsKeys = pluginsSettings().declared();
  for (Setting& setting : pluginsKeys) {
    if (setting.key == "dir")
      setting.defaultValue = "<folder of duka>/../lib/duka/plugins";
  }
  std::vector<DescribedSection> sections{
      {"server", "The host",
       "the HTTP server. A reload (SIGHUP) applies every key but address, port, queue, threads "
       "and max_connections, which apply at a restart",
       &serverSettings().declared()},
      {"database", "The host",
       "the database every plugin shares. Every key applies at a restart, not at a reload",
       &databaseSettings().declared()},
      {"plugins", "The host", "which plugins load, and from where. A reload applies both keys",
       &pluginsKeys},
      {"log", "The host",
       "logging. A reload applies level and access_log; the other keys apply at a restart",
       &logSettings().declared()}};
  for (const auto& plugin : plugins) {
    sections.push_back({plugin.info.name, "Plugin `" + plugin.info.name + "`",
                        plugin.info.description, &plugin.plugin->settings().declared()});
  }
  return describeSettings(sections);
}

}  // namespace duka::host
