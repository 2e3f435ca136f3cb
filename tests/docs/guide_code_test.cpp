// Every C++ block in the guides compiles: each ```cpp block of README.md and docs/*.md is an
// excerpt, line for line, of a file the build compiles (the examples, the scaffold's
// templates as duka-new-plugin writes them for "acme", the SDK's and the plugins' sources,
// the test fixtures' plugins).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_paths.hpp"

namespace duka::test {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// compiledSources is the text of every file a guide may quote.
std::vector<std::string> compiledSources() {
  std::vector<std::string> texts;
  const std::filesystem::path root = sourceDir();
  for (const char* folder : {"examples", "sdk", "plugins", "tests/fixtures"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
      const std::string extension = entry.path().extension().string();
      if (extension != ".cpp" && extension != ".hpp")
        continue;
      std::string text = read(entry.path());
      for (std::size_t at; (at = text.find("@NAME@")) != std::string::npos;)
        text.replace(at, 6, "acme");
      texts.push_back(std::move(text));
    }
  }
  return texts;
}

struct Block {
  std::string guide;
  int line;
  std::string code;
};

std::vector<Block> cppBlocks() {
  std::vector<Block> blocks;
  const std::filesystem::path root = sourceDir();
  std::vector<std::filesystem::path> guides{root / "README.md"};
  for (const auto& entry : std::filesystem::directory_iterator(root / "docs")) {
    if (entry.path().extension() == ".md")
      guides.push_back(entry.path());
  }
  for (const auto& guide : guides) {
    std::istringstream lines(read(guide));
    std::string line, code;
    int number = 0, start = 0;
    bool inside = false;
    while (std::getline(lines, line)) {
      ++number;
      if (!inside && line.rfind("```cpp", 0) == 0) {
        inside = true;
        start = number;
        code.clear();
      } else if (inside && line.rfind("```", 0) == 0) {
        inside = false;
        blocks.push_back({guide.filename().string(), start, code});
      } else if (inside) {
        code += line + "\n";
      }
    }
  }
  return blocks;
}

TEST(GuideCode, EveryCppBlockIsAnExcerptOfACompiledFile) {
  const auto sources = compiledSources();
  const auto blocks = cppBlocks();
  EXPECT_GE(blocks.size(), 5u);
  for (const auto& block : blocks) {
    bool found = false;
    for (const auto& source : sources)
      found = found || source.find(block.code) != std::string::npos;
    EXPECT_TRUE(found) << block.guide << ":" << block.line << ": a C++ block that no compiled "
                       << "file contains:\n"
                       << block.code;
  }
}

}  // namespace
}  // namespace duka::test
