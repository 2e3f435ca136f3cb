// [log] format = json: every line duka writes is one JSON object, and access lines carry
// their fields; a bad file rotation is named (tests/host/logging has the file output).
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "server_fixture.hpp"

namespace duka::test {
namespace {

class Logging : public ServerTest {
 protected:
  void SetUp() override {}

  // lines parses every line of text as a JSON object; a line that does not parse fails.
  static std::vector<Poco::JSON::Object::Ptr> lines(const std::string& text) {
    std::vector<Poco::JSON::Object::Ptr> objects;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      try {
        objects.push_back(Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>());
      } catch (const std::exception& e) {
        ADD_FAILURE() << "not a JSON object: " << line;
      }
    }
    return objects;
  }
};

TEST_P(Logging, JsonLinesCarryTheRequestAndTheAccessFields) {
  startServer("probe", "[log]\nformat = json\naccess_log = true\n");
  EXPECT_EQ(client_->get("/health", {{"X-Request-Id", "trace-me-1"}}).status, 200);
  EXPECT_EQ(client_->get("/api/probe/items/7/").status, 200);
  // A path with a newline and bytes that are not UTF-8 still makes one parsable line.
  client_->get("/api/x%0aforged\xff/");
  ASSERT_EQ(server_->stop(), 0);

  bool sawHealth = false, sawRoute = false, sawStart = false;
  for (const auto& line : lines(server_->output())) {
    for (const char* field : {"time", "level", "logger", "message"})
      EXPECT_TRUE(line->has(field)) << field;
    const std::string logger = line->getValue<std::string>("logger");
    if (logger == "duka" && line->getValue<std::string>("message").starts_with("duka listening on"))
      sawStart = line->getValue<std::string>("level") == "information";
    if (logger != "http.access")
      continue;
    EXPECT_TRUE(line->get("status").isInteger());
    EXPECT_TRUE(line->get("duration_ms").isNumeric());
    EXPECT_EQ(line->getValue<std::string>("client"), "127.0.0.1");
    if (line->getValue<std::string>("request_id") == "trace-me-1") {
      sawHealth = true;
      EXPECT_EQ(line->getValue<std::string>("method"), "GET");
      EXPECT_EQ(line->getValue<std::string>("route"), "/health");
      EXPECT_EQ(line->getValue<int>("status"), 200);
    }
    if (line->getValue<std::string>("path") == "/api/probe/items/7/")
      sawRoute = line->getValue<std::string>("route") == "/api/probe/items/{id}/";
  }
  EXPECT_TRUE(sawStart) << server_->output();
  EXPECT_TRUE(sawHealth) << server_->output();
  EXPECT_TRUE(sawRoute) << server_->output();
}

TEST_P(Logging, ABadRotationIsNamed) {
  const std::string ini = dir_.write(
      "duka.ini",
      serverIni("[database]\npath = " + dir_.file("duka.db") + "\n", testPluginDir(), "probe",
                "[log]\nfile = " + dir_.file("duka.log") + "\nrotation = whenever\n"));
  const RunResult result = runDuka({"--config=" + ini, "--check"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.output.find("[log] file = " + dir_.file("duka.log") + ", rotation = whenever"),
            std::string::npos)
      << result.output;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Logging, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
