// chainHash against digests computed outside duka (Python's hashlib over the documented
// canonical text), so that a change of the hashing code cannot silently change the chain
// that existing audit logs were written with.
#include "audit_chain.hpp"

#include <gtest/gtest.h>

namespace duka::audit {
namespace {

AuditRow sampleRow() {
  AuditRow row;
  row.prevHash = kGenesisHash;
  row.at = "2026-11-26T08:00:00Z";
  row.action = "order.created";
  row.actor = "4fa694cc-3ba5-4711-b8cc-a475c1c229c4";
  row.entity = "order";
  row.entityId = "42";
  row.requestId = "rid-1";
  row.data = R"({"id":42,"name":"Zoë Wanjiru","total":"99.50"})";
  return row;
}

TEST(AuditChainTest, HashIsSha256OfTheLengthPrefixedFields) {
  EXPECT_EQ(chainHash(sampleRow()),
            "c2ef389e4daf08cc12e2887b4cf7d2c273287947ee865e0043d444782509005d");
}

TEST(AuditChainTest, LongDataHashesAcrossManyBlocks) {
  AuditRow row = sampleRow();
  row.data = std::string(5000, 'x');
  EXPECT_EQ(chainHash(row), "19536405425860586694c7529a1d7cc24f19a1facb33d840e5c9ecc516f9aafa");
}

TEST(AuditChainTest, EveryFieldChangesTheHash) {
  const std::string original = chainHash(sampleRow());
  for (std::string AuditRow::*field :
       {&AuditRow::prevHash, &AuditRow::at, &AuditRow::action, &AuditRow::actor, &AuditRow::entity,
        &AuditRow::entityId, &AuditRow::requestId, &AuditRow::data}) {
    AuditRow row = sampleRow();
    row.*field += "!";
    EXPECT_NE(chainHash(row), original);
  }
}

TEST(AuditChainTest, MovingTextBetweenFieldsChangesTheHash) {
  AuditRow a = sampleRow(), b = sampleRow();
  a.entity = "order4";
  a.entityId = "2";
  EXPECT_NE(chainHash(a), chainHash(b));
}

}  // namespace
}  // namespace duka::audit
