// UssdSettings: the validated [ussd] section as typed values (SPEC 3 and 12).
#pragma once

#include <duka/settings.hpp>
#include <string>

namespace duka::ussd {

struct UssdSettings {
  std::string callbackToken;  // part of the callback path; "" turns the routes off (404)
  std::string shopName = "duka";
  int pageSize = 5;
  int maxQuantity = 20;
  bool selfRegistration = true;
};

const Settings<UssdSettings>& ussdSettings();

}  // namespace duka::ussd
