// The SQL API's error types, the session's key function and its owed counts.
#include "duka/sql.hpp"

#include <stdexcept>

namespace duka {

SqlError::SqlError(Kind kind, const std::string& message)
    : std::runtime_error(message), kind_(kind) {}
SqlError::~SqlError() = default;

DatabaseUnavailable::DatabaseUnavailable(const std::string& message)
    : std::runtime_error(message) {}
DatabaseUnavailable::~DatabaseUnavailable() = default;

SqlSession::~SqlSession() = default;

RowCount::operator std::size_t() const {
  return pending_ ? pending_->countOf(ticket_) : count_;
}

std::size_t SqlSession::countOf(std::uint64_t) {
  throw std::logic_error("this session owes no row count");
}

bool isUniqueViolation(const std::exception& e) {
  const auto* error = dynamic_cast<const SqlError*>(&e);
  return error && error->kind() == SqlError::Kind::UniqueViolation;
}

}  // namespace duka
