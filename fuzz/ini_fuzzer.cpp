// The INI file: read as duka reads its configuration (Poco's INI reader behind IniFile,
// inline comments, ${...} references), then the host's own sections validated. A bad file
// must be a ConfigError naming what is wrong, never a crash.
#include <cstdint>
#include <stdexcept>

#include "config/config_error.hpp"
#include "config/host_config.hpp"
#include "config/ini_file.hpp"

using namespace duka::host;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    IniFile ini = IniFile::parse(text, "fuzz.ini");
    for (const auto& section : ini.sections())
      for (const auto& key : ini.keys(section))
        ini.value(section, key);
    IniFile::stripInlineComment(text);
    HostConfig::load(std::move(ini));
  } catch (const ConfigError&) {
  }
  return 0;
}
