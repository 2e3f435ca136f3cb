// duka/facility/money.hpp: money as the API shows it ("12.50") and as duka keeps it (1250 minor
// units).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace duka {

inline constexpr std::int64_t kMaxMoneyMinor = 10'000'000'000'000;  // sums stay inside int64
// parseMoney reads "12", "12.5" or "12.50" (no sign, exponent or blanks), at most the maximum.
std::optional<std::int64_t> parseMoney(const std::string& text);
std::string formatMoney(std::int64_t minor);  // "12.50", "-3.05"

}  // namespace duka
