// AuditChain: the tamper evidence of the audit log: each row's hash is SHA-256 over the
// previous row's hash and the row's canonical text, so changing, removing or inserting a
// row breaks every hash after it.
#pragma once

#include <cstdint>
#include <string>

namespace duka::audit {

struct AuditRow {
  std::int64_t id = 0;
  std::string at;
  std::string action;
  std::string actor;
  std::string entity;
  std::string entityId;
  std::string requestId;
  std::string data;      // the event payload as compact JSON
  std::int64_t seq = 0;  // the row's place in the chain; 0 while it waits for its seal
  std::string prevHash;
  std::string hash;
};

// kGenesisHash is the previous hash of the first row.
inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// chainHash is the hash a row must carry: SHA-256 (hex) of prevHash and the row's fields,
// each length-prefixed so that no two different rows share a text.
std::string chainHash(const AuditRow& row);

}  // namespace duka::audit
