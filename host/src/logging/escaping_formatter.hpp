// EscapingFormatter: Poco's PatternFormatter for lines whose message has its control
// characters escaped (a newline becomes \x0A), so text a client sent (a path, a token's
// kid) can never start a forged log line.
#pragma once

#include <Poco/PatternFormatter.h>

#include <string>
#include <string_view>

namespace duka::host {

// escapeControls returns text with every byte below 0x20 and 0x7F written as \xHH.
std::string escapeControls(std::string_view text);

class EscapingFormatter : public Poco::PatternFormatter {
 public:
  using Poco::PatternFormatter::PatternFormatter;
  void format(const Poco::Message& message, std::string& text) override;
};

}  // namespace duka::host
