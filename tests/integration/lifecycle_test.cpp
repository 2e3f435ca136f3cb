// Start, graceful stop, start failures and stop order, through the real binary.
#include <thread>

#include "server_fixture.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

class Lifecycle : public ServerTest {
 protected:
  void SetUp() override {}
};

TEST_P(Lifecycle, SigtermDrainsInFlightRequestsAndExitsZero) {
  startServer("probe");
  HttpResponse slow;
  std::thread caller([&] {
    HttpClient client(server_->port());
    slow = client.get("/api/probe/slow/?ms=1500");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(server_->stop(), 0);
  caller.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.json()->getValue<int>("slept_ms"), 1500);
}

TEST_P(Lifecycle, PluginsStopInReverseDependencyOrder) {
  startServer("greeter_consumer, greeter_provider");
  EXPECT_EQ(client_->get("/api/greet/Amina/").json()->getValue<std::string>("greeting"),
            "Karibu, Amina");
  EXPECT_EQ(server_->stop(), 0);
  const std::string log = server_->output();
  const auto startedProvider = log.find("started plugin greeter_provider");
  const auto startedConsumer = log.find("started plugin greeter_consumer");
  const auto stoppedConsumer = log.find("stopped plugin greeter_consumer");
  const auto stoppedProvider = log.find("stopped plugin greeter_provider");
  ASSERT_NE(stoppedProvider, std::string::npos) << log;
  EXPECT_LT(startedProvider, startedConsumer);
  EXPECT_LT(stoppedConsumer, stoppedProvider);
}

TEST_P(Lifecycle, AThrowingStartStopsTheHostWithTheCause) {
  db_ = TestDatabase::create(GetParam(), dir_);
  DUKA_SKIP_WITHOUT(db_);
  const std::string ini = dir_.write(
      "duka.ini", serverIni(db_->iniSection(), testPluginDir(), "probe, throws_on_start"));
  const RunResult result = runDuka({"--config=" + ini});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.output.find(
                "plugin 'throws_on_start' failed to start: the widget could not be reticulated"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("stopped plugin probe"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("listening"), std::string::npos);
}

TEST_P(Lifecycle, ConflictingRoutesAreRefusedAtStart) {
  db_ = TestDatabase::create(GetParam(), dir_);
  DUKA_SKIP_WITHOUT(db_);
  const std::string ini =
      dir_.write("duka.ini", serverIni(db_->iniSection(), testPluginDir(), "route_clash"));
  const RunResult result = runDuka({"--config=" + ini});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.output.find(
                "plugin 'route_clash' registers GET /health/, which the host already registered"),
            std::string::npos)
      << result.output;
}

DUKA_SERVER_BACKENDS(Lifecycle);

}  // namespace
}  // namespace duka::test
