// The command line: --help, --check, --list-plugins, --migrate, and every refusal of a bad
// configuration or a bad plugin, each with one clear message and exit code 1.
#include <algorithm>
#include <filesystem>

#include "db/sqlite_connection.hpp"
#include "duka/abi.hpp"
#include "server_fixture.hpp"
#include "support/test_database.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

class Cli : public ::testing::Test {
 protected:
  // check writes ini (with a SQLite database in the temp dir) and runs duka --check.
  RunResult check(const std::string& enabled, const std::string& extra = "") {
    const std::string ini =
        dir_.write("duka.ini", serverIni("[database]\npath = " + dir_.file("db/duka.db") + "\n",
                                         testPluginDir(), enabled, extra));
    return runDuka({"--config=" + ini, "--check"});
  }
  void expectRefused(const RunResult& result, const std::string& message) {
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_NE(result.output.find(message), std::string::npos) << result.output;
  }
  TempDir dir_;
};

TEST_F(Cli, HelpListsTheOptions) {
  const RunResult result = runDuka({"--help"});
  EXPECT_EQ(result.exitCode, 0);
  for (const char* option : {"--config", "--check", "--migrate", "--list-plugins", "--add-user",
                             "--staff", "--version", "--backup", "--describe-settings"}) {
    EXPECT_NE(result.output.find(option), std::string::npos) << option;
  }
  // No daemon mode: systemd runs duka in the foreground, and --umask would undo its 077.
  for (const char* option : {"--daemon", "--pidfile", "--umask"})
    EXPECT_EQ(result.output.find(option), std::string::npos) << option;
}

TEST_F(Cli, VersionNamesDukaTheSdkAndItsAbi) {
  const RunResult result = runDuka({"--version"});
  EXPECT_EQ(result.exitCode, 0);
  EXPECT_EQ(result.output, std::string("duka ") + DUKA_SDK_VERSION + ", SDK " + DUKA_SDK_VERSION +
                               ", SDK ABI " + std::to_string(DUKA_SDK_ABI_VERSION) + "\n");
}

TEST_F(Cli, CheckAcceptsAGoodConfigurationWithoutTouchingTheDatabase) {
  const RunResult result = check("fakeauth, probe");
  EXPECT_EQ(result.exitCode, 0) << result.output;
  EXPECT_NE(result.output.find("OK (2 plugins, database sqlite)"), std::string::npos)
      << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("db")));
}

TEST_F(Cli, TheShippedDefaultConfigurationChecks) {
  const RunResult result = runDuka({"--config=" + sourceDir() + "/config/duka.ini", "--check"});
  EXPECT_EQ(result.exitCode, 0) << result.output;
}

TEST_F(Cli, TheExampleConfigurationsCheckWithTheirSecretsSet) {
  // --check connects to the configured PostgreSQL: the test cluster's.
  if (postgresConnection().empty())
    GTEST_SKIP() << "no PostgreSQL test cluster (set DUKA_TEST_PG_FILE)";
  const std::map<std::string, std::string> env{
      {"DUKA_PG", postgresConnection()},
      {"DUKA_TOKEN_SECRET", "5d0b8e2f7a9c1d4e6b3f8a0c2e5d7b9f1a3c6e8d0b2f4a7c"},
      {"OIDC_CLIENT_SECRET", "client secret"},
      {"AT_API_KEY", "at-key"},
      {"DUKA_SMS_REPORT_TOKEN", std::string(24, 'r')},
      {"MPESA_CONSUMER_KEY", "GtX3kq9Lm2Vb7Nc4Rd8Tz1Wf5Yh6Pj0s"},
      {"MPESA_CONSUMER_SECRET", "aB4cD8eF1gH5iJ9k"},
      {"MPESA_PASSKEY", "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"},
      {"MPESA_CALLBACK_TOKEN", "q7Wm2Zx9Lp4Rt8Vn3Bk6"},
      {"USSD_CALLBACK_TOKEN", "u5Tk8Rw2Qz7Lm3Xc9Vb4"}};
  for (const std::string name : {"postgresql.ini", "production.ini"}) {
    const RunResult result =
        runDuka({"--config=" + sourceDir() + "/config/" + name, "--check"}, env);
    EXPECT_EQ(result.exitCode, 0) << name << ": " << result.output;
  }
  // Without them, the unresolved reference is named.
  const RunResult bare = runDuka({"--config=" + sourceDir() + "/config/postgresql.ini", "--check"});
  EXPECT_NE(bare.exitCode, 0);
  EXPECT_NE(bare.output.find("DUKA_PG"), std::string::npos) << bare.output;
}

