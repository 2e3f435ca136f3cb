#include "gsm_text.hpp"

#include <duka/facility/utf8.hpp>
#include <map>

namespace duka::ussd {

namespace {

// The basic set beyond printable ASCII (3GPP TS 23.038 6.2.1), and the ASCII characters it
// lacks (those need the escape table: two septets, and some phones show them wrong).
constexpr char32_t kBasicBeyondAscii[] = {
    0x00A3, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x00D8, 0x00F8,
    0x00C5, 0x00E5, 0x0394, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3,
    0x0398, 0x039E, 0x00C6, 0x00E6, 0x00DF, 0x00C9, 0x00A4, 0x00A1, 0x00C4, 0x00D6,
    0x00D1, 0x00DC, 0x00A7, 0x00BF, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0};
constexpr std::string_view kAsciiNotBasic = "[]{}\\^~|`";

bool basic(char32_t c) {
  if (c == '\n' || c == '\r')
    return true;
  if (c >= 0x20 && c < 0x7F)
    return kAsciiNotBasic.find(static_cast<char>(c)) == std::string_view::npos;
  for (char32_t b : kBasicBeyondAscii) {
    if (b == c)
      return true;
  }
  return false;
}

// closeTo is the basic-set text a character outside it becomes, or "" for none.
std::string_view closeTo(char32_t c) {
  static const std::map<char32_t, std::string_view> kClose = [] {
    std::map<char32_t, std::string_view> map{
        {'[', "("},    {']', ")"},     {'{', "("},     {'}', ")"},     {'\\', "/"},   {'^', "'"},
        {'~', "-"},    {'|', "/"},     {'`', "'"},     {0x00A0, " "},  {0x2018, "'"}, {0x2019, "'"},
        {0x201A, "'"}, {0x201C, "\""}, {0x201D, "\""}, {0x201E, "\""}, {0x2010, "-"}, {0x2011, "-"},
        {0x2012, "-"}, {0x2013, "-"},  {0x2014, "-"},  {0x2212, "-"},  {0x2026, "."}, {0x00B4, "'"},
        {0x00D7, "x"}, {0x20AC, "E"},  {0x00C0, "A"},  {0x00C1, "A"},  {0x00C2, "A"}, {0x00C3, "A"},
        {0x00C8, "E"}, {0x00CA, "E"},  {0x00CB, "E"},  {0x00CC, "I"},  {0x00CD, "I"}, {0x00CE, "I"},
        {0x00CF, "I"}, {0x00D2, "O"},  {0x00D3, "O"},  {0x00D4, "O"},  {0x00D5, "O"}, {0x00D9, "U"},
        {0x00DA, "U"}, {0x00DB, "U"},  {0x00DD, "Y"},  {0x00E1, "a"},  {0x00E2, "a"}, {0x00E3, "a"},
        {0x00E7, "c"}, {0x00EA, "e"},  {0x00EB, "e"},  {0x00ED, "i"},  {0x00EE, "i"}, {0x00EF, "i"},
        {0x00F3, "o"}, {0x00F4, "o"},  {0x00F5, "o"},  {0x00FA, "u"},  {0x00FB, "u"}, {0x00FD, "y"},
        {0x00FF, "y"}, {0x00D0, "D"},  {0x00F0, "d"},  {0x00DE, "T"},  {0x00FE, "t"}};
    // Latin Extended-A (U+0100..U+017F): pairs of a capital and its small letter, by base.
    constexpr std::string_view kExtendedA =
        "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOo"
        "RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    for (std::size_t i = 0; i < kExtendedA.size(); ++i)
      map.emplace(static_cast<char32_t>(0x0100 + i), kExtendedA.substr(i, 1));
    return map;
  }();
  const auto found = kClose.find(c);
  return found == kClose.end() ? std::string_view() : found->second;
}

// next decodes the code point at text[at], advancing at; a byte that starts no well-formed
// sequence is one character, U+FFFD.
char32_t next(std::string_view text, std::size_t& at) {
  const std::size_t length = utf8Length(text, at);
  if (length == 0) {
    ++at;
    return 0xFFFD;
  }
  const char32_t c = codePointAt(text, at, length);
  at += length;
  return c;
}

void append(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

std::string toGsm(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t at = 0; at < utf8.size();) {
    const char32_t c = next(utf8, at);
    if (basic(c)) {
      append(c, out);  // the basic set lies below U+0400: at most two bytes
    } else if (const std::string_view close = closeTo(c); !close.empty()) {
      out += close;
    } else {
      out += '?';
    }
  }
  return out;
}

bool isGsm(std::string_view utf8) {
  for (std::size_t at = 0; at < utf8.size();) {
    if (!basic(next(utf8, at)))
      return false;
  }
  return true;
}

std::size_t characters(std::string_view utf8) {
  std::size_t count = 0;
  for (std::size_t at = 0; at < utf8.size(); ++count)
    next(utf8, at);
  return count;
}

std::string clip(std::string_view utf8, std::size_t count) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < count && at < utf8.size(); ++i)
    next(utf8, at);
  return std::string(utf8.substr(0, at));
}

}  // namespace duka::ussd
