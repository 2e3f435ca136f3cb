#include "db/migrator.hpp"

#include "db_fixture.hpp"

namespace duka::host {
namespace {

using MigratorTest = BackendTest;

Migration step(int version, std::string sql) {
  return {.version = version,
          .description = "step " + std::to_string(version),
          .statements = {std::move(sql)},
          .postgresql = {}};
}

TEST_P(MigratorTest, AppliesPendingStepsOnceAndRecordsThem) {
  Migrator migrator(*db_);
  std::vector<PluginMigrations> plugins{
      {"alpha", {step(1, "CREATE TABLE alpha_t (id {{id}}, v TEXT)")}},
      {"beta", {step(1, "CREATE TABLE beta_t (id {{id}})")}}};
  EXPECT_EQ(migrator.apply(plugins).size(), 2u);
  EXPECT_EQ(count("duka_migrations"), 2);
  EXPECT_TRUE(migrator.apply(plugins).empty());

  plugins[0].migrations.push_back(step(2, "CREATE INDEX alpha_v ON alpha_t (v)"));
  auto applied = migrator.apply(plugins);
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].plugin, "alpha");
  EXPECT_EQ(applied[0].version, 2);
  EXPECT_EQ(count("duka_migrations"), 3);
}

TEST_P(MigratorTest, AFailingStepChangesNothing) {
  Migrator migrator(*db_);
  std::vector<PluginMigrations> plugins{
      {"alpha", {step(1, "CREATE TABLE alpha_t (id {{id}})")}},
      {"beta", {step(1, "CREATE TABLE beta_t (id {{id}})"), step(2, "THIS IS NOT SQL")}}};
  try {
    migrator.apply(plugins);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("plugin 'beta': migration 2 (step 2) failed"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(tableExists("alpha_t"));
  EXPECT_FALSE(tableExists("beta_t"));
  // The bookkeeping table was created in the same transaction, so it is gone too.
  EXPECT_FALSE(tableExists("duka_migrations"));
}

TEST_P(MigratorTest, BackendSpecificStatementsWin) {
  Migrator migrator(*db_);
  Migration m = step(1, "CREATE TABLE gamma_t (id {{id}}, note TEXT)");
  m.postgresql = {"CREATE TABLE gamma_t (id BIGSERIAL PRIMARY KEY, note VARCHAR(10))"};
  migrator.apply({{"gamma", {m}}});
  EXPECT_EQ(count("gamma_t"), 0);
}

TEST(MigratorCheck, RefusesOutOfOrderAndEmptySteps) {
  EXPECT_THROW(Migrator::check({"p", {step(2, "x"), step(1, "y")}}), std::runtime_error);
  EXPECT_THROW(Migrator::check({"p", {step(0, "x")}}), std::runtime_error);
  EXPECT_THROW(Migrator::check(
                   {"p", {{.version = 1, .description = "", .statements = {}, .postgresql = {}}}}),
               std::runtime_error);
  EXPECT_NO_THROW(Migrator::check({"p", {step(1, "x"), step(3, "y")}}));
}

DUKA_BACKENDS(MigratorTest);

}  // namespace
}  // namespace duka::host