TEST_F(Cli, PluginRulesAcrossKeysStopTheCheck) {
  const std::string ini = dir_.write(
      "duka.ini", serverIni("", pluginDir(), "auth",
                            "[auth]\ntoken_secret = too-short-secret\noidc_audience = api\n"));
  const RunResult result = runDuka({"--config=" + ini, "--check"});
  EXPECT_EQ(result.exitCode, 1) << result.output;
  EXPECT_NE(result.output.find(ini + ": [auth] token_secret: must be at least 32 bytes"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("[auth] oidc_audience: has no effect without oidc_issuer"),
            std::string::npos)
      << result.output;
  EXPECT_EQ(result.output.find("too-short-secret"), std::string::npos) << "a secret was echoed";
}

TEST_F(Cli, AddUserNeedsAPluginThatKeepsAccounts) {
  const std::string ini = dir_.write(
      "duka.ini",
      serverIni("[database]\npath = " + dir_.file("duka.db") + "\n", testPluginDir(), "probe"));
  const RunResult result =
      runDuka({"--config=" + ini, "--add-user=amina"}, {{"DUKA_PASSWORD", "correct horse"}});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.output.find("no enabled plugin keeps local accounts"), std::string::npos)
      << result.output;
}

// --add-user prints its one line of result, not the start and stop of every plugin.
TEST_F(Cli, AddUserPrintsItsResultAlone) {
  const std::string ini = dir_.write(
      "duka.ini", serverIni("[database]\npath = " + dir_.file("duka.db") + "\n", testPluginDir(),
                            "auth, customers, inventory, orders, audit, sms",
                            "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n"));
  const RunResult result = runDuka({"--config=" + ini, "--add-user=boss", "--staff"},
                                   {{"DUKA_PASSWORD", "correct horse battery"}});
  EXPECT_EQ(result.exitCode, 0) << result.output;
  // (The test suite's weaker password hashing warns, as it must; no start is logged.)
  EXPECT_NE(result.output.find("created staff account boss\n"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("Information"), std::string::npos) << result.output;
  EXPECT_LE(std::count(result.output.begin(), result.output.end(), '\n'), 2) << result.output;
}

TEST_F(Cli, ListPluginsPrintsNameVersionRequiresAndFile) {
  const std::string ini =
      dir_.write("duka.ini", serverIni("", testPluginDir(), "greeter_consumer, greeter_provider"));
  const RunResult result = runDuka({"--config=" + ini, "--list-plugins"});
  EXPECT_EQ(result.exitCode, 0) << result.output;
  EXPECT_NE(result.output.find("greeter_provider\t1.0.0\trequires=-\t" + testPluginDir() +
                               "/libgreeter_provider.so"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("greeter_consumer\t1.0.0\trequires=greeter_provider"),
            std::string::npos);
  EXPECT_LT(result.output.find("greeter_provider"), result.output.find("greeter_consumer"));
}

TEST_F(Cli, AServiceLookupWithoutRequiresIsRefused) {
  const std::string ini =
      dir_.write("duka.ini", serverIni("", testPluginDir(), "greeter_provider, greeter_stranger"));
  // The lookup is in start(), which --check runs too.
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--config=" + ini}, {"--config=" + ini, "--check"}}) {
    expectRefused(runDuka(args),
                  "plugin 'greeter_stranger' looks up the service 'test.greeter' of plugin "
                  "'greeter_provider' without requiring it: add 'greeter_provider' to its "
                  "requires");
  }
}

TEST_F(Cli, CheckStartsThePluginsSoAnSmsProviderNoPluginRegistersFails) {
  const std::string ini = dir_.write(
      "duka.ini",
      serverIni("[database]\npath = " + dir_.file("db/duka.db") + "\n", pluginDir(),
                "auth, customers, inventory, orders, audit, sms", "[sms]\nprovider = twilo\n"));
  expectRefused(runDuka({"--config=" + ini, "--check"}),
                "[sms] provider = twilo: no loaded plugin provides the SMS provider 'twilo' "
                "(loaded: africastalking, log)");
  EXPECT_FALSE(std::filesystem::exists(dir_.file("db"))) << "the check wrote the real database";
}

// productionIni is a configuration for environment = production, SQLite at dbPath.
std::string productionIni(const std::string& dbPath, const std::string& server,
                          const std::string& auth) {
  return "[server]\nenvironment = production\nport = 0\n" + server +
         "\n[database]\npath = " + dbPath + "\n\n[plugins]\ndir = " + pluginDir() +
         "\nenabled = auth\n\n[auth]\n" + auth;
}

TEST_F(Cli, ProductionRefusesAnEmptyTokenSecret) {
  const std::string ini =
      dir_.write("duka.ini", productionIni(dir_.file("duka.db"), "address = 127.0.0.1\n", ""));
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--config=" + ini, "--check"}, {"--config=" + ini}}) {
    expectRefused(runDuka(args),
                  "duka.ini: [auth] token_secret: is required when [server] environment = "
                  "production");
  }
  const std::string development = dir_.write(
      "development.ini",
      serverIni("[database]\npath = " + dir_.file("dev.db") + "\n", pluginDir(), "auth"));
  EXPECT_EQ(runDuka({"--config=" + development, "--check"}).exitCode, 0);
}

