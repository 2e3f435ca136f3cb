// duka --backup: a copy taken while orders are placed holds every order answered before it
// started, and a duka started on the copy serves them with an audit chain that verifies.
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

class BackupTest : public ShopTest {};

TEST_P(BackupTest, ACopyTakenUnderLoadHoldsEveryAnsweredOrder) {
  if (GetParam() == Backend::Postgresql) {
    const RunResult refused = runCli({"--backup=" + dir_.file("copy.db")});
    EXPECT_EQ(refused.exitCode, 1);
    EXPECT_NE(refused.output.find("back PostgreSQL up with pg_dump"), std::string::npos)
        << refused.output;
    return;
  }
  const std::int64_t tea = item("Tea", "10.00", 1'000'000);
  const std::string buyer = shopper("buyer");

  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<std::int64_t> answered;
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&] {
      HttpClient client(server_->port());
      while (!stop) {
        const auto placed = client.post("/api/orders/", orderBody({{tea, 1}}), bearer(buyer));
        if (placed.status != 201)
          continue;
        std::lock_guard lock(mutex);
        answered.push_back(placed.json()->getValue<Poco::Int64>("id"));
      }
    });
  }
  auto answeredSoFar = [&] {
    std::lock_guard lock(mutex);
    return answered;
  };
  while (answeredSoFar().size() < 50)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));

  const std::vector<std::int64_t> beforeBackup = answeredSoFar();
  const std::string copy = dir_.file("copy.db");
  const RunResult backup = runCli({"--backup=" + copy});
  stop = true;
  for (auto& writer : writers)
    writer.join();
  ASSERT_EQ(backup.exitCode, 0) << backup.output;
  EXPECT_NE(backup.output.find("backed up "), std::string::npos) << backup.output;
  using std::filesystem::perms;
  EXPECT_EQ(std::filesystem::status(copy).permissions() & perms::all,
            perms::owner_read | perms::owner_write);
  EXPECT_EQ(runCli({"--backup=" + copy}).exitCode, 1) << "an existing file is not overwritten";

  // A duka on the copy: the same accounts (and token secret), every order answered before.
  auto restored = DukaProcess::start(
      serverIni("[database]\npath = " + copy + "\n", testPluginDir(),
                "auth, customers, inventory, orders, audit, event_recorder",
                "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n"));
  HttpClient client(restored->port());
  for (const std::int64_t id : beforeBackup) {
    EXPECT_EQ(client.get("/api/orders/" + std::to_string(id) + "/", asStaff()).status, 200)
        << "order " << id;
  }
  const auto verify = client.get("/api/audit/verify/", asStaff());
  ASSERT_EQ(verify.status, 200) << verify.body;
  EXPECT_TRUE(verify.json()->getValue<bool>("ok")) << verify.body;
}

TEST_P(BackupTest, AnEmptyFolderOrMissingFolderTargetIsRefusedAndLeavesNothing) {
  if (GetParam() == Backend::Postgresql)
    GTEST_SKIP() << "--backup copies SQLite only (the PostgreSQL refusal is tested above)";
  const auto partial = std::filesystem::current_path() / ".partial";
  for (const std::string& target : {std::string(), dir_.path(), dir_.path() + "/"}) {
    const RunResult refused = runCli({"--backup=" + target});
    EXPECT_EQ(refused.exitCode, 1) << target;
    EXPECT_NE(refused.output.find("needs a file name"), std::string::npos) << refused.output;
  }
  EXPECT_FALSE(std::filesystem::exists(partial));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/.partial"));
  // A folder that does not exist is named, not SQLite's "unable to open database file".
  const RunResult missing = runCli({"--backup=" + dir_.path() + "/no/such/folder/copy.db"});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.output.find("the folder " + dir_.path() +
                                "/no/such/folder does not exist; create it first"),
            std::string::npos)
      << missing.output;
}

DUKA_SERVER_BACKENDS(BackupTest);

}  // namespace
}  // namespace duka::test
