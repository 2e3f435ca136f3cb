#include "csv_table.hpp"

namespace duka::reports {

CsvTable::CsvTable(const std::vector<std::string>& header) {
  for (const auto& name : header)
    cell(name);
  endRow();
}

CsvTable& CsvTable::text(std::string_view value) {
  const bool formula = !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
                                          value[0] == '@' || value[0] == '\t' || value[0] == '\r');
  if (!formula) {
    cell(value);
    return *this;
  }
  std::string defused(1, '\'');  // built so, not as "'" + value: GCC 12's -Wrestrict
  defused.append(value);
  cell(defused);
  return *this;
}

CsvTable& CsvTable::number(std::string_view value) {
  cell(value);
  return *this;
}

CsvTable& CsvTable::endRow() {
  out_.append("\r\n");
  rowStarted_ = false;
  return *this;
}

void CsvTable::cell(std::string_view value) {
  if (rowStarted_)
    out_.push_back(',');
  rowStarted_ = true;
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out_.append(value);
    return;
  }
  out_.push_back('"');
  for (const char c : value) {
    if (c == '"')
      out_.push_back('"');
    out_.push_back(c);
  }
  out_.push_back('"');
}

}  // namespace duka::reports