TEST_F(Cli, ProductionRefusesAPublicAddressWithoutPublicUrl) {
  const std::string secret = "token_secret = 9c2f7a1e4b8d3f6a0c5e2b7d9f1a4c8e3b6d0f2a\n";
  const std::string bare =
      dir_.write("bare.ini", productionIni(dir_.file("duka.db"), "address = 0.0.0.0\n", secret));
  expectRefused(runDuka({"--config=" + bare, "--check"}),
                "[server] address: '0.0.0.0' is not a loopback address and public_url is empty");
  const std::string withUrl = dir_.write(
      "url.ini",
      productionIni(dir_.file("duka.db"),
                    "address = 0.0.0.0\npublic_url = https://shop.example.com\n", secret));
  const RunResult result = runDuka({"--config=" + withUrl, "--check"});
  EXPECT_EQ(result.exitCode, 0) << result.output;
}

TEST_F(Cli, DatabaseFilesAreOwnerOnlyAndProductionRefusesOthersReadingThem) {
  const std::string db = dir_.file("duka.db");
  const std::string secret = "token_secret = 9c2f7a1e4b8d3f6a0c5e2b7d9f1a4c8e3b6d0f2a\n";
  const std::string ini =
      dir_.write("duka.ini", productionIni(db, "address = 127.0.0.1\n", secret));
  const RunResult migrated = runDuka({"--config=" + ini, "--migrate"});
  ASSERT_EQ(migrated.exitCode, 0) << migrated.output;
  using std::filesystem::perms;
  EXPECT_EQ(std::filesystem::status(db).permissions() & perms::all,
            perms::owner_read | perms::owner_write);

  // Its group reading it is a warning; other users reading it stops a production start.
  std::filesystem::permissions(db, perms::group_read, std::filesystem::perm_options::add);
  const RunResult groupRead = runDuka({"--config=" + ini, "--check"});
  EXPECT_EQ(groupRead.exitCode, 0) << groupRead.output;
  EXPECT_NE(groupRead.output.find(db + " can be read by its group"), std::string::npos)
      << groupRead.output;
  std::filesystem::permissions(db, perms::others_read, std::filesystem::perm_options::add);
  expectRefused(runDuka({"--config=" + ini, "--check"}),
                "[database] path: " + db +
                    " can be read by other users; chmod 600 the database and its -wal and -shm "
                    "files");
  std::filesystem::permissions(db, perms::owner_read | perms::owner_write);
  // So can its WAL: the latest rows are there.
  const std::string wal = dir_.write("duka.db-wal", "");
  std::filesystem::permissions(wal, perms::owner_read | perms::owner_write | perms::others_read);
  expectRefused(runDuka({"--config=" + ini, "--check"}),
                "[database] path: " + wal + " can be read by other users");
  std::filesystem::permissions(db, perms::others_read, std::filesystem::perm_options::add);
  // In development the same file is a warning.
  const std::string development = dir_.write(
      "development.ini", serverIni("[database]\npath = " + db + "\n", pluginDir(), "auth"));
  const RunResult warned = runDuka({"--config=" + development, "--check"});
  EXPECT_EQ(warned.exitCode, 0) << warned.output;
  EXPECT_NE(warned.output.find("can be read by other users"), std::string::npos) << warned.output;
}

