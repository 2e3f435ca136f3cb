// fakeauth: a test authenticator: "staff-token" is a staff user, "user-token" a plain one.
#include <duka/sdk.hpp>

namespace {

class FixedTokens : public duka::Authenticator {
 public:
  std::optional<duka::Principal> authenticate(const std::string& token) const override {
    if (token == "staff-token")
      return duka::Principal{"1", "boss", {duka::kStaffRole}, std::nullopt};
    if (token == "user-token")
      return duka::Principal{"2", "wanjiru", {}, 7};
    return std::nullopt;
  }
};

class FakeAuthPlugin : public duka::Plugin {
 public:
  duka::PluginInfo info() const override {
    return {.name = "fakeauth",
            .version = "0.1.0",
            .description = "fixed test tokens",
            .requiredPlugins = {}};
  }
  void start(duka::PluginContext& context) override {
    context.services().provide<duka::Authenticator>(duka::kAuthenticatorService,
                                                    std::make_shared<FixedTokens>());
  }
};

}  // namespace

DUKA_PLUGIN(FakeAuthPlugin)
