// bad_migration: a good first migration and a broken second one; neither may stay applied.
#include <duka/sdk.hpp>

namespace {

class BadMigration : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "bad_migration",
            .version = "0.1.0",
            .description = "broken schema",
            .requiredPlugins = {}};
  }
  std::vector<duka::Migration> migrations() const override {
    return {{.version = 1,
             .description = "fine",
             .statements = {"CREATE TABLE bad_ok (id {{id}})"},
             .postgresql = {}},
            {.version = 2,
             .description = "broken",
             .statements = {"CREATE TABLE bad_ok (id {{id}})"},
             .postgresql = {}}};
  }
  void start(duka::PluginContext&) override {}
};

}  // namespace

DUKA_PLUGIN(BadMigration)
