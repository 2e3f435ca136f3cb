#include "config/restart_only.hpp"

#include <gtest/gtest.h>

namespace duka::host {
namespace {

HostConfig config(const std::string& text) {
  return HostConfig::load(IniFile::parse(text, "duka.ini"));
}

TEST(RestartOnly, NamesEveryKeyOnlyARestartApplies) {
  const HostConfig started = config("[server]\nport = 8080\n");
  const HostConfig next = config(
      "[server]\nport = 9090\naddress = 127.0.0.2\nthreads = 8\nqueue = 64\nmax_connections = "
      "100\n[database]\npath = other.db\npool_size = 2\n[log]\nformat = json\ncompress = true\n");
  EXPECT_EQ(
      restartOnlyChanges(started, next),
      (std::vector<std::string>{"[server] address", "[server] port", "[server] threads",
                                "[server] queue", "[server] max_connections", "[database] path",
                                "[database] pool_size", "[log] format", "[log] compress"}));
}

TEST(RestartOnly, WhatAReloadAppliesIsNotNamed) {
  const HostConfig started = config("[server]\nport = 8080\n");
  const HostConfig next = config(
      "[server]\nport = 8080\nmax_body_bytes = 64\nrequest_timeout_s = 5\ncors_origins = "
      "https://shop.example\nshutdown_timeout_s = 3\n[log]\nlevel = debug\naccess_log = false\n"
      "[plugins]\nenabled = auth\n");
  EXPECT_TRUE(restartOnlyChanges(started, next).empty());
}

}  // namespace
}  // namespace duka::host
