// ConsoleFiles: the staff console's built files, read once at start from
// <exe>/../share/duka/console: index.html (the page) and assets/* (fingerprinted names),
// each with the gzip (.gz) and brotli (.br) copies the build wrote beside it, its media
// type and an ETag.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "content_coding.hpp"

namespace duka::console {

struct ConsoleFile {
  std::string mediaType;
  std::string etag;                             // a strong validator: a quoted hash of the content
  std::map<ContentCoding, std::string> copies;  // Identity always; Gzip and Brotli when built
};

class ConsoleFiles {
 public:
  // load reads dir; none when it has no index.html (the console was not built).
  static std::optional<ConsoleFiles> load(const std::filesystem::path& dir);
  // installedDir is where a duka finds them: <the executable's dir>/../share/duka/console.
  static std::filesystem::path installedDir();

  const ConsoleFile& page() const { return page_; }
  // asset is the file assets/<name>, if the build wrote one by that name.
  const ConsoleFile* asset(const std::string& name) const;

 private:
  ConsoleFile page_;
  std::map<std::string, ConsoleFile, std::less<>> assets_;
};

}  // namespace duka::console
