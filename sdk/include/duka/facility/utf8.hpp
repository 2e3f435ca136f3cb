// duka/facility/utf8.hpp (SDK 1.2): UTF-8 checked strictly where bytes from outside meet
// text (request paths, log lines, a phone's input): no overlong form, no surrogate, no cut-off
// sequence.
#pragma once

#include <cstddef>
#include <string_view>

namespace duka {

// utf8Length is the length of the well-formed UTF-8 sequence at text[i] (1 for ASCII), 0 when
// there is none (a stray continuation byte, an overlong form, a surrogate, a cut-off
// sequence).
std::size_t utf8Length(std::string_view text, std::size_t i);
// isUtf8: the whole text is well-formed UTF-8.
bool isUtf8(std::string_view text);
// codePointAt is the code point of the well-formed sequence of length bytes at text[i].
char32_t codePointAt(std::string_view text, std::size_t i, std::size_t length);

}  // namespace duka
