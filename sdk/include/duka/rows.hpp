// duka/rows.hpp: a table's rows declared once: each column (or SQL expression) bound to a
// member writes the SELECT list and reads the row, so the two cannot drift.
//   inline const Rows<Item> kItemRows = Rows<Item>("inventory_items")
//       .column("id", &Item::id).column("COALESCE(sku, '')", &Item::sku);
//   std::optional<Item> item = kItemRows.one(tx, "WHERE id = $1", {id});
// A table other plugins may read is published by its owner as a Rows<T> in its public
// header: that declaration is the stable contract.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "duka/detail/column_reads.hpp"
#include "duka/detail/row_columns.hpp"

namespace duka {

template <class T>
class Rows : public detail::RowColumns<T> {
 public:
  explicit Rows(std::string table) : table_(std::move(table)) {}

  // column binds a column to a member: std::int64_t, std::optional<std::int64_t> (NULL is
  // empty), std::string (NULL is "") or bool.
  template <class M>
  Rows& column(const std::string& expression, M T::*member) {
    this->add(expression, [member](const SqlRow& row, int at, T& out) {
      detail::readColumn(row, at, out.*member);
    });
    return *this;
  }
  // embed adds inner's columns, read into a member (a row that extends an entity).
  template <class Inner>
  Rows& embed(Inner T::*member, const Rows<Inner>& inner) {
    for (std::size_t i = 0; i < inner.readers().size(); ++i) {
      this->add(inner.expressions()[i],
                [member, read = inner.readers()[i]](const SqlRow& row, int at, T& out) {
                  read(row, at, out.*member);
                });
    }
    return *this;
  }

  const std::string& table() const { return table_; }
  // select is "SELECT <list()> FROM <table> <rest>" (rest: WHERE, ORDER BY, LIMIT, ...);
  // list() alone serves a RETURNING, and read(row, first) reads its columns from first on.
  std::string select(std::string_view rest = {}) const {
    std::string sql = "SELECT " + this->list() + " FROM " + table_;
    if (!rest.empty())
      sql.append(" ").append(rest);
    return sql;
  }
  // one runs select(rest) and reads its first row; all reads every row. `on` is a
  // Transaction, or the Database (a read).
  std::optional<T> one(SqlSession& on, std::string_view rest,
                       std::initializer_list<SqlValue> values = {}) const {
    std::optional<T> found;
    on.run(select(rest), values, [&](const SqlRow& row) {
      if (!found)
        found = this->read(row);
    });
    return found;
  }
  std::vector<T> all(SqlSession& on, std::string_view rest,
                     std::initializer_list<SqlValue> values = {}) const {
    std::vector<T> found;
    on.run(select(rest), values, [&](const SqlRow& row) { found.push_back(this->read(row)); });
    return found;
  }

 private:
  std::string table_;
};

}  // namespace duka
