// GsmText: text for a phone's screen in GSM 03.38's default alphabet (the basic set, so each
// character is one septet): what a USSD answer may carry (SPEC 12). Any other character
// becomes a close one (a letter without its accent, a straight quote, a plain dash) or "?".
// The text stays UTF-8; each character of it is one GSM character, so a length in
// characters is a length on the phone.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace duka::ussd {

// toGsm rewrites UTF-8 text (invalid bytes included) into the basic set.
std::string toGsm(std::string_view utf8);
// isGsm: every character of utf8 is in the basic set.
bool isGsm(std::string_view utf8);
// characters counts utf8's characters (code points).
std::size_t characters(std::string_view utf8);
// clip is utf8's first `count` characters; never a cut character.
std::string clip(std::string_view utf8, std::size_t count);

}  // namespace duka::ussd
