#include "config/ini_file.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "config/config_error.hpp"

namespace duka::host {
namespace {

TEST(IniFile, ReadsSectionsKeysAndNestedSections) {
  const IniFile ini = IniFile::parse(
      "; comment\n# hash comment\n[server]\nport = 9090\n\n[sms]\nprovider = log\n"
      "template.order_created = Dear {customer.name}\n[sms.africastalking]\nusername = sandbox\n",
      "t.ini");
  EXPECT_EQ(ini.value("server", "port").value(), "9090");
  EXPECT_FALSE(ini.value("server", "address"));
  const auto keys = ini.keys("sms");
  EXPECT_NE(std::find(keys.begin(), keys.end(), "africastalking.username"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "template.order_created"), keys.end());
  EXPECT_EQ(ini.value("sms", "template.order_created").value(), "Dear {customer.name}");
}

TEST(IniFile, StripsInlineComments) {
  EXPECT_EQ(IniFile::stripInlineComment("address = 127.0.0.1          ; bind address"),
            "address = 127.0.0.1          ");
  EXPECT_EQ(IniFile::stripInlineComment("x = a;b"), "x = a;b");
  EXPECT_EQ(IniFile::stripInlineComment("x = a#b"), "x = a#b");
  EXPECT_EQ(IniFile::stripInlineComment("x = a # note"), "x = a ");
  const IniFile ini = IniFile::parse("[server]\naddress = 127.0.0.1   ; bind address\n", "t.ini");
  EXPECT_EQ(ini.value("server", "address").value(), "127.0.0.1");
}

TEST(IniFile, ExpandsEnvironmentReferences) {
  setenv("DUKA_TEST_SECRET", "s3cr3t-value", 1);
  const IniFile ini =
      IniFile::parse("[auth]\ntoken_secret = ${system.env.DUKA_TEST_SECRET}\n", "t.ini");
  EXPECT_EQ(ini.value("auth", "token_secret").value(), "s3cr3t-value");
}

TEST(IniFile, UnresolvedReferenceNamesFileSectionKeyAndReference) {
  unsetenv("DUKA_TEST_UNSET_VARIABLE");
  const IniFile ini =
      IniFile::parse("[auth]\ntoken_secret = ${system.env.DUKA_TEST_UNSET_VARIABLE}\n", "my.ini");
  try {
    ini.value("auth", "token_secret");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("my.ini: [auth] token_secret"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("${system.env.DUKA_TEST_UNSET_VARIABLE}"),
              std::string::npos);
  }
}

TEST(IniFile, MalformedLinesAreReportedWithLineNumbers) {
  try {
    IniFile::parse("[server]\nport 8080\n[broken\n", "bad.ini");
    FAIL();
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.messages().size(), 2u);
    EXPECT_NE(e.messages()[0].find("bad.ini:2"), std::string::npos);
    EXPECT_NE(e.messages()[1].find("bad.ini:3"), std::string::npos);
  }
}

TEST(IniFile, MissingFileIsAConfigError) {
  EXPECT_THROW(IniFile::load("/nonexistent/duka.ini"), ConfigError);
}

}  // namespace
}  // namespace duka::host
