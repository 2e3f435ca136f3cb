// IniFile: duka's INI file read with Poco's configuration classes, so that values may take
// ${system.env.NAME} from the environment.
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <optional>
#include <string>
#include <vector>

namespace duka::host {

class IniFile {
 public:
  // A file is refused with more settings than kMaxSettings, or a key or section name of
  // more than kMaxParts dotted parts: a configuration has a few dozen keys of a few parts,
  // and listing keys costs a pass over the file per part.
  static constexpr int kMaxSettings = 500;
  static constexpr int kMaxParts = 8;

  // load reads the file; a file that cannot be read throws ConfigError naming it.
  static IniFile load(const std::string& path);
  // parse reads INI text; fileName is used in messages.
  static IniFile parse(const std::string& text, const std::string& fileName);

  const std::string& fileName() const { return fileName_; }
  // sections lists the top-level section names present in the file.
  std::vector<std::string> sections() const;
  // keys lists every key below section, dotted relative to it ("africastalking.api_key").
  std::vector<std::string> keys(const std::string& section) const;
  // value is the expanded value of section.key, if present. A ${...} reference that does
  // not resolve throws ConfigError naming file, section and key.
  std::optional<std::string> value(const std::string& section, const std::string& key) const;

  // stripInlineComment drops a trailing "; comment" (a ';' or '#' after a blank).
  static std::string stripInlineComment(const std::string& line);

 private:
  IniFile(std::string fileName, Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini);

  std::string fileName_;
  Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini_;
  Poco::AutoPtr<Poco::Util::LayeredConfiguration> resolved_;
};

}  // namespace duka::host
