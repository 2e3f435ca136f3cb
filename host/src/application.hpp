// DukaApplication: the `duka` command: parses the command line, validates the
// configuration, loads and orders the plugins, migrates, starts, serves and stops.
#pragma once

#include <Poco/Util/ServerApplication.h>

#include <string>

namespace duka::host {

class DukaApplication : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override;
  void handleOption(const std::string& name, const std::string& value) override;
  int main(const ArgVec& args) override;

 private:
  enum class Mode { Serve, Check, Migrate, ListPlugins, DescribeSettings, AddUser, Backup };

  int execute();
  void printHelp();

  std::string configPath_ = "config/duka.ini";
  Mode mode_ = Mode::Serve;
  bool helpRequested_ = false;
  bool versionRequested_ = false;
  std::string addUser_;
  std::string backupFile_;
  bool staff_ = false;
};

}  // namespace duka::host
