// CustomerRepository::find(tx) keeps what it read in the transaction's memo (an order's
// transaction reads its customer twice); a change of the customer in the same transaction
// is read back as changed, never from the memo.
#include "customer_repository.hpp"

#include <gtest/gtest.h>

#include "host/db/db_fixture.hpp"

namespace duka::customers {
namespace {

Customer sample() {
  Customer customer;
  customer.name = "Zoë Wanjiru";
  customer.code = "ZW";
  customer.phoneNumber = "+254700000001";
  return customer;
}

const EventContext kContext = EventContext::system("test");

class CustomerRepositoryMemoTest : public host::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (db_)
      migrate("customers");
  }

  std::int64_t addCustomer(CustomerRepository& customers) {
    return db_->transact(kContext, [&](Transaction& tx) {
      Customer customer = sample();
      customers.insert(tx, customer);
      return customer.id;
    });
  }
};

TEST_P(CustomerRepositoryMemoTest, ReadsTwiceInATransactionAlike) {
  CustomerRepository customers(*db_);
  const std::int64_t id = addCustomer(customers);
  db_->write(kContext, [&](Transaction& tx) {
    const auto first = customers.find(tx, id);
    const auto second = customers.find(tx, id);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(second->name, "Zoë Wanjiru");
    EXPECT_EQ(second->phoneNumber, first->phoneNumber);
    EXPECT_FALSE(customers.find(tx, id + 1));
  });
}

TEST_P(CustomerRepositoryMemoTest, AChangeInTheTransactionIsReadBackChanged) {
  CustomerRepository customers(*db_);
  const std::int64_t id = addCustomer(customers);
  db_->write(kContext, [&](Transaction& tx) {
    auto customer = customers.find(tx, id);
    ASSERT_TRUE(customer);
    customer->name = "Amani";
    customers.update(tx, *customer);
    EXPECT_EQ(customers.find(tx, id)->name, "Amani");
    customers.remove(tx, id);
    EXPECT_FALSE(customers.find(tx, id));
  });
}

DUKA_BACKENDS(CustomerRepositoryMemoTest);

}  // namespace
}  // namespace duka::customers
