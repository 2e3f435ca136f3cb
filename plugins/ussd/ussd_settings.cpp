#include "ussd_settings.hpp"

#include "gsm_text.hpp"

namespace duka::ussd {

const Settings<UssdSettings>& ussdSettings() {
  using S = UssdSettings;
  static const Settings<S> settings =
      Settings<S>()
          .bind(Setting::text("callback_token", "",
                              "at least 16 letters, digits, - or _; part of the callback path")
                    .asSecret()
                    .asRequiredInProduction(),
                &S::callbackToken)
          .bind(Setting::text("shop_name", "duka", "shown on the first screen"), &S::shopName)
          .bind(Setting::integer("page_size", 5, 1, 9, "items per screen"), &S::pageSize)
          .bind(Setting::integer("max_quantity", 20, 1, 999, "per order line through USSD"),
                &S::maxQuantity)
          .bind(Setting::boolean("self_registration", true,
                                 "unknown numbers may register with a name"),
                &S::selfRegistration)
          .rule([](const S& s) -> std::vector<SettingProblem> {
            std::vector<SettingProblem> problems;
            const std::string& token = s.callbackToken;
            if (!token.empty() && token.size() < 16)
              problems.push_back({"callback_token", "must be at least 16 characters"});
            if (token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789-_") != std::string::npos)
              problems.push_back({"callback_token", "may hold only letters, digits, '-' and '_'"});
            if (s.shopName.empty() || characters(s.shopName) > 40 || !isGsm(s.shopName))
              problems.push_back(
                  {"shop_name", "must be 1 to 40 characters a feature phone shows (GSM 03.38)"});
            return problems;
          });
  return settings;
}

}  // namespace duka::ussd
