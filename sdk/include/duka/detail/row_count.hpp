// duka/detail/row_count.hpp: RowCount, what SqlSession::run answers (duka/sql.hpp). Not
// API beyond reading it as a number.
#pragma once

#include <cstddef>
#include <cstdint>

namespace duka {

class SqlSession;

// RowCount is what run() answers: the rows a statement read or changed. Compare or convert
// it where run() returns it (`if (tx.run(...) == 0)`); reading it waits for the statement,
// and a count nobody reads lets the host send the statement on with the next one.
class RowCount {
 public:
  RowCount(SqlSession* pending, std::uint64_t ticket, std::size_t count)
      : pending_(pending), ticket_(ticket), count_(count) {}
  RowCount(const RowCount&) = delete;
  RowCount& operator=(const RowCount&) = delete;
  operator std::size_t() const;  // NOLINT(google-explicit-constructor): a count reads as one

 private:
  SqlSession* pending_;  // the session that still owes the count, or nullptr
  std::uint64_t ticket_;
  std::size_t count_;
};

}  // namespace duka
