// duka/detail/row_columns.hpp: the columns a Rows<T> binds, as SQL text and as readers.
// Not API: Rows<T> (duka/rows.hpp) is.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "duka/sql.hpp"

namespace duka::detail {

template <class T>
class RowColumns {
 public:
  using Reader = std::function<void(const SqlRow&, int, T&)>;

  const std::string& list() const { return list_; }  // "id, name, ...": the SELECT list
  int width() const { return static_cast<int>(readers_.size()); }
  // read reads a row whose columns from `first` on are list()'s.
  T read(const SqlRow& row, int first = 0) const {
    T out{};
    for (int i = 0; i < width(); ++i)
      readers_[static_cast<std::size_t>(i)](row, first + i, out);
    return out;
  }
  const std::vector<std::string>& expressions() const { return expressions_; }
  const std::vector<Reader>& readers() const { return readers_; }

 protected:
  void add(const std::string& expression, Reader reader) {
    if (!list_.empty())
      list_ += ", ";
    list_ += expression;
    expressions_.push_back(expression);
    readers_.push_back(std::move(reader));
  }

 private:
  std::string list_;
  std::vector<std::string> expressions_;
  std::vector<Reader> readers_;
};

}  // namespace duka::detail
