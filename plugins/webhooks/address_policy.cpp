#include "address_policy.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace duka::webhooks {

namespace {

// inRange tells whether the first bits of bytes equal those of prefix.
bool inRange(const std::uint8_t* bytes, std::initializer_list<std::uint8_t> prefix, int bits) {
  const auto* p = prefix.begin();
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((bytes[i] & mask) != (p[i] & mask))
      return false;
  }
  return true;
}

bool isPublicIPv4(const std::uint8_t* b) {
  return !(inRange(b, {0}, 8) ||                   // "this network", unspecified
           inRange(b, {10}, 8) ||                  // private
           inRange(b, {100, 64}, 10) ||            // CGNAT
           inRange(b, {127}, 8) ||                 // loopback
           inRange(b, {169, 254}, 16) ||           // link-local
           inRange(b, {172, 16}, 12) ||            // private
           inRange(b, {192, 168}, 16) ||           // private
           inRange(b, {224}, 4) ||                 // multicast
           inRange(b, {255, 255, 255, 255}, 32));  // broadcast
}

}  // namespace

bool isPublicAddress(const Poco::Net::IPAddress& address) {
  const auto* bytes = static_cast<const std::uint8_t*>(address.addr());
  if (address.family() == Poco::Net::IPAddress::IPv4)
    return isPublicIPv4(bytes);
  static constexpr std::array<std::uint8_t, 12> kMappedPrefix{0, 0, 0, 0, 0,    0,
                                                              0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(bytes, kMappedPrefix.data(), kMappedPrefix.size()) == 0)
    return isPublicIPv4(bytes + 12);  // ::ffff:a.b.c.d is a.b.c.d
  static constexpr std::array<std::uint8_t, 16> kZero{};
  std::array<std::uint8_t, 16> loopback{};
  loopback[15] = 1;
  return !(std::memcmp(bytes, kZero.data(), 16) == 0 ||     // ::
           std::memcmp(bytes, loopback.data(), 16) == 0 ||  // ::1
           inRange(bytes, {0xfc}, 7) ||                     // unique local
           inRange(bytes, {0xfe, 0x80}, 10) ||              // link-local
           inRange(bytes, {0xff}, 8));                      // multicast
}

}  // namespace duka::webhooks
