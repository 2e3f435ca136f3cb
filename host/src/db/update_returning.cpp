#include "db/update_returning.hpp"

#include <cctype>

namespace duka::host {

namespace {

bool nameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}

bool nameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool sameWord(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size())
    return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(word[i])) != keyword[i])
      return false;
  }
  return true;
}

// Words reads a statement's leading words: plain names, skipping the space between them.
class Words {
 public:
  explicit Words(std::string_view sql) : sql_(sql) {}
  std::string_view next() {
    while (at_ < sql_.size() && std::isspace(static_cast<unsigned char>(sql_[at_])))
      ++at_;
    const std::size_t start = at_;
    if (at_ < sql_.size() && nameStart(sql_[at_])) {
      while (at_ < sql_.size() && nameChar(sql_[at_]))
        ++at_;
    }
    return sql_.substr(start, at_ - start);
  }
  std::size_t at() const { return at_; }
  // followedBySpace: the word just read ends where space begins (not "t.x" or "t AS").
  bool followedBySpace() const {
    return at_ < sql_.size() && std::isspace(static_cast<unsigned char>(sql_[at_]));
  }

 private:
  std::string_view sql_;
  std::size_t at_ = 0;
};

// topLevelReturning finds the RETURNING keyword outside quotes, comments and parentheses.
std::optional<std::size_t> topLevelReturning(std::string_view sql, std::size_t from) {
  int depth = 0;
  for (std::size_t i = from; i < sql.size();) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      const std::size_t end = sql.find(close, i + 1);
      if (end == std::string_view::npos)
        return std::nullopt;
      i = end + 1;  // a doubled quote reads as two quoted runs, which is the same here
    } else if (sql.substr(i, 2) == "--") {
      const std::size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      const std::size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos)
        return std::nullopt;
      i = end + 2;
    } else if (c == '(' || c == ')') {
      depth += c == '(' ? 1 : -1;
      ++i;
    } else if (nameStart(c) || c == '$' || std::isdigit(static_cast<unsigned char>(c))) {
      const std::size_t start = i;
      while (i < sql.size() && (nameChar(sql[i]) || sql[i] == '$'))
        ++i;
      if (depth == 0 && sameWord(sql.substr(start, i - start), "RETURNING"))
        return start;
    } else {
      ++i;
    }
  }
  return std::nullopt;
}

// rowExpressions tells whether a RETURNING list reads only the changed row, so that a SELECT
// of the row gives what RETURNING would: names, literals and operators, and calls of
// functions that depend on their arguments alone. No parameters, subqueries, comments or
// other functions (changes() and random() would answer differently).
bool rowExpressions(std::string_view list) {
  static constexpr std::string_view kRowFunctions[] = {"COALESCE", "IFNULL", "NULLIF", "LOWER",
                                                       "UPPER",    "LENGTH", "ABS"};
  if (list.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return false;
  for (std::size_t i = 0; i < list.size();) {
    const char c = list[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const std::size_t end = list.find(c == '[' ? ']' : c, i + 1);
      if (end == std::string_view::npos)
        return false;
      i = end + 1;
    } else if (c == '?' || c == '$' || c == '@' || c == ':' || c == ';' ||
               list.substr(i, 2) == "--" || list.substr(i, 2) == "/*") {
      return false;
    } else if (nameStart(c)) {
      const std::size_t start = i;
      while (i < list.size() && nameChar(list[i]))
        ++i;
      const std::string_view word = list.substr(start, i - start);
      if (sameWord(word, "SELECT") || sameWord(word, "VALUES") || sameWord(word, "EXISTS"))
        return false;
      std::size_t next = i;
      while (next < list.size() && std::isspace(static_cast<unsigned char>(list[next])))
        ++next;
      if (next < list.size() && list[next] == '(') {
        bool known = false;
        for (std::string_view function : kRowFunctions)
          known = known || sameWord(word, function);
        if (!known)
          return false;
      }
    } else {
      ++i;
    }
  }
  return true;
}

}  // namespace

bool startsWithWord(std::string_view sql, std::string_view keyword) {
  return sameWord(Words(sql).next(), keyword);
}

std::optional<UpdateReturning> splitUpdateReturning(std::string_view sql) {
  Words words(sql);
  if (!sameWord(words.next(), "UPDATE"))
    return std::nullopt;
  std::string_view table = words.next();
  if (sameWord(table, "OR")) {
    if (words.next().empty())
      return std::nullopt;
    table = words.next();
  }
  if (table.empty() || !words.followedBySpace() || !sameWord(words.next(), "SET"))
    return std::nullopt;
  const auto returning = topLevelReturning(sql, words.at());
  if (!returning)
    return std::nullopt;
  const std::string_view list = sql.substr(*returning + 9);
  if (!rowExpressions(list))
    return std::nullopt;
  UpdateReturning split;
  split.table = std::string(table);
  split.update = std::string(sql.substr(0, *returning));
  split.select = "SELECT" + std::string(list);
  split.select += " FROM " + split.table + " WHERE rowid = ?1";
  return split;
}

}  // namespace duka::host
