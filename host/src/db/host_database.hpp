// HostDatabase: the SDK's Database as the host's own parts use it (the outbox runners, the
// migrator): the same reads and writes, and the backend it runs on.
#pragma once

#include "duka/database.hpp"

namespace duka::host {

class HostDatabase : public Database {
 public:
  virtual Backend backend() const = 0;
};

}  // namespace duka::host
