// EscapingFormatter: Poco's PatternFormatter for lines whose message has its control
// characters escaped (a newline becomes \x0A, U+2028 \u2028), and bytes that are not UTF-8
// too (\xFF), so text a client sent (a path, a token's kid) can never start a forged log line
// and every line is valid UTF-8.
#pragma once

#include <Poco/PatternFormatter.h>

#include <string>
#include <string_view>

namespace duka::host {

// escapeControls returns text with every byte below 0x20, 0x7F and every byte that is not
// part of well-formed UTF-8 written as \xHH, and C1 controls, U+2028 and U+2029 as \uHHHH.
std::string escapeControls(std::string_view text);

class EscapingFormatter : public Poco::PatternFormatter {
 public:
  using Poco::PatternFormatter::PatternFormatter;
  void format(const Poco::Message& message, std::string& text) override;
};

}  // namespace duka::host