// iterationsOf is the PBKDF2 count in the stored hash of username's password.
std::string iterationsOf(const std::string& dbPath, const std::string& username) {
  host::SqliteConnection db(dbPath, "normal");
  std::string hash;
  db.run("SELECT password_hash FROM auth_accounts WHERE username = $1", {username},
         [&](const SqlRow& row) { hash = row.text(0); });
  const auto first = hash.find('$');
  return hash.substr(first + 1, hash.find('$', first + 1) - first - 1);
}

TEST_F(Cli, PasswordsTakeFullIterationsUnlessATestSuiteAsksOutsideProduction) {
  const std::string db = dir_.file("duka.db");
  const std::string secret = "token_secret = 9c2f7a1e4b8d3f6a0c5e2b7d9f1a4c8e3b6d0f2a\n";
  const std::string development = dir_.write(
      "development.ini",
      serverIni("[database]\npath = " + db + "\n", pluginDir(), "auth", "[auth]\n" + secret));
  const std::string production =
      dir_.write("production.ini", productionIni(db, "address = 127.0.0.1\n", secret));
  const auto add = [](const std::string& ini, const std::string& name, const std::string& count) {
    return runDuka(
        {"--config=" + ini, "--add-user=" + name},
        {{"DUKA_PASSWORD", "correct horse battery"}, {"DUKA_TEST_PASSWORD_ITERATIONS", count}});
  };
  const RunResult quick = add(development, "quick", "1000");
  ASSERT_EQ(quick.exitCode, 0) << quick.output;
  EXPECT_NE(quick.output.find("DUKA_TEST_PASSWORD_ITERATIONS: new password hashes take 1000"),
            std::string::npos)
      << quick.output;
  EXPECT_EQ(iterationsOf(db, "quick"), "1000");
  ASSERT_EQ(add(development, "full", "").exitCode, 0);
  EXPECT_EQ(iterationsOf(db, "full"), "210000");
  const RunResult refused = add(production, "server", "1000");
  ASSERT_EQ(refused.exitCode, 0) << refused.output;
  EXPECT_NE(refused.output.find("DUKA_TEST_PASSWORD_ITERATIONS is set and ignored"),
            std::string::npos)
      << refused.output;
  EXPECT_EQ(iterationsOf(db, "server"), "210000");
}

TEST_F(Cli, DescribeSettingsIsTheSettingsReferenceInDocs) {
  const std::string ini = dir_.write(
      "duka.ini", serverIni("[database]\npath = " + dir_.file("duka.db") + "\n", pluginDir(),
                            "auth, customers, inventory, orders, audit, sms, mpesa, webhooks, "
                            "ussd, reports, console"));
  const RunResult described = runDuka({"--config=" + ini, "--describe-settings"});
  ASSERT_EQ(described.exitCode, 0) << described.output;
  EXPECT_EQ(described.output, readFile(sourceDir() + "/docs/settings-reference.md"))
      << "a declaration changed: run scripts/settings-reference and commit the result";
  // It describes without judging: a section a serving duka would refuse is no obstacle.
  const std::string broken =
      dir_.write("broken.ini", serverIni("[database]\npath = " + dir_.file("duka.db") + "\n",
                                         pluginDir(), "auth", "[auth]\ntoken_secret = short\n"));
  const RunResult anyway = runDuka({"--config=" + broken, "--describe-settings"});
  EXPECT_EQ(anyway.exitCode, 0) << anyway.output;
  EXPECT_NE(anyway.output.find("## [auth]"), std::string::npos);
  EXPECT_EQ(anyway.output.find("## [sms]"), std::string::npos) << "only the enabled plugins";
}

TEST_F(Cli, MissingConfigFileIsNamed) {
  expectRefused(runDuka({"--config=/nonexistent/duka.ini", "--check"}),
                "/nonexistent/duka.ini: cannot read the configuration file");
}

TEST_F(Cli, MalformedIniIsNamedWithItsLine) {
  const std::string ini = dir_.write("bad.ini", "[server]\nport 8080\n");
  expectRefused(runDuka({"--config=" + ini, "--check"}), "bad.ini:2: expected 'key = value'");
}

TEST_F(Cli, BadHostValueNamesFileSectionAndKey) {
  expectRefused(check("probe", "[server]\nthreads = many\n"),
                "duka.ini: [server] threads: must be an integer (got 'many')");
}

