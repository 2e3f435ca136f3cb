#include "db/read_memo.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <unordered_map>

namespace duka::host {

namespace {

// lowered is sql in ASCII lower case with its leading blanks trimmed.
std::string lowered(std::string_view sql) {
  const auto start = sql.find_first_not_of(" \t\r\n");
  std::string text(start == std::string_view::npos ? std::string_view() : sql.substr(start));
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// identifierAt is the table name at `at` (letters, digits, underscores; a schema's name
// before a dot is dropped), or "" when something else (a quote) is there.
std::string identifierAt(const std::string& text, std::size_t at, std::size_t* length = nullptr) {
  std::size_t end = at;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) != 0 ||
                               text[end] == '_' || text[end] == '.'))
    ++end;
  if (length)
    *length = end - at;
  const std::string name = text.substr(at, end - at);
  return name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
}

// tableWrittenIn is ReadMemo::tableWritten of a text lowered() already.
std::optional<std::string> tableWrittenIn(const std::string& text) {
  for (const std::string_view verb : {"insert into ", "update ", "delete from "}) {
    if (startsWith(text, verb)) {
      std::string table = identifierAt(text, verb.size());
      if (!table.empty())
        return table;
    }
  }
  return std::nullopt;
}

// tableReadIn is ReadMemo::tableRead of a text lowered() already.
std::optional<std::string> tableReadIn(const std::string& text) {
  if (!startsWith(text, "select "))
    return std::nullopt;
  // What a plain read of one table never has: joins, subqueries, unions, locks, windows,
  // volatile functions, unresolved dialect tokens, a second statement.
  static constexpr std::array<std::string_view, 14> kNot = {
      " join ",  "(select", " union ",  " for update", " for share", " for no key", " over ",
      "random(", "now(",    "nextval(", "current_",    "pg_",        "{{",          ";"};
  for (const auto word : kNot) {
    if (text.find(word) != std::string::npos)
      return std::nullopt;
  }
  const auto from = text.find(" from ");
  if (from == std::string::npos || text.find(" from ", from + 1) != std::string::npos)
    return std::nullopt;
  std::size_t length = 0;
  std::string table = identifierAt(text, from + 6, &length);
  const std::string_view rest = std::string_view(text).substr(from + 6 + length);
  if (table.empty() || !(rest.empty() || startsWith(rest, " where ") ||
                         startsWith(rest, " order by ") || startsWith(rest, " limit ")))
    return std::nullopt;
  return table;
}

}  // namespace

std::optional<std::string> ReadMemo::tableRead(std::string_view sql) {
  return tableReadIn(lowered(sql));
}

std::optional<std::string> ReadMemo::tableWritten(std::string_view sql) {
  return tableWrittenIn(lowered(sql));
}

const ReadMemo::Statement& ReadMemo::statementOf(std::string_view sql) {
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  thread_local std::unordered_map<std::string, Statement, TextHash, std::equal_to<>> known;
  if (const auto found = known.find(sql); found != known.end())
    return found->second;
  const std::string text = lowered(sql);
  Statement statement;
  statement.select = startsWith(text, "select ");
  statement.tableRead = tableReadIn(text);
  statement.tableWritten = tableWrittenIn(text);
  if (sql.size() > kMaxKnownLength) {
    thread_local Statement once;
    once = std::move(statement);
    return once;
  }
  if (known.size() >= kMaxKnown)
    known.clear();
  return known.emplace(std::string(sql), std::move(statement)).first->second;
}

std::string ReadMemo::keyOf(std::string_view sql, std::span<const SqlValue> values) {
  std::string key(sql);
  for (const auto& value : values) {
    key += '\0';
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      key += 'i';
      key += std::to_string(*number);
    } else if (const auto* text = std::get_if<std::string_view>(&value)) {
      key += 't';
      key += std::to_string(text->size());
      key += ':';
      key += *text;
    } else {
      key += 'n';
    }
  }
  return key;
}

namespace {

// RememberedRow reads a remembered row as the database's row read it.
class RememberedRow final : public SqlRow {
 public:
  explicit RememberedRow(const std::vector<ReadMemo::Cell>& cells) : cells_(cells) {}
  int columns() const override { return static_cast<int>(cells_.size()); }
  bool isNull(int column) const override { return cell(column).null; }
  std::int64_t integer(int column) const override { return cell(column).integer; }
  std::string text(int column) const override { return cell(column).text; }

 private:
  const ReadMemo::Cell& cell(int column) const {
    return cells_.at(static_cast<std::size_t>(column));
  }
  const std::vector<ReadMemo::Cell>& cells_;
};

}  // namespace

void ReadMemo::Capture::add(const SqlRow& row) {
  if (tooMany_ || rows_.size() >= kMaxRows) {
    tooMany_ = true;
    rows_.clear();
    return;
  }
  std::vector<Cell> cells;
  cells.reserve(static_cast<std::size_t>(row.columns()));
  for (int column = 0; column < row.columns(); ++column) {
    const bool null = row.isNull(column);
    std::string text = null ? std::string() : row.text(column);
    cells.push_back(Cell{null, null ? 0 : row.integer(column), std::move(text)});
  }
  rows_.push_back(std::move(cells));
}

bool ReadMemo::replay(std::string_view sql, std::span<const SqlValue> values,
                      const SqlRowCallback& onRow, std::size_t& rows) const {
  if (reads_.empty())
    return false;
  const std::string key = keyOf(sql, values);
  const auto found =
      std::find_if(reads_.begin(), reads_.end(), [&](const Read& read) { return read.key == key; });
  if (found == reads_.end())
    return false;
  for (const auto& cells : found->rows)
    onRow(RememberedRow(cells));
  rows = found->rows.size();
  return true;
}

void ReadMemo::remember(std::string table, std::string_view sql, std::span<const SqlValue> values,
                        Capture capture) {
  if (capture.tooMany_)
    return;
  if (reads_.size() >= kMaxReads)
    reads_.erase(reads_.begin());
  reads_.push_back(Read{std::move(table), keyOf(sql, values), std::move(capture.rows_)});
}

void ReadMemo::wrote(std::string_view sql) {
  if (reads_.empty())
    return;
  const Statement& statement = statementOf(sql);
  if (statement.select)
    return;  // a read changes nothing
  if (!statement.tableWritten) {
    reads_.clear();
    return;
  }
  std::erase_if(reads_, [&](const Read& read) { return read.table == *statement.tableWritten; });
}

}  // namespace duka::host
