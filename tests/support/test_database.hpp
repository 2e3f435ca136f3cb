// TestDatabase: an empty database for one test: a SQLite file in a temp dir, or a fresh
// database on the PostgreSQL cluster that ctest's fixture started (dropped afterwards).
#pragma once

#include <duka/testing/temp_dir.hpp>
#include <memory>
#include <string>

#include "config/host_config.hpp"

namespace duka::test {

// postgresConnection is the test cluster's admin connection string, from the file named by
// DUKA_TEST_PG_FILE; empty when no cluster runs.
std::string postgresConnection();

class TestDatabase {
 public:
  // create makes the database; for PostgreSQL without a cluster it returns nullptr (the
  // caller skips), unless DUKA_REQUIRE_PG is set, when it throws.
  static std::unique_ptr<TestDatabase> create(Backend backend, const TempDir& dir);
  ~TestDatabase();

  Backend backend() const { return config_.backend; }
  const host::DatabaseConfig& config() const { return config_; }
  // iniSection is the [database] section that points duka at this database.
  std::string iniSection() const;
  // reachThrough makes iniSection name another way to the same database (a proxy's).
  void reachThrough(std::string connection) { config_.connection = std::move(connection); }

 private:
  host::DatabaseConfig config_;
  std::string pgName_;
};

// backendLabel names a backend for parameterised test names.
std::string backendLabel(Backend backend);

}  // namespace duka::test

// DUKA_SKIP_WITHOUT(db) skips the test when its database could not be made.
#define DUKA_SKIP_WITHOUT(db) \
  if (!(db))                  \
  GTEST_SKIP() << "no PostgreSQL test cluster (set DUKA_TEST_PG_FILE)"
