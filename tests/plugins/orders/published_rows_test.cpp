// Reading across plugins, the documented way: a report plugin (order_counts) reads the
// orders table through the Rows<T> orders publishes, on both backends.
#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

class PublishedRowsTest : public ShopTest {
 protected:
  std::string morePlugins() const override { return ", order_counts"; }
};

TEST_P(PublishedRowsTest, AReportPluginCountsOrdersPerStatusThroughOrdersRows) {
  const std::int64_t tea = item("Chai", "50.00", 100);
  const std::string me = shopper("wanjiku");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    const auto created = client_->post("/api/orders/", orderBody({{tea, 1}}), bearer(me));
    ASSERT_EQ(created.status, 201) << created.body;
    ids.push_back(created.json()->getValue<std::int64_t>("id"));
  }
  ASSERT_EQ(
      client_->request("PUT", "/api/orders/" + std::to_string(ids[0]) + "/approve/", "", asStaff())
          .status,
      200);
  const auto counts = client_->get("/api/order-counts/", asStaff());
  ASSERT_EQ(counts.status, 200) << counts.body;
  EXPECT_EQ(counts.json()->getValue<int>("pending"), 2);
  EXPECT_EQ(counts.json()->getValue<int>("approved"), 1);
  EXPECT_EQ(client_->get("/api/order-counts/", bearer(me)).status, 403);
}

DUKA_SERVER_BACKENDS(PublishedRowsTest);

}  // namespace
}  // namespace duka::test
