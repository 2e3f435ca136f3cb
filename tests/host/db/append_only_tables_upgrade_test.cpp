// The shipped orders, audit and sms plugins on a database of the previous release: their
// SQLite tables are rebuilt without AUTOINCREMENT (orders 2, audit 2, sms 3) and every row,
// index, trigger, constraint and foreign key is still there. On PostgreSQL the same
// migrations only comment the tables.
#include <duka/testing/duka_process.hpp>
#include <map>
#include <string>
#include <vector>

#include "db/migrator.hpp"
#include "db_fixture.hpp"
#include "plugins/plugin_loader.hpp"
#include "support/test_paths.hpp"

namespace duka::host {
namespace {

// The first migration of each plugin that is new in this release.
const std::map<std::string, int> kRebuiltAt = {{"orders", 2}, {"audit", 2}, {"sms", 3}};

class AppendOnlyTablesUpgradeTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!db_)
      return;
    for (const auto& [name, version] : kRebuiltAt) {
      loaded_.push_back(PluginLoader(test::pluginDir()).load(name));
      PluginMigrations all{name, loaded_.back().plugin->migrations()}, before{name, {}};
      for (const auto& migration : all.migrations) {
        if (migration.version < version)
          before.migrations.push_back(migration);
      }
      // Later migrations have tests of their own (audit 3: audit_repository_test.cpp).
      std::erase_if(all.migrations, [&](const Migration& m) { return m.version > version; });
      previous_.push_back(std::move(before));
      current_.push_back(std::move(all));
    }
    Migrator(*db_).apply(previous_);
  }
  void TearDown() override {
    BackendTest::TearDown();
    loaded_.clear();  // the plugins' libraries go after their migrations' last use
  }

  // rows is every row of a SELECT, each as its columns' text joined by '|'.
  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    db_->run(sql, {}, [&](const SqlRow& row) {
      std::string line;
      for (int c = 0; c < row.columns(); ++c)
        line += (c ? "|" : "") + row.text(c);
      out.push_back(line);
    });
    return out;
  }
  std::string one(const std::string& sql) {
    const auto all = rows(sql);
    return all.empty() ? "" : all.front();
  }
  bool refused(const std::string& sql) {
    try {
      exec(sql);
    } catch (const std::exception&) {
      return true;
    }
    return false;
  }

  // fill writes what the previous release wrote: two orders with lines, their audit rows and
  // outbox messages.
  void fill() {
    for (int i = 1; i <= 2; ++i) {
      const std::string n = std::to_string(i);
      exec(
          "INSERT INTO orders_orders (customer_id, status, total_minor, currency, note, "
          "created_at, updated_at) VALUES (7, 'pending', " +
          n + "00, 'KES', 'note é " + n + "', 't', 't')");
      exec(
          "INSERT INTO orders_lines (order_id, position, inventory_id, name, quantity, "
          "unit_price_minor) VALUES (" +
          n + ", 1, 3, 'Unga', " + n + ", 100)");
      exec(
          "INSERT INTO audit_log (at, action, actor, entity, entity_id, request_id, data, "
          "prev_hash, hash) VALUES ('t', 'order.created', 'user:x', 'order', '" +
          n + "', 'r', '{}', 'p" + n + "', 'h" + n + "')");
      exec(
          "INSERT INTO sms_outbox (event, recipient, body, status, next_attempt_ms, "
          "lease_until_ms, provider_message_id, created_at, updated_at) VALUES "
          "('order.created', '+254700000001', 'Hi " +
          n + "', 'sent', 5, 6, 'ATXid_" + n + "', 't', 't')");
    }
  }

  static constexpr const char* kTables[] = {"orders_orders", "orders_lines", "audit_log",
                                            "sms_outbox"};
  std::map<std::string, std::vector<std::string>> contents() {
    std::map<std::string, std::vector<std::string>> all;
    for (const char* table : kTables)
      all[table] = rows(std::string("SELECT * FROM ") + table + " ORDER BY 1, 2");
    return all;
  }

  std::vector<LoadedPlugin> loaded_;
  std::vector<PluginMigrations> previous_, current_;
};

TEST_P(AppendOnlyTablesUpgradeTest, KeepsEveryRowAndAppliesOnce) {
  fill();
  const auto before = contents();
  const auto applied = Migrator(*db_).apply(current_);
  ASSERT_EQ(applied.size(), kRebuiltAt.size());
  EXPECT_EQ(contents(), before);
  EXPECT_TRUE(Migrator(*db_).apply(current_).empty());
  for (const char* table : kTables)
    EXPECT_EQ(before.at(table).size(), 2u) << table;
}

