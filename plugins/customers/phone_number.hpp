// normalisePhoneNumber: a phone number as people type it ("0712 345 678", "254-712...",
// "+254 712 345678") in E.164 ("+254712345678").
#pragma once

#include <optional>
#include <string>

namespace duka::customers {

// normalisePhoneNumber drops spaces, dashes, dots and parentheses; a number starting with
// "0" is local and takes the default country code in place of the 0; "+" is added to the
// rest. Nothing when the result is not "+" and 8 to 15 digits.
std::optional<std::string> normalisePhoneNumber(const std::string& text,
                                                const std::string& defaultCountryCode);

}  // namespace duka::customers
