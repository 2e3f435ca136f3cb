#include "services/service_directory.hpp"

#include <gtest/gtest.h>

namespace duka::host {
namespace {

TEST(ServiceDirectory, ProvidesFindsAndChecksTypes) {
  ServiceDirectory directory;
  directory.add("sms.provider.log", "Provider", std::make_shared<int>(1), "sms");
  directory.add("sms.provider.twilio", "Provider", std::make_shared<int>(2), "sms-twilio");
  EXPECT_EQ(*std::static_pointer_cast<int>(directory.find("sms.provider.log", "Provider")), 1);
  EXPECT_FALSE(directory.find("sms.provider.none", "Provider"));
  EXPECT_EQ(directory.names("sms.provider."),
            (std::vector<std::string>{"sms.provider.log", "sms.provider.twilio"}));
  EXPECT_THROW(directory.find("sms.provider.log", "Other"), std::runtime_error);
}

TEST(ServiceDirectory, DuplicateNameNamesBothProviders) {
  ServiceDirectory directory;
  directory.add("x", "T", std::make_shared<int>(1), "first");
  try {
    directory.add("x", "T", std::make_shared<int>(2), "second");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "plugin 'second' provides the service 'x', which plugin 'first' already provides");
  }
}

TEST(ServiceDirectory, APluginFindsOnlyWhatItsRequiresAllow) {
  ServiceDirectory directory;
  directory.add("customers.directory", "T", std::make_shared<int>(1), "customers");
  directory.add("orders.book", "T", std::make_shared<int>(2), "orders");
  directory.add("sms.provider.twilio", "T", std::make_shared<int>(3), "twilio");
  const ServiceDirectory::Seeker orders{"orders", {"customers"}};
  const ServiceDirectory::Seeker sms{"sms", {"customers"}};
  EXPECT_TRUE(directory.find("customers.directory", "T", &orders));  // required
  EXPECT_TRUE(directory.find("orders.book", "T", &orders));          // its own
  EXPECT_TRUE(directory.find("sms.provider.twilio", "T", &sms));     // its extension point
  EXPECT_FALSE(directory.find("customers.none", "T", &sms));         // absent: nothing to check
  try {
    directory.find("orders.book", "T", &sms);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "plugin 'sms' looks up the service 'orders.book' of plugin 'orders' without "
                 "requiring it: add 'orders' to its requires");
  }
  EXPECT_TRUE(directory.find("orders.book", "T"));  // the host itself
}

}  // namespace
}  // namespace duka::host
