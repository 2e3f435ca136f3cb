// sqliteLastInsertId: the id of the row a SQLite session inserted last, for executeInsert
// and insertSql (internal to libduka_sdk).
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>

namespace duka::detail {

std::int64_t sqliteLastInsertId(Poco::Data::Session& session);

}  // namespace duka::detail
