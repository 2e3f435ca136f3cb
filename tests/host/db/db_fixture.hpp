// BackendTest: a parameterised fixture that gives each test an empty database on SQLite
// and on PostgreSQL, opened through the host's SqlDatabase.
#pragma once

#include <gtest/gtest.h>

#include <duka/testing/duka_process.hpp>

#include "db/migrator.hpp"
#include "db/sql_database.hpp"
#include "plugins/plugin_loader.hpp"
#include "support/test_database.hpp"
#include "support/test_paths.hpp"

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
  std::int64_t count(const std::string& table) {
    std::int64_t n = -1;
    db_->run("SELECT COUNT(*) FROM " + table, {}, [&](const SqlRow& row) { n = row.integer(0); });
    return n;
  }
  // exec runs one statement in a write transaction of its own.
  void exec(const std::string& sql) {
    db_->write(EventContext::system("test"), [&](Transaction& tx) { tx.run(sql); });
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
