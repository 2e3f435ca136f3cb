#include "duka/facility/random_text.hpp"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace duka {

namespace {

// RandomBytes hands out bytes of one RAND_bytes call at a time: a call costs about as much as
// a short id, so one per id would double an id's cost on a hot path (a webhook's fan-out runs
// in its event's transaction). The bytes are this thread's and each is used once.
class RandomBytes {
 public:
  unsigned char next() {
    if (used_ == pool_.size()) {
      if (RAND_bytes(pool_.data(), static_cast<int>(pool_.size())) != 1)
        throw std::runtime_error("the system random generator failed");
      used_ = 0;
    }
    const unsigned char byte = pool_[used_];
    pool_[used_++] = 0;
    return byte;
  }

 private:
  std::array<unsigned char, 256> pool_{};
  std::size_t used_ = pool_.size();
};

}  // namespace

std::string randomBase62(std::size_t length) {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  thread_local RandomBytes random;
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    const unsigned char byte = random.next();
    if (byte < 248)  // 248 = 4 * 62: every character equally likely
      out += kAlphabet[byte % 62];
  }
  return out;
}

}  // namespace duka
