// duka/facility/random_text.hpp (SDK 1.2): random text for ids and secrets (an API key's
// secret, a webhook's message id), from OpenSSL's CSPRNG, without bias.
#pragma once

#include <cstddef>
#include <string>

namespace duka {

// randomBase62 is length characters of [0-9A-Za-z], each log2(62) = 5.95 bits of randomness.
// It throws std::runtime_error when the system's random generator fails.
std::string randomBase62(std::size_t length);

}  // namespace duka
