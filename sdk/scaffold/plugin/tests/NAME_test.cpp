// The @NAME@ plugin in the real duka: its route answers, its setting counts, and its route is
// in the OpenAPI document.
#include <gtest/gtest.h>

#include <duka/testing/duka_server.hpp>

namespace {

using duka::test::DukaServer;

TEST(@NAME@, GreetsWithTheConfiguredWord) {
  auto server = DukaServer::start("@NAME@", "[@NAME@]\ngreeting = Habari\n");
  const auto answer = server->client().get("/api/@NAME@/Amina/");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.body, R"({"message":"Habari, Amina!","name":"Amina"})");
}

TEST(@NAME@, TheRouteIsDocumented) {
  auto server = DukaServer::start("@NAME@");
  const auto document = server->client().get("/api/openapi.json").json();
  ASSERT_TRUE(document);
  EXPECT_TRUE(document->getObject("paths")->has("/api/@NAME@/{name}"));
}

}  // namespace
