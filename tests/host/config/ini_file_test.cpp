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

// Found by the ini fuzzer: a key of 20,000 dotted parts overflowed the stack (keys are
// listed part by part), and 6,000 keys took seconds (each part is looked up across the
// whole file). A configuration is a few dozen keys of a few parts.
TEST(IniFile, AKeyOrSectionOfTooManyPartsIsAConfigError) {
  std::string deep = "k";
  for (int i = 0; i < 20000; ++i)
    deep += ".k";
  // A line may start with any byte, a NUL included (the fuzzer's second find).
  const std::string nul(1, '\0');
  for (const std::string& text : {"[server]\n" + deep + " = 1\n", "[" + deep + "]\nk = 1\n",
                                  "[server]\n" + nul + deep + " = 1\n"}) {
    try {
      IniFile::parse(text, "deep.ini");
      FAIL();
    } catch (const ConfigError& e) {
      ASSERT_EQ(e.messages().size(), 1u);
      EXPECT_NE(e.messages()[0].find("deep.ini:"), std::string::npos) << e.messages()[0];
      EXPECT_NE(e.messages()[0].find("more than 8 parts"), std::string::npos) << e.messages()[0];
    }
  }
  const IniFile eight = IniFile::parse("[a.b]\nc.d.e.f.g.h.i.j = 1\n", "t.ini");
  EXPECT_EQ(eight.keys("a"), std::vector<std::string>{"b.c.d.e.f.g.h.i.j"});
}

TEST(IniFile, OnlyACommentMayFollowASectionOnItsLine) {
  // Poco would read "port = 1" as a key of [server]: a key that escaped every check.
  EXPECT_THROW(IniFile::parse("[server] port = 1\n", "t.ini"), ConfigError);
  const IniFile ini =
      IniFile::parse("[server] ; the HTTP side\n[sms]#x\nprovider = log\n", "t.ini");
  EXPECT_TRUE(ini.keys("server").empty());
  EXPECT_EQ(ini.keys("sms"), std::vector<std::string>{"provider"});
}

TEST(IniFile, MoreSettingsThanAConfigurationHasIsAConfigError) {
  std::string wide = "[server]\n";
  for (int i = 0; i <= IniFile::kMaxSettings; ++i)
    wide += "k" + std::to_string(i) + " = 1\n";
  try {
    IniFile::parse(wide, "wide.ini");
    FAIL();
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.messages().size(), 1u);
    EXPECT_NE(e.messages()[0].find("more than " + std::to_string(IniFile::kMaxSettings)),
              std::string::npos)
        << e.messages()[0];
  }
}

TEST(IniFile, MissingFileIsAConfigError) {
  EXPECT_THROW(IniFile::load("/nonexistent/duka.ini"), ConfigError);
}

}  // namespace
}  // namespace duka::host