TEST_F(Cli, UnknownPluginNameIsRefusedNamingTheSettingsAndTheNearestName) {
  expectRefused(check("probe, nosuchplugin"),
                "duka.ini: [plugins] enabled: no plugin "
                "'nosuchplugin' in [plugins] dir = " +
                    testPluginDir() + " (no file libnosuchplugin.so)");
  expectRefused(check("probe, custmers"),
                "[plugins] enabled: no plugin 'custmers' in [plugins] dir = " + testPluginDir() +
                    " (no file libcustmers.so) (did you mean 'customers'?)");
}

TEST_F(Cli, SectionOfNoInstalledPluginIsRefusedWithTheNearestName) {
  expectRefused(check("probe", "[custmers]\ndefault_country_code = 254\n"),
                "duka.ini: [custmers]: neither a section of duka's nor of a plugin installed in "
                "[plugins] dir = " +
                    testPluginDir() + " (did you mean 'customers'?)");
  const RunResult far = check("probe", "[zzzzzz]\nkey = 1\n");
  expectRefused(far, "[zzzzzz]: neither a section of duka's nor of a plugin installed");
  EXPECT_EQ(far.output.find("did you mean"), std::string::npos) << far.output;
}

// The host's own sections and keys get their "did you mean" too.
TEST_F(Cli, AMisspeltHostSectionOrKeyIsRefusedWithTheNearestName) {
  const RunResult sections = check("probe", "[sever]\nport = 1\n\n[logs]\nlevel = debug\n");
  expectRefused(sections, "[sever]: neither a section of duka's nor of a plugin installed");
  EXPECT_NE(sections.output.find("[sever]: neither a section of duka's nor of a plugin "
                                 "installed in [plugins] dir = " +
                                 testPluginDir() + " (did you mean 'server'?)"),
            std::string::npos)
      << sections.output;
  EXPECT_NE(sections.output.find("(did you mean 'log'?)"), std::string::npos) << sections.output;
  const std::string logIni =
      dir_.write("log.ini", "[log]\nfromat = json\n\n[plugins]\ndir = " + testPluginDir() +
                                "\nenabled = probe\n");
  expectRefused(runDuka({"--config=" + logIni, "--check"}),
                "log.ini: [log] fromat: unknown key (did you mean 'format'?)");
  expectRefused(check("probe", "[probe]\nlabl = x\n"),
                "duka.ini: [probe] labl: unknown key (did you mean 'label'?)");
}

// A value that does not resolve is one error, not also "is required" for the same key.
TEST_F(Cli, AnUnresolvedValueIsReportedOnceNamingWhereTheEnvironmentComesFrom) {
  const std::string ini =
      dir_.write("duka.ini", productionIni(dir_.file("duka.db"), "address = 127.0.0.1\n",
                                           "token_secret = ${system.env.DUKA_TEST_NOT_SET}\n"));
  const RunResult result = runDuka({"--config=" + ini, "--check"});
  expectRefused(result,
                "[auth] token_secret: the reference ${system.env.DUKA_TEST_NOT_SET} does "
                "not resolve: that environment variable is not set for duka (the package "
                "keeps it in /etc/duka/secrets");
  EXPECT_EQ(result.output.find("token_secret: is required"), std::string::npos) << result.output;
}

TEST_F(Cli, SectionOfAnInstalledPluginThatIsNotEnabledIsAWarning) {
  // Disabling a plugin means editing enabled only: its section may stay.
  const RunResult result = check("probe", "[customers]\ndefault_country_code = 254\n");
  EXPECT_EQ(result.exitCode, 0) << result.output;
  EXPECT_NE(result.output.find("[customers] is the section of a plugin that is not enabled"),
            std::string::npos)
      << result.output;
}

TEST_F(Cli, UnknownKeyInAPluginSectionIsRefused) {
  expectRefused(check("probe", "[probe]\nlabel = x\nlable = y\n"),
                "duka.ini: [probe] lable: unknown key");
}

TEST_F(Cli, BadPluginValueIsRefusedAndSecretsAreNotEchoed) {
  const RunResult bounds = check("probe", "[probe]\nlimit = 11\n");
  expectRefused(bounds, "duka.ini: [probe] limit: must be between 1 and 10 (got '11')");
  const RunResult choice = check("probe", "[probe]\nmode = reckless\n");
  expectRefused(choice, "[probe] mode: must be one of: fast, safe");
}

TEST_F(Cli, UnresolvedEnvironmentReferenceIsRefused) {
  expectRefused(
      check("probe", "[probe]\ntoken = ${system.env.DUKA_TEST_SURELY_UNSET}\n"),
      "[probe] token: the reference ${system.env.DUKA_TEST_SURELY_UNSET} does not resolve");
}

