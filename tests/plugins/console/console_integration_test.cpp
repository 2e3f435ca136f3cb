// The console plugin through the real binary: its files with their caching, compression and
// security headers, and the whole console driven in headless Chromium (e2e.mjs in
// tests/support/console-e2e): sign in, create an item, approve and fulfil an order placed
// through the API, adjust stock, match a receipt, download the sales CSV, with no console
// error, no failed request and no serious axe-core violation at 360 and 1280 pixels.
#include <Poco/InflatingStream.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <duka/testing/child_process.hpp>
#include <regex>
#include <sstream>

#include "plugins/shop_fixture.hpp"
#include "support/oidc_test_provider.hpp"
#include "support/test_paths.hpp"

namespace duka::test {
namespace {

constexpr const char* kToken = "c2b-token-of-the-console-test-01";

// DUKA_SKIP_WITHOUT_BROWSER skips a test of e2e.mjs without Chromium or its npm packages,
// and fails it when DUKA_REQUIRE_BROWSER says they are installed.
#define DUKA_SKIP_WITHOUT_BROWSER(e2e)                                                       \
  if (::access((e2e + "/node_modules/puppeteer-core").c_str(), R_OK) != 0 ||                 \
      runProcess({"chromium", "--version"}).first != 0) {                                    \
    if (std::getenv("DUKA_REQUIRE_BROWSER"))                                                 \
      FAIL() << "DUKA_REQUIRE_BROWSER is set but chromium or " << e2e << "/node_modules is " \
             << "missing";                                                                   \
    GTEST_SKIP() << "apt-get install chromium; npm ci --prefix tests/support/console-e2e";   \
  }

std::string gunzip(const std::string& compressed) {
  std::istringstream in(compressed);
  Poco::InflatingInputStream inflater(in, Poco::InflatingStreamBuf::STREAM_GZIP);
  std::string out;
  Poco::StreamCopier::copyToString(inflater, out);
  return out;
}

class ConsoleTest : public ShopTest {
 protected:
  std::string morePlugins() const override { return ", sms, mpesa, reports, console"; }
  // The shop's day (UTC+14) is always one or two days after the browser's (UTC-11, its TZ below):
  // the console must take "today" from the shop, not from the browser.
  std::string moreIni() const override {
    return std::string("[mpesa]\ncallback_token = ") + kToken +
           "\n[reports]\ntimezone = Pacific/Kiritimati\n";
  }
  // assetsOf lists the page's script and style sheet.
  static std::vector<std::string> assetsOf(const std::string& page) {
    std::vector<std::string> found;
    const std::regex asset(R"re((?:src|href)="/console/assets/([^"]+)")re");
    for (std::sregex_iterator at(page.begin(), page.end(), asset), end; at != end; ++at)
      found.push_back((*at)[1]);
    return found;
  }
};

TEST_P(ConsoleTest, ThePageIsRevalidatedAndCarriesTheSecurityHeaders) {
  const auto page = client_->get("/console/");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.header("Cache-Control"), "no-cache");
  const std::string csp = page.header("Content-Security-Policy");
  EXPECT_EQ(csp.rfind("default-src 'self';", 0), 0u) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
  EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(page.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(page.header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(page.header("Vary"), "Accept-Encoding");
  // No inline script or style, nothing from another origin.
  EXPECT_EQ(page.body.find("<style"), std::string::npos);
  EXPECT_EQ(std::regex_search(page.body, std::regex("<script(?![^>]*\\ssrc=)")), false);
  EXPECT_EQ(page.body.find("http"), std::string::npos);
  // Revalidated by its ETag.
  const std::string etag = page.header("ETag");
  ASSERT_EQ(etag.size(), 34u) << etag;
  const auto same = client_->get("/console/", {{"If-None-Match", etag}});
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(client_->get("/console/", {{"If-None-Match", "\"other\""}}).status, 200);
  EXPECT_EQ(client_->get("/console/", {{"If-None-Match", "\"other\", W/" + etag}}).status, 304);
  EXPECT_EQ(client_->get("/console/", {{"If-None-Match", "*"}}).status, 304);
  EXPECT_EQ(client_->get("/console").status, 200);
  EXPECT_EQ(client_->request("HEAD", "/console/").status, 200);
  EXPECT_EQ(client_->post("/console/", "{}").status, 405);
}

TEST_P(ConsoleTest, AssetsAreFingerprintedImmutableAndCompressedWhenAccepted) {
  const auto page = client_->get("/console/");
  const auto assets = assetsOf(page.body);
  ASSERT_EQ(assets.size(), 3u) << page.body;  // the icon, the style sheet, the script
  std::size_t gzippedTotal = 0;
  for (const auto& name : assets) {
    EXPECT_TRUE(std::regex_match(name, std::regex(R"((main|icon)-[A-Z0-9]{8}\.(js|css|svg))")))
        << name;
    const std::string path = "/console/assets/" + name;
    const auto plain = client_->get(path, {{"Accept-Encoding", "identity"}});
    ASSERT_EQ(plain.status, 200) << name;
    EXPECT_EQ(plain.header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(plain.header("Content-Encoding"), "");
    const std::string type = name.ends_with(".js")    ? "text/javascript; charset=utf-8"
                             : name.ends_with(".css") ? "text/css; charset=utf-8"
                                                      : "image/svg+xml";
    EXPECT_EQ(plain.header("Content-Type"), type);
    EXPECT_NE(plain.header("Content-Security-Policy"), "");
    const auto gzipped = client_->get(path, {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(gzipped.header("Content-Encoding"), "gzip");
    EXPECT_EQ(gunzip(gzipped.body), plain.body);
    EXPECT_LT(gzipped.body.size(), plain.body.size());
    if (!name.ends_with(".svg"))
      gzippedTotal += gzipped.body.size();
    const auto brotli = client_->get(path, {{"Accept-Encoding", "gzip, deflate, br"}});
    EXPECT_EQ(brotli.header("Content-Encoding"), "br");
    EXPECT_LT(brotli.body.size(), gzipped.body.size());
    EXPECT_EQ(brotli.header("ETag"), plain.header("ETag"));
  }
  // SPEC 14's budget: the console's JavaScript and CSS together at most 150 KB gzipped.
  EXPECT_LE(gzippedTotal, 150u * 1024) << gzippedTotal;
  std::cout << "console JavaScript and CSS, gzipped: " << gzippedTotal << " bytes\n";
  for (const std::string path :
       {"/console/assets/main-NOSUCH00.js", "/console/assets/..%2Findex.html",
        "/console/assets/index.html", "/console/assets/", "/console/other/"})
    EXPECT_EQ(client_->get(path).status, 404) << path;
}

TEST_P(ConsoleTest, StaffRunTheShopFromTheConsoleInAHeadlessBrowser) {
  const std::string e2e = sourceDir() + "/tests/support/console-e2e";
  DUKA_SKIP_WITHOUT_BROWSER(e2e);
  // A shopper with 60 pending orders (the timed screen shows 50), and money that came to the
  // paybill with a mistyped account.
  const std::string shopperToken = shopper("wanjiru");
  const auto goods = item("Sugar 1kg", "1.50", 1000);
  for (int i = 0; i < 60; ++i)
    ASSERT_EQ(client_->post("/api/orders/", orderBody({{goods, 1}}), bearer(shopperToken)).status,
              201);
  const auto c2b = client_->post(
      "/api/payments/c2b/" + std::string(kToken) + "/confirmation/",
      R"({"TransactionType":"Pay Bill","TransID":"QKCONSOLE1","TransTime":"20261201120000",)"
      R"("TransAmount":"90.00","BusinessShortCode":"174379","BillRefNumber":"ORDR-SOAP",)"
      R"("MSISDN":"254712345678"})",
      {});
  ASSERT_EQ(c2b.status, 200) << c2b.body;
  TempDir downloads;
  const auto [code, output] =
      runProcess({"node", e2e + "/e2e.mjs"},
                 {{"DUKA_URL", "http://127.0.0.1:" + std::to_string(server_->port())},
                  {"STAFF_USER", "boss"},
                  {"STAFF_PASSWORD", kTestPassword},
                  {"SHOPPER_TOKEN", shopperToken},
                  {"SHOPPER_USER", "wanjiru"},
                  {"SHOPPER_PASSWORD", kTestPassword},
                  {"RECEIPT", "QKCONSOLE1"},
                  {"DOWNLOADS", downloads.path()},
                  {"HOME", downloads.path()},
                  {"TZ", "Pacific/Pago_Pago"}});
  std::cout << output;
  EXPECT_EQ(code, 0) << output << server_->output();
  EXPECT_NE(output.find("E2E OK"), std::string::npos) << output;
}

// Staff of a shop that signs in with its OpenID provider.
class ConsoleOpenIdTest : public ServerTest {
 protected:
  void SetUp() override {
    provider_ = OidcTestProvider::start();
    DUKA_SKIP_WITHOUT_OIDC(provider_);
    startWith(testPluginDir(), "auth, customers, inventory, orders, audit, console",
              provider_->authSection());
  }
  std::unique_ptr<OidcTestProvider> provider_;
};

TEST_P(ConsoleOpenIdTest, StaffSignInWithTheProviderByTheCodeFlowWithPkce) {
  const std::string e2e = sourceDir() + "/tests/support/console-e2e";
  DUKA_SKIP_WITHOUT_BROWSER(e2e);
  const auto options = client_->get("/api/login/options/").json();
  ASSERT_FALSE(options->isNull("authorization_endpoint"));
  TempDir downloads;
  const auto [code, output] =
      runProcess({"node", e2e + "/e2e.mjs"},
                 {{"DUKA_URL", "http://127.0.0.1:" + std::to_string(server_->port())},
                  {"ISSUER", provider_->issuer()},
                  {"OPENID_ACCOUNT", "staff-amina"},
                  {"DOWNLOADS", downloads.path()},
                  {"HOME", downloads.path()}});
  std::cout << output;
  EXPECT_EQ(code, 0) << output << server_->output();
  EXPECT_NE(output.find("E2E OK"), std::string::npos) << output;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ConsoleOpenIdTest, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

INSTANTIATE_TEST_SUITE_P(Sqlite, ConsoleTest, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
