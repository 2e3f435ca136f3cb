// validateSection: checks one INI section against its declared settings and returns the
// values with defaults filled in.
#pragma once

#include <string>
#include <vector>

#include "config/ini_file.hpp"
#include "duka/settings.hpp"

namespace duka::host {

// validateSection appends one message per problem to errors (unknown key, malformed value,
// missing required value, unresolved ${...}), each naming file, section and key. Values of
// secret settings are never quoted in a message. In production, settings declared
// asRequiredInProduction are required too.
IniSection validateSection(const IniFile& ini, const std::string& section,
                           const std::vector<Setting>& declared, std::vector<std::string>& errors,
                           bool production = false);

}  // namespace duka::host
