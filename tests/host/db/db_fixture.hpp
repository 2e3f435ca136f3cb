// BackendTest: a parameterised fixture that gives each test an empty database on SQLite
// and on PostgreSQL, opened through the host's SqlDatabase.
#pragma once

#include <gtest/gtest.h>

#include "db/migrator.hpp"
#include "db/sql_database.hpp"
#include "plugins/plugin_loader.hpp"
#include "support/duka_process.hpp"
#include "support/test_database.hpp"

namespace duka::host {

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    testDb_ = test::TestDatabase::create(GetParam(), dir_);
    DUKA_SKIP_WITHOUT(testDb_);
    db_ = SqlDatabase::open(testDb_->config(), events_, std::chrono::seconds(10));
  }
  void TearDown() override {
    if (db_)
      db_->close();
    db_.reset();
  }

  // migrate applies a shipped plugin's own migrations, read from its library.
  void migrate(const std::string& plugin) {
    const LoadedPlugin loaded = PluginLoader(test::pluginDir()).load(plugin);
    Migrator(*db_).apply({{plugin, loaded.plugin->migrations()}});
  }

  // count runs SELECT COUNT(*) FROM table.
  Poco::Int64 count(const std::string& table) {
    DbSession session = db_->session();
    Poco::Int64 n = -1;
    *session << "SELECT COUNT(*) FROM " + table, Poco::Data::Keywords::into(n),
        Poco::Data::Keywords::now;
    return n;
  }

  bool tableExists(const std::string& table) {
    try {
      count(table);
      return true;
    } catch (...) {
      return false;
    }
  }

  test::TempDir dir_;
  EventDispatcher events_;
  std::unique_ptr<test::TestDatabase> testDb_;
  std::unique_ptr<SqlDatabase> db_;
};

#define DUKA_BACKENDS(Suite)                                                        \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                         \
                           ::testing::Values(Backend::Sqlite, Backend::Postgresql), \
                           [](const auto& info) { return test::backendLabel(info.param); })

}  // namespace duka::host
