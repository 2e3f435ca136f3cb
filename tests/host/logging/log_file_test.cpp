// [log] file: lines go to a file, owner-only under duka's umask, rotated and purged by
// Poco's FileChannel keys.
#include <Poco/ConsoleChannel.h>
#include <Poco/Logger.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <duka/testing/temp_dir.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "logging/logging.hpp"

namespace duka::host {
namespace {

TEST(LogFile, LinesAreWrittenToTheFileRotatedAndPurged) {
  duka::test::TempDir dir;
  const std::string file = dir.file("duka.log");
  const mode_t previous = umask(077);  // as duka's main sets it
  LogConfig config;
  config.format = "json";
  config.file = file;
  config.rotation = "2 K";
  config.archive = "number";
  config.purgeCount = 3;
  configureLogging(config);
  Poco::Logger& log = Poco::Logger::get("duka.test");
  for (int i = 0; i < 200; ++i)
    log.information("line %d of a log that outgrows its file", i);
  flushLogging();
  Poco::Logger::setChannel("", new Poco::ConsoleChannel);  // back to the tests' default
  umask(previous);

  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("\"logger\":\"duka.test\""), std::string::npos) << text.str();
  using std::filesystem::perms;
  EXPECT_EQ(std::filesystem::status(file).permissions() & perms::all,
            perms::owner_read | perms::owner_write);
  EXPECT_TRUE(std::filesystem::exists(file + ".0")) << "rotated at 2 KB";
  EXPECT_FALSE(std::filesystem::exists(file + ".3")) << "purge_count = 3 keeps three";
}

}  // namespace
}  // namespace duka::host
