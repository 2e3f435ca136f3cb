#include "config/nearest_name.hpp"

#include <gtest/gtest.h>

namespace duka::host {
namespace {

const std::vector<std::string> kInstalled{"audit",     "auth",   "customers",
                                          "inventory", "orders", "sms"};

TEST(NearestName, SuggestsANameAtMostTwoEditsAway) {
  EXPECT_EQ(nearestName("custmers", kInstalled), "customers");
  EXPECT_EQ(nearestName("inventroy", kInstalled), "inventory");  // a swap is two edits
  EXPECT_EQ(nearestName("order", kInstalled), "orders");
}

TEST(NearestName, SuggestsNothingFarOrAmbiguous) {
  EXPECT_EQ(nearestName("payments", kInstalled), std::nullopt);
  EXPECT_EQ(nearestName("aut", kInstalled), "auth");
  EXPECT_EQ(nearestName("audi", kInstalled), "audit");          // one edit; auth is two
  EXPECT_EQ(nearestName("aud", {"aux", "aub"}), std::nullopt);  // a tie
  EXPECT_EQ(nearestName("anything", {}), std::nullopt);
}

}  // namespace
}  // namespace duka::host
