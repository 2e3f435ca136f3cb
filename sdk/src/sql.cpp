// The SQL API's error types and the session's key function.
#include "duka/sql.hpp"

namespace duka {

SqlError::SqlError(Kind kind, const std::string& message)
    : std::runtime_error(message), kind_(kind) {}
SqlError::~SqlError() = default;

DatabaseUnavailable::DatabaseUnavailable(const std::string& message)
    : std::runtime_error(message) {}
DatabaseUnavailable::~DatabaseUnavailable() = default;

SqlSession::~SqlSession() = default;

bool isUniqueViolation(const std::exception& e) {
  const auto* error = dynamic_cast<const SqlError*>(&e);
  return error && error->kind() == SqlError::Kind::UniqueViolation;
}

}  // namespace duka
