// duka/rows.hpp: a table's rows declared once. Each column (or an SQL expression over the
// table) bound to a member writes the SELECT list and reads a result row into the struct, so
// the list and the reader cannot drift. For example:
//   inline const Rows<Item> kItemRows = Rows<Item>("inventory_items")
//       .column("id", &Item::id).column("COALESCE(sku, '')", &Item::sku);
//   std::optional<Item> item = kItemRows.one(tx, "WHERE id = $1", {id});
//   tx.run("UPDATE ... RETURNING " + kItemRows.list(), {...},
//          [&](const SqlRow& row) { item = kItemRows.read(row); });
// A table another plugin may read is published by its owner as a Rows<T> in its public
// header: that declaration is the stable contract.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "duka/sql.hpp"

namespace duka {

template <class T>
class Rows {
 public:
  explicit Rows(std::string table) : table_(std::move(table)) {}

  // column binds a column to a member: std::int64_t, std::optional<std::int64_t> (NULL is
  // empty), std::string (NULL is "") or bool.
  template <class M>
  Rows& column(const std::string& expression, M T::*member) {
    return add(expression,
               [member](const SqlRow& row, int at, T& out) { readInto(row, at, out.*member); });
  }
  // embed adds inner's columns, read into a member (a row that extends an entity).
  template <class Inner>
  Rows& embed(Inner T::*member, const Rows<Inner>& inner) {
    for (std::size_t i = 0; i < inner.readers_.size(); ++i) {
      add(inner.expressions_[i],
          [member, read = inner.readers_[i]](const SqlRow& row, int at, T& out) {
            read(row, at, out.*member);
          });
    }
    return *this;
  }

  const std::string& table() const { return table_; }
  const std::string& list() const { return list_; }  // "id, name, ...": the SELECT list
  int width() const { return static_cast<int>(readers_.size()); }
  // select is "SELECT <list> FROM <table> <rest>" (rest: WHERE, ORDER BY, LIMIT, ...).
  std::string select(std::string_view rest = {}) const {
    std::string sql = "SELECT " + list_ + " FROM " + table_;
    if (!rest.empty())
      sql.append(" ").append(rest);
    return sql;
  }
  // read reads a row whose columns from `first` on are list()'s.
  T read(const SqlRow& row, int first = 0) const {
    T out{};
    for (int i = 0; i < width(); ++i)
      readers_[static_cast<std::size_t>(i)](row, first + i, out);
    return out;
  }
  // one runs select(rest) and reads its first row; all reads every row. `on` is a
  // Transaction, or the Database (a read).
  std::optional<T> one(SqlSession& on, std::string_view rest,
                       std::initializer_list<SqlValue> values = {}) const {
    std::optional<T> found;
    on.run(select(rest), values, [&](const SqlRow& row) {
      if (!found)
        found = read(row);
    });
    return found;
  }
  std::vector<T> all(SqlSession& on, std::string_view rest,
                     std::initializer_list<SqlValue> values = {}) const {
    std::vector<T> found;
    on.run(select(rest), values, [&](const SqlRow& row) { found.push_back(read(row)); });
    return found;
  }

 private:
  using Reader = std::function<void(const SqlRow&, int, T&)>;

  template <class>
  friend class Rows;

  Rows& add(const std::string& expression, Reader reader) {
    if (!list_.empty())
      list_ += ", ";
    list_ += expression;
    expressions_.push_back(expression);
    readers_.push_back(std::move(reader));
    return *this;
  }
  static void readInto(const SqlRow& row, int at, std::int64_t& out) { out = row.integer(at); }
  static void readInto(const SqlRow& row, int at, std::optional<std::int64_t>& out) {
    out = row.isNull(at) ? std::nullopt : std::optional<std::int64_t>(row.integer(at));
  }
  static void readInto(const SqlRow& row, int at, std::string& out) { out = row.text(at); }
  static void readInto(const SqlRow& row, int at, bool& out) { out = row.integer(at) != 0; }

  std::string table_, list_;
  std::vector<std::string> expressions_;
  std::vector<Reader> readers_;
};

}  // namespace duka
