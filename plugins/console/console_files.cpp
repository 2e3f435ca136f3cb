#include "console_files.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <fstream>
#include <sstream>

namespace duka::console {

namespace {

std::optional<std::string> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string mediaTypeOf(const std::filesystem::path& path) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".json", "application/json; charset=utf-8"}};
  const auto found = types.find(path.extension().string());
  return found == types.end() ? "application/octet-stream" : found->second;
}

// fileAt reads path and the compressed copies beside it (path.gz, path.br).
std::optional<ConsoleFile> fileAt(const std::filesystem::path& path) {
  auto identity = readFile(path);
  if (!identity)
    return std::nullopt;
  ConsoleFile file;
  file.mediaType = mediaTypeOf(path);
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(*identity);
  // Appended character by character: GCC 12 warns (-Wrestrict, wrongly) at a string
  // literal here.
  const std::string hex = Poco::DigestEngine::digestToHex(sha.digest());
  file.etag.push_back('"');
  file.etag.append(hex, 0, 32);
  file.etag.push_back('"');
  file.copies[ContentCoding::Identity] = std::move(*identity);
  if (auto gzip = readFile(path.string() + ".gz"))
    file.copies[ContentCoding::Gzip] = std::move(*gzip);
  if (auto brotli = readFile(path.string() + ".br"))
    file.copies[ContentCoding::Brotli] = std::move(*brotli);
  return file;
}

}  // namespace

std::optional<ConsoleFiles> ConsoleFiles::load(const std::filesystem::path& dir) {
  auto page = fileAt(dir / "index.html");
  if (!page)
    return std::nullopt;
  ConsoleFiles files;
  files.page_ = std::move(*page);
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "assets", ec)) {
    const auto name = entry.path().filename().string();
    const auto extension = entry.path().extension().string();
    if (!entry.is_regular_file() || extension == ".gz" || extension == ".br")
      continue;
    if (auto file = fileAt(entry.path()))
      files.assets_.emplace(name, std::move(*file));
  }
  return files;
}

std::filesystem::path ConsoleFiles::installedDir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path relative = "share/duka/console";
  return ec ? relative : (exe.parent_path().parent_path() / relative).lexically_normal();
}

const ConsoleFile* ConsoleFiles::asset(const std::string& name) const {
  const auto found = assets_.find(name);
  return found == assets_.end() ? nullptr : &found->second;
}

}  // namespace duka::console
