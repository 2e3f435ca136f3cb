// duka/money.hpp: money as the API shows it, a decimal string with two places ("12.50"),
// and as duka keeps it, integer minor units (1250).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace duka {

// kMaxMoneyMinor bounds amounts (10^13 minor units: 100 billion with two places), so that
// sums of many lines stay far inside int64.
inline constexpr std::int64_t kMaxMoneyMinor = 10'000'000'000'000;

// parseMoney reads "12", "12.5" or "12.50" (digits, an optional point and at most two
// decimals; no sign, exponent or blanks) into minor units; nothing for anything else or
// beyond kMaxMoneyMinor.
std::optional<std::int64_t> parseMoney(const std::string& text);

// formatMoney writes minor units as "12.50" ("-3.05" for negative amounts).
std::string formatMoney(std::int64_t minor);

}  // namespace duka
