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

}  // namespace
}  // namespace duka::host
