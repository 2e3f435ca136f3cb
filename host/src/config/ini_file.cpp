#include "config/ini_file.hpp"

#include <Poco/Exception.h>
#include <Poco/Util/SystemConfiguration.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string_view>

#include "config/config_error.hpp"

namespace duka::host {

namespace {

void collectKeys(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                 const std::string& relative, int depth, std::vector<std::string>& out) {
  Poco::Util::AbstractConfiguration::Keys children;
  config.keys(prefix, children);
  if (children.empty()) {
    if (depth > 0)
      out.push_back(relative);  // "" or ".x" too: a key with an empty part, for the validator
    return;
  }
  // A key can be both a value and a parent ("template" and "template.x"); keep both.
  if (depth > 0 && config.hasProperty(prefix))
    out.push_back(relative);
  for (const auto& child : children) {
    collectKeys(config, prefix + "." + child, depth == 0 ? child : relative + "." + child,
                depth + 1, out);
  }
}

}  // namespace

IniFile::IniFile(std::string fileName, Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini)
    : fileName_(std::move(fileName)),
      ini_(std::move(ini)),
      resolved_(new Poco::Util::LayeredConfiguration) {
  // Values are expanded against one layered view: the file itself plus system.* (which
  // gives system.env.NAME), so "${system.env.DUKA_TOKEN_SECRET}" resolves.
  resolved_->add(Poco::Util::AbstractConfiguration::Ptr(ini_.get(), true), 0);
  resolved_->add(Poco::Util::AbstractConfiguration::Ptr(new Poco::Util::SystemConfiguration), 100);
}

IniFile IniFile::load(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw ConfigError({path + ": cannot read the configuration file"});
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

IniFile IniFile::parse(const std::string& text, const std::string& fileName) {
  std::istringstream lines(text);
  std::ostringstream cleaned;
  std::string line;
  int number = 0;
  std::vector<std::string> errors;
  int settings = 0;
  // partsOf counts the dotted parts of a key or section name.
  const auto partsOf = [](std::string_view name) {
    return 1 + static_cast<int>(std::count(name.begin(), name.end(), '.'));
  };
  while (std::getline(lines, line)) {
    ++number;
    std::string stripped = stripInlineComment(line);
    const auto first = stripped.find_first_not_of(" \t\r");
    const bool blank = first == std::string::npos;
    const char lead = blank ? ' ' : stripped[first];
    const std::string at = fileName + ":" + std::to_string(number) + ": ";
    if (lead == '[') {
      // Poco would read what follows the ']' as the next line: only a comment may follow.
      const auto close = stripped.find(']');
      const auto rest =
          close == std::string::npos ? close : stripped.find_first_not_of(" \t\r", close + 1);
      if (close == std::string::npos)
        errors.push_back(at + "unterminated [section]");
      else if (rest != std::string::npos && stripped[rest] != ';' && stripped[rest] != '#')
        errors.push_back(at + "text after the [section] on its line");
      else if (partsOf(std::string_view(stripped).substr(first + 1, close - first - 1)) > kMaxParts)
        errors.push_back(at + "a [section] name of more than " + std::to_string(kMaxParts) +
                         " parts");
      if (close != std::string::npos)
        stripped.erase(close + 1);  // the comment after it
    } else if (!blank && lead != ';' && lead != '#') {
      const auto equals = stripped.find('=');
      if (equals == std::string::npos)
        errors.push_back(at + "expected 'key = value', a [section] or a comment");
      else if (partsOf(std::string_view(stripped).substr(first, equals - first)) > kMaxParts)
        errors.push_back(at + "a key of more than " + std::to_string(kMaxParts) + " parts");
      ++settings;
    }
    // Poco's parser knows ';' comments only; '#' lines are dropped here.
    if (lead == '#')
      stripped.clear();
    cleaned << stripped << '\n';
  }
  if (settings > kMaxSettings) {
    errors.push_back(fileName + ": more than " + std::to_string(kMaxSettings) +
                     " settings (a duka configuration has a few dozen)");
  }
  if (!errors.empty())
    throw ConfigError(errors);
  std::istringstream in(cleaned.str());
  Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini(new Poco::Util::IniFileConfiguration(in));
  return IniFile(fileName, ini);
}

std::string IniFile::stripInlineComment(const std::string& line) {
  for (std::size_t i = 1; i < line.size(); ++i) {
    if ((line[i] == ';' || line[i] == '#') && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return line.substr(0, i);
    }
  }
  return line;
}

std::vector<std::string> IniFile::sections() const {
  Poco::Util::AbstractConfiguration::Keys roots;
  ini_->keys(roots);
  return roots;
}

std::vector<std::string> IniFile::keys(const std::string& section) const {
  std::vector<std::string> out;
  collectKeys(*ini_, section, "", 0, out);
  return out;
}

std::optional<std::string> IniFile::value(const std::string& section,
                                          const std::string& key) const {
  const std::string full = section + "." + key;
  if (!ini_->hasProperty(full))
    return std::nullopt;
  std::string value;
  try {
    value = resolved_->getString(full);
  } catch (const Poco::Exception& e) {
    throw ConfigError({fileName_ + ": [" + section + "] " + key + ": " + e.displayText()});
  }
  const auto ref = value.find("${");
  if (ref != std::string::npos) {
    const auto end = value.find('}', ref);
    const std::string name =
        value.substr(ref, end == std::string::npos ? std::string::npos : end - ref + 1);
    throw ConfigError({fileName_ + ": [" + section + "] " + key + ": the reference " + name +
                       " does not resolve: that environment variable is not set for duka (the "
                       "package keeps it in /etc/duka/secrets, which duka.service and "
                       "`sudo duka-admin` read)"});
  }
  return value;
}

}  // namespace duka::host
