// Several duka instances on one PostgreSQL database: they migrate once between them and
// serve the same data.
#include <thread>

#include "server_fixture.hpp"

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
