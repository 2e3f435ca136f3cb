#include "config/host_config.hpp"

#include <gtest/gtest.h>

#include "config/config_error.hpp"

namespace duka::host {
namespace {

TEST(HostConfig, EmptyFileGivesTheSpecDefaults) {
  const HostConfig config = HostConfig::load(IniFile::parse("", "empty.ini"));
  EXPECT_EQ(config.server().address, "127.0.0.1");
  EXPECT_EQ(config.server().port, 8080);
  EXPECT_EQ(config.server().threads, 64);
  EXPECT_EQ(config.server().queue, 1024);
  EXPECT_EQ(config.server().keepaliveTimeoutS, 5);
  EXPECT_EQ(config.server().maxBodyBytes, 1048576u);
  EXPECT_EQ(config.server().requestTimeoutS, 30);
  EXPECT_EQ(config.server().headerTimeoutS, 10);
  EXPECT_EQ(config.server().maxConnections, 10000);
  EXPECT_EQ(config.server().publicUrl, "");
  EXPECT_TRUE(config.server().allowedHosts.empty());
  EXPECT_TRUE(config.server().trustedProxies.empty());
  EXPECT_TRUE(config.server().corsOrigins.empty());
  EXPECT_EQ(config.database().backend, Backend::Sqlite);
  EXPECT_EQ(config.database().path, "var/duka.db");
  EXPECT_EQ(config.database().poolSize, 8);
  EXPECT_EQ(config.database().sqliteSynchronous, "full");
  EXPECT_EQ(config.plugins().enabled,
            (std::vector<std::string>{"auth", "customers", "inventory", "orders", "audit", "sms"}));
  EXPECT_NE(config.plugins().dir.find("lib/duka/plugins"), std::string::npos);
}

TEST(HostConfig, OriginsAndProxiesAreChecked) {
  try {
    HostConfig::load(
        IniFile::parse("[server]\npublic_url = shop.example.com\n"
                       "trusted_proxies = 10.0.0.0/8, 10.0.0.0/40, proxy\n"
                       "cors_origins = https://ok.example, *, https://x.example/path\n",
                       "s.ini"));
    FAIL();
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("s.ini: [server] public_url: must be an http or https URL"),
              std::string::npos);
    EXPECT_NE(what.find("trusted_proxies: '10.0.0.0/40' is not"), std::string::npos);
    EXPECT_NE(what.find("trusted_proxies: 'proxy' is not"), std::string::npos);
    EXPECT_EQ(what.find("'10.0.0.0/8'"), std::string::npos);
    EXPECT_NE(what.find("cors_origins: 'https://x.example/path' is not an origin"),
              std::string::npos);
    EXPECT_EQ(what.find("'https://ok.example'"), std::string::npos);
  }
  const HostConfig config = HostConfig::load(
      IniFile::parse("[server]\npublic_url = https://shop.example.com/duka\n"
                     "allowed_hosts = .shop.example, localhost\ntrusted_proxies = ::1, 127.0.0.1\n",
                     "ok.ini"));
  EXPECT_EQ(config.server().allowedHosts, (std::vector<std::string>{".shop.example", "localhost"}));
}

TEST(HostConfig, PostgresqlNeedsAConnection) {
  try {
    HostConfig::load(IniFile::parse("[database]\nbackend = postgresql\n", "pg.ini"));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "pg.ini: [database] connection: is required when backend = postgresql"),
              std::string::npos);
  }
}

TEST(HostConfig, BadValuesAreAllReported) {
  try {
    HostConfig::load(IniFile::parse(
        "[server]\nport = 70000\nthreads = lots\n[plugins]\nenabled = a, a\n", "x.ini"));
    FAIL();
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.messages().size(), 2u);  // the duplicate is found once the types are right
    EXPECT_NE(e.messages()[0].find("[server] port: must be between 0 and 65535"),
              std::string::npos);
    EXPECT_NE(e.messages()[1].find("[server] threads: must be an integer"), std::string::npos);
  }
  EXPECT_THROW(HostConfig::load(IniFile::parse("[plugins]\nenabled = a, a\n", "x.ini")),
               ConfigError);
}

TEST(HostConfig, UnknownHostKeyIsRefused) {
  EXPECT_THROW(HostConfig::load(IniFile::parse("[server]\nprot = 1\n", "x.ini")), ConfigError);
}

TEST(HostConfig, PluginSectionsAreTheOthers) {
  const HostConfig config =
      HostConfig::load(IniFile::parse("[server]\n[auth]\nx = 1\n[sms]\ny = 2\n", "x.ini"));
  EXPECT_EQ(config.pluginSections(), (std::vector<std::string>{"auth", "sms"}));
}

}  // namespace
}  // namespace duka::host
