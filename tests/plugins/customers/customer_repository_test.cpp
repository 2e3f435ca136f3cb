// CustomerRepository::find(tx) reads the customer as the transaction sees it: twice alike,
// and changed once the same transaction changed it.
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

class CustomerRepositoryTest : public host::BackendTest {
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

TEST_P(CustomerRepositoryTest, ReadsTwiceInATransactionAlike) {
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

TEST_P(CustomerRepositoryTest, AChangeInTheTransactionIsReadBackChanged) {
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

DUKA_BACKENDS(CustomerRepositoryTest);

}  // namespace
}  // namespace duka::customers
