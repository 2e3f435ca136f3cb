// CustomerRepository::find(tx) reads the customer as the transaction sees it: twice alike,
// and changed once the same transaction changed it. findByPhone outside a transaction shows
// this process's writes at once and other writers' within a second.
#include "customer_repository.hpp"

#include <gtest/gtest.h>

#include <duka/facility/recent_reads.hpp>
#include <thread>

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

TEST_P(CustomerRepositoryTest, FindsByPhoneWhatThisProcessWroteAtOnce) {
  CustomerRepository customers(*db_);
  const std::string phone = sample().phoneNumber;
  EXPECT_FALSE(customers.findByPhone(*db_, phone));
  const std::int64_t id = addCustomer(customers);
  ASSERT_TRUE(customers.findByPhone(*db_, phone));
  db_->write(kContext, [&](Transaction& tx) {
    auto customer = customers.find(tx, id);
    customer->name = "Amani";
    customers.update(tx, *customer);
  });
  EXPECT_EQ(customers.findByPhone(*db_, phone)->name, "Amani");
  db_->write(kContext, [&](Transaction& tx) {
    auto customer = customers.find(tx, id);
    customers.setSmsOptOut(tx, *customer, true);
  });
  EXPECT_TRUE(customers.findByPhone(*db_, phone)->smsOptOut);
  db_->write(kContext, [&](Transaction& tx) { customers.remove(tx, id); });
  EXPECT_FALSE(customers.findByPhone(*db_, phone));
}

TEST_P(CustomerRepositoryTest, FindsByPhoneWhatAnotherWriterChangedWithinASecond) {
  CustomerRepository customers(*db_);
  CustomerRepository otherInstance(*db_);
  const std::string phone = sample().phoneNumber;
  EXPECT_FALSE(customers.findByPhone(*db_, phone));
  const std::int64_t id = addCustomer(otherInstance);
  ASSERT_TRUE(customers.findByPhone(*db_, phone));  // no customer was remembered as none
  db_->write(kContext, [&](Transaction& tx) {
    auto customer = otherInstance.find(tx, id);
    customer->name = "Amani";
    otherInstance.update(tx, *customer);
  });
  EXPECT_EQ(customers.findByPhone(*db_, phone)->name, "Zoë Wanjiru");
  std::this_thread::sleep_for(RecentReads<Customer>::kMaxAge + std::chrono::milliseconds(50));
  EXPECT_EQ(customers.findByPhone(*db_, phone)->name, "Amani");
}

DUKA_BACKENDS(CustomerRepositoryTest);

}  // namespace
}  // namespace duka::customers
