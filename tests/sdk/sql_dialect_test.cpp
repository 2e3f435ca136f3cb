#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "duka/database.hpp"
#include "host_api.hpp"

namespace duka {
namespace {

constexpr const char* kFormat = "%Y-%m-%dT%H:%M:%SZ";

TEST(SqlFor, ExpandsTokensPerBackend) {
  const std::string sql = "CREATE TABLE t (id {{id}}, data {{blob}})";
  EXPECT_EQ(sqlFor(Backend::Sqlite, sql),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB)");
  EXPECT_EQ(sqlFor(Backend::Postgresql, sql),
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, data BYTEA)");
  const std::string lock = "SELECT id FROM t WHERE id = $1{{for_update}}";
  EXPECT_EQ(sqlFor(Backend::Sqlite, lock), "SELECT id FROM t WHERE id = $1");
  EXPECT_EQ(sqlFor(Backend::Postgresql, lock), "SELECT id FROM t WHERE id = $1 FOR UPDATE");
  EXPECT_EQ(sqlFor(Backend::Postgresql, "SELECT 1{{skip_locked}}"),
            "SELECT 1 FOR UPDATE SKIP LOCKED");
  EXPECT_EQ(sqlFor(Backend::Sqlite, "SELECT 1{{skip_locked}}"), "SELECT 1");
}

TEST(ContainsPattern, TakesWildcardsLiterally) {
  EXPECT_EQ(containsPattern("sugar"), "%sugar%");
  EXPECT_EQ(containsPattern("50%_off\\"), "%50\\%\\_off\\\\%");
  EXPECT_EQ(containsPattern(""), "%%");
}

TEST(NullIfEmpty, BindsEmptyTextAsNull) {
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(nullIfEmpty("")));
  EXPECT_EQ(std::get<std::string_view>(nullIfEmpty("x")), "x");
}

TEST(NowRfc3339, IsUtcToTheSecond) {
  const std::string now = nowRfc3339();
  ASSERT_EQ(now.size(), 20u);
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now[19], 'Z');
}

TEST(Rfc3339, IsAnyTimeInUtcToTheSecond) {
  using namespace std::chrono;
  const system_clock::time_point at =
      sys_days{year{2026} / 11 / 25} + hours(8) + minutes(5) + seconds(9) + milliseconds(999);
  EXPECT_EQ(rfc3339(at), "2026-11-25T08:05:09Z");
  EXPECT_EQ(rfc3339(system_clock::time_point{}), "1970-01-01T00:00:00Z");
}

TEST(NowRfc3339, FollowsTheClockAcrossSecondsOnEveryThread) {
  // The text of a second is kept per thread: it must still be the clock's own second.
  auto check = [] {
    for (int i = 0; i < 3; ++i) {
      const std::string before = Poco::DateTimeFormatter::format(Poco::Timestamp(), kFormat);
      const std::string now = nowRfc3339();
      const std::string after = Poco::DateTimeFormatter::format(Poco::Timestamp(), kFormat);
      EXPECT_TRUE(now == before || now == after) << before << " " << now << " " << after;
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
    }
  };
  std::thread other(check);
  check();
  other.join();
}

}  // namespace
}  // namespace duka
