// The start-up checks every mode of `duka` runs before it serves, or instead of serving
// (`--check`): the enabled plugins load and their sections validate, each error naming file,
// section and key, all reported at once; the database file is private; test-only
// environment variables are dropped in production; and, for --check, the database answers
// and the plugins start on a scratch database.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "duka/settings.hpp"
#include "plugins/plugin_loader.hpp"

namespace duka::host {

// loadPlugins loads every enabled plugin, in dependency order; installed names the plugin
// files in [plugins] dir, for the "did you mean". Throws ConfigError with every failure.
std::vector<LoadedPlugin> loadPlugins(const HostConfig& config,
                                      const std::vector<std::string>& installed);

// validatePluginSections checks each plugin's section and migrations, and answers the
// validated values in the plugins' order. A section of an installed plugin that is not
// enabled is only warned about, so that disabling a plugin means editing `enabled`; a
// section no installed plugin owns is an error.
std::vector<IniSection> validatePluginSections(const HostConfig& config,
                                               const std::vector<LoadedPlugin>& plugins,
                                               const std::vector<std::string>& installed);

// checkDatabaseFile refuses, in production, a SQLite file that other users can read (its
// rows include password hashes and customers' phone numbers); elsewhere, and for a file its
// group can read, it warns.
void checkDatabaseFile(const HostConfig& config);

// dropTestVariables removes, in production, the DUKA_TEST_ environment variables that test
// suites use to make duka quicker and weaker (DUKA_TEST_PASSWORD_ITERATIONS), before any
// plugin starts, and warns: a production server never runs with them.
void dropTestVariables(const HostConfig& config);

// checkDatabaseAnswers connects to a PostgreSQL database once (a SQLite file is checked by
// checkDatabaseFile; opening it would create it).
void checkDatabaseAnswers(const DatabaseConfig& database, std::chrono::seconds leaseWait);

// checkStart starts the plugins as a serving duka would, against a scratch SQLite database
// in a temporary folder, then stops them: a start-time failure (a setting only a plugin's
// start can judge, an SMS provider that no plugin registers) fails the check, and the real
// database is never written. Only warnings and errors are logged meanwhile.
void checkStart(const HostConfig& config, std::vector<LoadedPlugin> plugins,
                const std::vector<IniSection>& settings, std::chrono::seconds leaseWait);

}  // namespace duka::host
