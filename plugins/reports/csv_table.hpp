// CsvTable: a report's rows as RFC 4180 CSV: a header line, then one line per row, each
// ended by CRLF; a field holding a comma, a quote, CR or LF is quoted, its quotes doubled.
// A text cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or
// CR) is written with a leading apostrophe: names come from customers and staff, and the
// file is opened by staff (OWASP's CSV injection advice). Numbers are written as they are.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace duka::reports {

class CsvTable {
 public:
  explicit CsvTable(const std::vector<std::string>& header);

  // text adds a text cell to the current row; number one that is a number ("12.50", "3").
  CsvTable& text(std::string_view cell);
  CsvTable& number(std::string_view cell);
  // endRow ends the current row.
  CsvTable& endRow();

  const std::string& csv() const { return out_; }

 private:
  void cell(std::string_view value);

  std::string out_;
  bool rowStarted_ = false;
};

}  // namespace duka::reports
