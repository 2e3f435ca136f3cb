// TempDir: a fresh folder under the system temp dir, removed with everything in it.
#pragma once

#include <string>

namespace duka::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // file is path/name.
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // write creates path/name with text and returns its path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

// readFile returns a file's whole text ("" when it cannot be read).
std::string readFile(const std::string& path);

}  // namespace duka::test
