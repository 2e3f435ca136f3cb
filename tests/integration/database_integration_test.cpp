// The database under the real binary: several duka instances on one PostgreSQL database
// migrate once between them and serve the same data; lost PostgreSQL connections answer 503
// and are replaced; SQLite data survives a restart and kill -9.
#include <thread>

#include "db/pg_connection.hpp"
#include "server_fixture.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

TEST(SharedPostgresql, InstancesStartingTogetherMigrateOnceAndShareData) {
  TempDir dir;
  auto db = TestDatabase::create(Backend::Postgresql, dir);
  DUKA_SKIP_WITHOUT(db);
  const std::string ini = serverIni(db->iniSection(), testPluginDir(), "probe");
  std::unique_ptr<DukaProcess> a, b;
  std::thread startA([&] { a = DukaProcess::start(ini); });
  std::thread startB([&] { b = DukaProcess::start(ini); });
  startA.join();
  startB.join();
  ASSERT_TRUE(a && b);
  HttpClient clientA(a->port()), clientB(b->port());
  EXPECT_EQ(clientA.post("/api/probe/items/", R"({"name":"maize"})").status, 201);
  EXPECT_EQ(clientB.get("/api/probe/items/").json()->getValue<int>("items"), 1);
  const std::string logs = a->output() + b->output();
  std::size_t applied = 0;
  for (auto at = logs.find("applied migration probe 1"); at != std::string::npos;
       at = logs.find("applied migration probe 1", at + 1)) {
    ++applied;
  }
  EXPECT_EQ(applied, 1u) << logs;
  EXPECT_EQ(a->stop(), 0);
  EXPECT_EQ(b->stop(), 0);
}

// PostgreSQL ends every connection of duka's (a restart, a failover): the requests that meet
// a lost connection answer 503 with Retry-After and a problem body naming nothing internal,
// the pool drops those connections, and the next requests are served on new ones.
TEST(PostgresqlLostConnections, AnswerServiceUnavailableAndAreReplaced) {
  TempDir dir;
  auto db = TestDatabase::create(Backend::Postgresql, dir);
  DUKA_SKIP_WITHOUT(db);
  auto server = DukaProcess::start(serverIni(db->iniSection(), testPluginDir(), "probe"));
  HttpClient client(server->port());
  ASSERT_EQ(client.post("/api/probe/items/", R"({"name":"maize"})").status, 201);
  host::PgConnection(db->config().connection)
      .run(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
          "current_database() AND pid <> pg_backend_pid()");
  const auto lost = client.post("/api/probe/items/", R"({"name":"beans"})");
  EXPECT_EQ(lost.status, 503) << lost.body;
  EXPECT_EQ(lost.header("Retry-After"), "1");
  EXPECT_EQ(lost.json()->getValue<std::string>("detail"),
            "The database is unavailable right now; try again.");
  EXPECT_EQ(lost.body.find("PostgreSQL"), std::string::npos) << lost.body;
  int served = 0;
  for (int i = 0; i < 20 && served == 0; ++i)
    served += client.post("/api/probe/items/", R"({"name":"rice"})").status == 201;
  EXPECT_EQ(served, 1);
  EXPECT_EQ(server->stop(), 0);
}

TEST(SqliteRestart, DataSurvivesARestartAndKill9) {
  TempDir dir;
  auto db = TestDatabase::create(Backend::Sqlite, dir);
  const std::string ini = serverIni(db->iniSection(), testPluginDir(), "probe");
  auto first = DukaProcess::start(ini);
  HttpClient client(first->port());
  ASSERT_EQ(client.post("/api/probe/items/", R"({"name":"answered"})").status, 201);
  first->kill();  // kill -9: an answered write must survive
  auto second = DukaProcess::start(ini);
  HttpClient again(second->port());
  EXPECT_EQ(again.get("/api/probe/items/").json()->getValue<int>("items"), 1);
  EXPECT_EQ(second->output().find("applied migration"), std::string::npos);
}

}  // namespace
}  // namespace duka::test