TEST_F(Cli, EnvironmentReferenceResolves) {
  const std::string ini = dir_.write(
      "duka.ini",
      serverIni("", testPluginDir(), "probe", "[probe]\nlabel = ${system.env.DUKA_TEST_LABEL}\n"));
  const RunResult result =
      runDuka({"--config=" + ini, "--check"}, {{"DUKA_TEST_LABEL", "from-env"}});
  EXPECT_EQ(result.exitCode, 0) << result.output;
}

TEST_F(Cli, LoaderRefusalsNameThePluginAndTheCause) {
  expectRefused(
      check("bad_abi"),
      "plugin 'bad_abi' was built against SDK ABI version 999, but this duka has SDK ABI version");
  expectRefused(check("not_a_plugin"), "is not a duka plugin (no duka_plugin_abi symbol");
  expectRefused(check("cycle_a, cycle_b"),
                "plugins form a dependency cycle: cycle_a -> cycle_b -> cycle_a");
  expectRefused(check("needs_missing"),
                "plugin 'needs_missing' requires 'nonexistent', which is not enabled");
  expectRefused(check("wrong_name"), "declares the name 'probe'");
}

TEST_F(Cli, EveryLoadFailureIsReportedAtOnce) {
  const RunResult result = check("bad_abi, not_a_plugin, ghost");
  EXPECT_EQ(result.exitCode, 1);
  for (const char* name : {"'bad_abi'", "'not_a_plugin'", "'ghost'"}) {
    EXPECT_NE(result.output.find(name), std::string::npos) << name << "\n" << result.output;
  }
}

TEST_F(Cli, MigrateAppliesOnceAndAFailingMigrationChangesNothing) {
  const std::string dbPath = dir_.file("db/duka.db");
  const std::string good = dir_.write(
      "good.ini", serverIni("[database]\npath = " + dbPath + "\n", testPluginDir(), "probe"));
  RunResult first = runDuka({"--config=" + good, "--migrate"});
  EXPECT_EQ(first.exitCode, 0) << first.output;
  EXPECT_NE(first.output.find("applied migration probe 2"), std::string::npos) << first.output;
  RunResult second = runDuka({"--config=" + good, "--migrate"});
  EXPECT_EQ(second.exitCode, 0);
  EXPECT_EQ(second.output.find("applied migration"), std::string::npos) << second.output;

  const std::string bad = dir_.write("bad.ini", serverIni("[database]\npath = " + dbPath + "\n",
                                                          testPluginDir(), "probe, bad_migration"));
  expectRefused(runDuka({"--config=" + bad, "--migrate"}),
                "plugin 'bad_migration': migration 2 (broken) failed");
  host::SqliteConnection session(dbPath, "full");
  std::int64_t rows = -1, tables = -1;
  session.run("SELECT COUNT(*) FROM duka_migrations WHERE plugin = 'bad_migration'", {},
              [&](const SqlRow& row) { rows = row.integer(0); });
  session.run("SELECT COUNT(*) FROM sqlite_master WHERE name = 'bad_ok'", {},
              [&](const SqlRow& row) { tables = row.integer(0); });
  EXPECT_EQ(rows, 0);
  EXPECT_EQ(tables, 0);
}

TEST_F(Cli, UnusableDatabaseFolderIsNamed) {
  dir_.write("blocker", "a file where a folder should be");
  const std::string ini =
      dir_.write("duka.ini", serverIni("[database]\npath = " + dir_.file("blocker/duka.db") + "\n",
                                       testPluginDir(), "probe"));
  expectRefused(runDuka({"--config=" + ini}), "cannot create the database folder");
}

TEST_F(Cli, PostgresqlDownIsNamedWithoutSecrets) {
  const std::string ini = dir_.write(
      "duka.ini",
      serverIni("[database]\nbackend = postgresql\nconnection = host=127.0.0.1 port=1 user=duka "
                "password=hunter2 connect_timeout=2\n",
                testPluginDir(), "probe"));
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--config=" + ini}, {"--config=" + ini, "--check"}}) {
    const RunResult result = runDuka(args);
    expectRefused(result, "cannot open the PostgreSQL server");
    EXPECT_EQ(result.output.find("hunter2"), std::string::npos) << result.output;
  }
}

}  // namespace
}  // namespace duka::test
