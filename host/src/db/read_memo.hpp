// ReadMemo: the reads a write transaction already made, answered again without the
// database. Two plugins reading the same row in one transaction (orders checks the
// customer, then sms reads it for the message) make one round trip instead of two
// (docs/design/postgresql-scale-out.md). A read is remembered only when it is a plain
// SELECT of one table with few rows; any write to that table forgets its reads, and a
// statement whose table cannot be told forgets them all. Plugins see nothing of it (SPEC 2:
// memoising is the host's).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "duka/sql.hpp"

namespace duka::host {

class ReadMemo {
 public:
  static constexpr std::size_t kMaxReads = 32;
  static constexpr std::size_t kMaxRows = 8;

  // tableRead is the one table a memoisable read selects from (a SELECT ... FROM t
  // [WHERE ...]: no join, no subquery, no lock, nothing volatile); nullopt otherwise.
  static std::optional<std::string> tableRead(std::string_view sql);
  // tableWritten is the table an INSERT, UPDATE or DELETE writes; nullopt when it cannot
  // be told (every read is then forgotten).
  static std::optional<std::string> tableWritten(std::string_view sql);
  // Statement is what the memo needs of a statement's text, worked out once per text and
  // thread (the texts are plugins' constants; at most kMaxKnown texts of up to
  // kMaxKnownLength characters are kept per thread, then they are forgotten and worked out
  // again; a longer text is worked out each time). The reference holds until the thread's
  // next statementOf.
  struct Statement {
    bool select = false;                      // a SELECT: it changes nothing
    std::optional<std::string> tableRead;     // a memoisable read's table
    std::optional<std::string> tableWritten;  // the table an INSERT, UPDATE or DELETE changes
  };
  static constexpr std::size_t kMaxKnown = 512;
  static constexpr std::size_t kMaxKnownLength = 1024;
  static const Statement& statementOf(std::string_view sql);

  // replay calls onRow with the rows remembered for sql and values; false when none are.
  bool replay(std::string_view sql, std::span<const SqlValue> values, const SqlRowCallback& onRow,
              std::size_t& rows) const;
  // Cell is one column of a remembered row, as the row read it both ways.
  struct Cell {
    bool null;
    std::int64_t integer;
    std::string text;
  };
  // Capture collects the rows of a read as it runs, for remember.
  class Capture {
   public:
    void add(const SqlRow& row);
    bool tooMany() const { return tooMany_; }

   private:
    friend class ReadMemo;
    std::vector<std::vector<Cell>> rows_;
    bool tooMany_ = false;
  };
  void remember(std::string table, std::string_view sql, std::span<const SqlValue> values,
                Capture capture);
  // wrote forgets what a statement that is no memoisable read may have changed.
  void wrote(std::string_view sql);

 private:
  struct Read {
    std::string table;
    std::string key;  // the SQL text and the values
    std::vector<std::vector<Cell>> rows;
  };
  static std::string keyOf(std::string_view sql, std::span<const SqlValue> values);
  std::vector<Read> reads_;
};

}  // namespace duka::host
