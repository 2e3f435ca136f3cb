#include "support/test_database.hpp"

#include <atomic>
#include <cstdlib>
#include <duka/testing/temp_dir.hpp>
#include <mutex>
#include <random>

#include "db/pg_connection.hpp"
#include "db/sql_database.hpp"

namespace duka::test {

namespace {

host::PgConnection adminConnection() {
  return host::PgConnection(postgresConnection());
}

}  // namespace

std::string postgresConnection() {
  const char* file = std::getenv("DUKA_TEST_PG_FILE");
  if (!file)
    return "";
  std::string text = readFile(file);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

std::unique_ptr<TestDatabase> TestDatabase::create(Backend backend, const TempDir& dir) {
  auto db = std::unique_ptr<TestDatabase>(new TestDatabase);
  db->config_.backend = backend;
  if (backend == Backend::Sqlite) {
    db->config_.path = dir.file("var/duka.db");
    return db;
  }
  const std::string admin = postgresConnection();
  if (admin.empty()) {
    if (std::getenv("DUKA_REQUIRE_PG"))
      throw std::runtime_error("DUKA_REQUIRE_PG is set but no cluster runs");
    return nullptr;
  }
  static std::atomic<int> counter{0};
  std::random_device random;
  db->pgName_ =
      "duka_test_" + std::to_string(random() % 1000000000) + "_" + std::to_string(++counter);
  adminConnection().execute("CREATE DATABASE " + db->pgName_);
  db->config_.connection = admin;
  const auto at = db->config_.connection.find("dbname=");
  if (at != std::string::npos) {
    const auto end = db->config_.connection.find(' ', at);
    db->config_.connection.replace(at, end == std::string::npos ? std::string::npos : end - at,
                                   "dbname=" + db->pgName_);
  } else {
    db->config_.connection += " dbname=" + db->pgName_;
  }
  return db;
}

TestDatabase::~TestDatabase() {
  if (pgName_.empty())
    return;
  try {
    adminConnection().execute("DROP DATABASE IF EXISTS " + pgName_ + " WITH (FORCE)");
  } catch (...) {
  }
}

std::string TestDatabase::iniSection() const {
  if (config_.backend == Backend::Sqlite) {
    return "[database]\nbackend = sqlite\npath = " + config_.path + "\n";
  }
  return "[database]\nbackend = postgresql\nconnection = " + config_.connection + "\n";
}

std::string backendLabel(Backend backend) {
  return host::backendName(backend);
}

}  // namespace duka::test
