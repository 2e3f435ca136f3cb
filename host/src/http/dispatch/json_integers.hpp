// integerOutOfRange finds a whole number in JSON text that no int64 holds. Poco 1.11's
// parser wraps such numbers (18446744073709551617 arrives as 1), so request bodies are
// checked before they are parsed; numbers with a fraction or an exponent are left alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace duka::host {

// integerOutOfRange answers the problem's detail, or nothing when every integer fits.
std::optional<std::string> integerOutOfRange(std::string_view json);

}  // namespace duka::host
