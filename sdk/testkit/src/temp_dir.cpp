#include <cstdlib>
#include <duka/testing/temp_dir.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace duka::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "duka-test-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
  const std::string target = file(name);
  std::filesystem::create_directories(std::filesystem::path(target).parent_path());
  std::ofstream out(target);
  out << text;
  return target;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace duka::test
