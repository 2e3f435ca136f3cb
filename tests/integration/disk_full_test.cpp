// A disk that fills (SPEC 8): SQLite's database on a tmpfs of 3 MiB while orders are
// placed. Writes answer 503 with Retry-After, reads go on, nothing answered 201 is lost,
// writes resume by themselves once the filesystem has room again, the database passes
// PRAGMA integrity_check and the audit chain verifies. Mounting needs root, as CI has.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <duka/testing/wait_until.hpp>
#include <filesystem>

#include "db/sql_database.hpp"
#include "events/event_dispatcher.hpp"
#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

using namespace std::chrono_literals;

class DiskFullTest : public ShopTest {
 protected:
  void SetUp() override {
    small_ = dir_.file("var");
    std::filesystem::create_directories(small_);
    if (::mount("tmpfs", small_.c_str(), "tmpfs", 0, "size=3m,mode=0700") != 0) {
      const std::string why = std::strerror(errno);
      if (std::getenv("DUKA_REQUIRE_DISK_FULL"))
        FAIL() << "DUKA_REQUIRE_DISK_FULL is set but a tmpfs cannot be mounted: " << why;
      GTEST_SKIP() << "a small filesystem cannot be mounted here (root needed): " << why;
    }
    mounted_ = true;
    ShopTest::SetUp();
  }
  void TearDown() override {
    server_.reset();
    if (mounted_)
      ::umount2(small_.c_str(), MNT_DETACH);
  }
  void resize(const std::string& size) {
    ASSERT_EQ(::mount("tmpfs", small_.c_str(), "tmpfs", MS_REMOUNT, ("size=" + size).c_str()), 0)
        << std::strerror(errno);
  }
  std::string small_;
  bool mounted_ = false;
};

TEST_P(DiskFullTest, WritesAnswer503UntilThereIsRoomAndNothingAnswered201IsLost) {
  const std::int64_t goods = item("Goods", "1.00", 1000000);
  const std::string me = shopper("wanjiku");
  // Orders with a long note fill the 3 MiB quickly; the 503 comes within a few thousand.
  const std::string note(1000, 'n');
  const std::string body = R"({"items":[{"inventory_id":)" + std::to_string(goods) +
                           R"(,"quantity":1}],"note":")" + note + R"("})";
  std::vector<std::int64_t> placed;
  HttpResponse refused;
  for (int i = 0; i < 20000 && refused.status == 0; ++i) {
    const auto answer = client_->post("/api/orders/", body, bearer(me));
    if (answer.status == 201)
      placed.push_back(answer.json()->getValue<Poco::Int64>("id"));
    else
      refused = answer;
  }
  ASSERT_EQ(refused.status, 503) << refused.body;
  EXPECT_FALSE(refused.header("Retry-After").empty());
  EXPECT_EQ(refused.header("Content-Type"), "application/problem+json; charset=utf-8");
  ASSERT_GT(placed.size(), 10u);
  EXPECT_NE(refused.body.find("unavailable"), std::string::npos) << refused.body;
  EXPECT_TRUE(server_->waitForOutput("full")) << server_->output();
  std::cout << placed.size() << " orders before the disk was full: " << refused.body << "\n";
  // Full, duka still reads, and still refuses writes.
  EXPECT_EQ(client_->get("/api/inventory/", asStaff()).status, 200);
  EXPECT_EQ(client_->get("/api/orders/" + std::to_string(placed.back()) + "/", bearer(me)).status,
            200);
  EXPECT_EQ(client_->get("/health").status, 200);
  EXPECT_EQ(client_->post("/api/orders/", body, bearer(me)).status, 503);

  // Room again: writes resume without a restart.
  resize("64m");
  std::int64_t after = 0;
  ASSERT_TRUE(waitUntil(
      [&] {
        const auto answer = client_->post("/api/orders/", body, bearer(me));
        if (answer.status == 201)
          after = answer.json()->getValue<Poco::Int64>("id");
        return answer.status == 201;
      },
      20s))
      << server_->output();
  placed.push_back(after);

  // Every 201 is there, the stock counts each once, the database is whole.
  const auto listed = client_->get("/api/orders/?limit=1", bearer(me)).json();
  EXPECT_EQ(listed->getValue<std::size_t>("count"), placed.size());
  for (const auto id : {placed.front(), placed[placed.size() / 2], placed.back()})
    EXPECT_EQ(client_->get("/api/orders/" + std::to_string(id) + "/", bearer(me)).status, 200);
  EXPECT_EQ(stock(goods)->getValue<std::int64_t>("reserved"),
            static_cast<std::int64_t>(placed.size()));
  ASSERT_TRUE(waitUntil(
      [&] {
        const auto verify = client_->get("/api/audit/verify/", asStaff()).json();
        return verify->getValue<int>("unsealed") == 0;
      },
      20s));
  const auto verified = client_->get("/api/audit/verify/", asStaff()).json();
  EXPECT_TRUE(verified->getValue<bool>("ok")) << client_->get("/api/audit/verify/", asStaff()).body;
  server_.reset();
  host::EventDispatcher events;
  auto db = host::SqlDatabase::open(db_->config(), events, std::chrono::seconds(10));
  std::string integrity;
  db->run("PRAGMA integrity_check", {}, [&](const SqlRow& row) { integrity += row.text(0); });
  db->close();
  EXPECT_EQ(integrity, "ok");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, DiskFullTest, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
