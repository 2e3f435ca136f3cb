#include <Poco/JSON/Object.h>
#include <Poco/StringTokenizer.h>

#include <cstdlib>
#include <duka/testing/duka_server.hpp>
#include <filesystem>
#include <stdexcept>

namespace duka::test {

namespace {

constexpr const char* kPassword = "kit-password-of-a-staff-account";

// linkPlugins links every lib*.so of the folders in dirs (':'-separated, the first wins)
// into folder, the one plugin folder duka reads.
void linkPlugins(const std::string& dirs, const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  Poco::StringTokenizer list(dirs, ":", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const auto& dir : list) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("lib", 0) == 0 && entry.path().extension() == ".so" &&
          !std::filesystem::exists(folder / name))
        std::filesystem::create_symlink(std::filesystem::absolute(entry.path()), folder / name);
    }
  }
}

}  // namespace

std::unique_ptr<DukaServer> DukaServer::start(const std::string& enabled, const std::string& ini) {
  const char* dirs = std::getenv("DUKA_PLUGIN_DIRS");
  if (!dirs || !*dirs)
    throw std::runtime_error("DUKA_PLUGIN_DIRS is not set (duka_add_plugin_test sets it)");
  std::unique_ptr<DukaServer> server(new DukaServer);
  linkPlugins(dirs, server->dir_.file("plugins"));
  const std::string text = serverIni("[database]\npath = " + server->dir_.file("duka.db") + "\n",
                                     server->dir_.file("plugins"), enabled, ini);
  server->config_ = server->dir_.write("duka.ini", text);
  server->process_ = DukaProcess::start(text);
  return server;
}

std::string DukaServer::staffToken(const std::string& username) {
  const RunResult added = runDuka({"--config=" + config_, "--add-user=" + username, "--staff"},
                                  {{"DUKA_PASSWORD", kPassword}});
  if (added.exitCode != 0)
    throw std::runtime_error("duka --add-user failed:\n" + added.output);
  Poco::JSON::Object::Ptr credentials = new Poco::JSON::Object;
  credentials->set("username", username);
  credentials->set("password", kPassword);
  std::ostringstream body;
  credentials->stringify(body);
  const HttpResponse login = client().post("/api/login/", body.str());
  if (login.status != 200 || !login.json())
    throw std::runtime_error("staff login failed: " + login.body);
  return login.json()->getValue<std::string>("access");
}

}  // namespace duka::test
