// The console plugin's pieces: which stored copy a client's Accept-Encoding takes, and the
// built files read from a folder.
#include <gtest/gtest.h>

#include <duka/testing/temp_dir.hpp>
#include <fstream>

#include "console_files.hpp"
#include "content_coding.hpp"

namespace duka::console {
namespace {

using C = ContentCoding;

TEST(ContentCoding, BrotliThenGzipWhenAcceptedThenTheFileAsItIs) {
  EXPECT_EQ(acceptedCodings("gzip, deflate, br, zstd"),
            (std::vector{C::Brotli, C::Gzip, C::Identity}));
  EXPECT_EQ(acceptedCodings("gzip"), (std::vector{C::Gzip, C::Identity}));
  EXPECT_EQ(acceptedCodings("br;q=0.5, gzip"), (std::vector{C::Gzip, C::Brotli, C::Identity}));
  EXPECT_EQ(acceptedCodings("br;q=0, gzip;q=0"), std::vector{C::Identity});
  EXPECT_EQ(acceptedCodings("*"), (std::vector{C::Brotli, C::Gzip, C::Identity}));
  EXPECT_EQ(acceptedCodings("*;q=0, gzip"), (std::vector{C::Gzip, C::Identity}));
  EXPECT_EQ(acceptedCodings("identity"), std::vector{C::Identity});
  EXPECT_EQ(acceptedCodings(""), std::vector{C::Identity});
  EXPECT_EQ(acceptedCodings("GZIP;Q=1"), (std::vector{C::Gzip, C::Identity}));
  EXPECT_EQ(acceptedCodings("gzip;q=nonsense, ,;,"), std::vector{C::Identity});
}

void write(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

TEST(ConsoleFiles, ReadsThePageAndTheAssetsWithTheirCopies) {
  test::TempDir dir;
  EXPECT_FALSE(ConsoleFiles::load(dir.path()));  // not built
  std::filesystem::create_directories(dir.path() + "/assets");
  write(dir.file("index.html"), "<!DOCTYPE html>");
  write(dir.file("index.html.gz"), "gzipped");
  write(dir.file("assets/main-ABC.js"), "let a;");
  write(dir.file("assets/main-ABC.js.br"), "brotli");
  write(dir.file("assets/main-ABC.css"), "a{}");
  const auto files = ConsoleFiles::load(dir.path());
  ASSERT_TRUE(files);
  EXPECT_EQ(files->page().mediaType, "text/html; charset=utf-8");
  EXPECT_EQ(files->page().copies.at(C::Identity), "<!DOCTYPE html>");
  EXPECT_EQ(files->page().copies.at(C::Gzip), "gzipped");
  EXPECT_EQ(files->page().copies.count(C::Brotli), 0u);
  EXPECT_EQ(files->page().etag.size(), 34u);
  const ConsoleFile* script = files->asset("main-ABC.js");
  ASSERT_NE(script, nullptr);
  EXPECT_EQ(script->mediaType, "text/javascript; charset=utf-8");
  EXPECT_EQ(script->copies.at(C::Brotli), "brotli");
  EXPECT_NE(script->etag, files->page().etag);
  EXPECT_EQ(files->asset("main-ABC.css")->mediaType, "text/css; charset=utf-8");
  // Only the files themselves are assets: no copy, nothing outside the folder.
  EXPECT_EQ(files->asset("main-ABC.js.br"), nullptr);
  EXPECT_EQ(files->asset("../index.html"), nullptr);
  EXPECT_EQ(files->asset("index.html"), nullptr);
  EXPECT_EQ(files->asset(""), nullptr);
}

}  // namespace
}  // namespace duka::console