DUKA_BACKENDS(AppendOnlyTablesUpgradeTest);

using SqliteAppendOnlyTablesUpgradeTest = AppendOnlyTablesUpgradeTest;

TEST_P(SqliteAppendOnlyTablesUpgradeTest, TablesLoseAutoincrementAndKeepTheirRules) {
  fill();
  Migrator(*db_).apply(current_);

  for (const std::string table : {"orders_orders", "audit_log", "sms_outbox"}) {
    const std::string sql = one("SELECT sql FROM sqlite_master WHERE name = '" + table + "'");
    EXPECT_NE(sql.find("id INTEGER PRIMARY KEY,"), std::string::npos) << sql;
    EXPECT_EQ(sql.find("AUTOINCREMENT"), std::string::npos) << sql;
    EXPECT_EQ(one("SELECT count(*) FROM sqlite_sequence WHERE name LIKE '" + table + "%'"), "0");
    // Both rows came along with their ids (a new row then gets the next one, below).
    EXPECT_EQ(one("SELECT max(id) FROM " + table), "2");
  }
  EXPECT_TRUE(
      rows("SELECT name FROM sqlite_master WHERE name LIKE '%_v1' OR name LIKE '%_v2'").empty());
  EXPECT_EQ(
      rows("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
           "ORDER BY name"),
      (std::vector<std::string>{"audit_log_entity", "orders_orders_customer", "sms_outbox_due",
                                "sms_outbox_message", "sms_outbox_recipient"}));
  EXPECT_NE(one("SELECT sql FROM sqlite_master WHERE name = 'sms_outbox_message'")
                .find("WHERE provider_message_id <> ''"),
            std::string::npos);
  EXPECT_EQ(one("PRAGMA integrity_check"), "ok");
  EXPECT_TRUE(rows("PRAGMA foreign_key_check").empty());

  // The rules: a status outside the four, a line of no order, a changed or deleted audit row.
  EXPECT_TRUE(refused("UPDATE orders_orders SET status = 'lost' WHERE id = 1"));
  EXPECT_TRUE(
      refused("INSERT INTO orders_lines (order_id, position, inventory_id, name, "
              "quantity, unit_price_minor) VALUES (99, 1, 3, 'x', 1, 1)"));
  EXPECT_TRUE(
      refused("INSERT INTO orders_lines (order_id, position, inventory_id, name, "
              "quantity, unit_price_minor) VALUES (1, 2, 3, 'x', 0, 1)"));
  EXPECT_TRUE(refused("UPDATE audit_log SET hash = 'x' WHERE id = 1"));
  EXPECT_TRUE(refused("DELETE FROM audit_log WHERE id = 1"));
  for (const std::string status : {"pending", "approved", "fulfilled", "cancelled"})
    EXPECT_FALSE(refused("UPDATE orders_orders SET status = '" + status + "' WHERE id = 1"));

  exec(
      "INSERT INTO orders_orders (customer_id, status, total_minor, currency, note, created_at, "
      "updated_at) VALUES (7, 'pending', 1, 'KES', '', 't', 't')");
  exec(
      "INSERT INTO sms_outbox (event, recipient, body, status, next_attempt_ms, created_at, "
      "updated_at) VALUES ('e', '+254700000001', 'b', 'queued', 1, 't', 't')");
  EXPECT_EQ(one("SELECT max(id) FROM orders_orders"), "3");
  EXPECT_EQ(one("SELECT attempts || '|' || last_error || '|' || sent_at FROM sms_outbox "
                "WHERE id = 3"),
            "0||");  // the column defaults survived
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteAppendOnlyTablesUpgradeTest,
                         ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return test::backendLabel(info.param); });

using PostgresqlAppendOnlyTablesUpgradeTest = AppendOnlyTablesUpgradeTest;

TEST_P(PostgresqlAppendOnlyTablesUpgradeTest, TablesAreOnlyCommented) {
  Migrator(*db_).apply(current_);
  for (const std::string table : {"orders_orders", "audit_log", "sms_outbox"})
    EXPECT_NE(one("SELECT obj_description('" + table + "'::regclass, 'pg_class')"), "") << table;
}

INSTANTIATE_TEST_SUITE_P(Postgresql, PostgresqlAppendOnlyTablesUpgradeTest,
                         ::testing::Values(Backend::Postgresql),
                         [](const auto& info) { return test::backendLabel(info.param); });

}  // namespace
}  // namespace duka::host
