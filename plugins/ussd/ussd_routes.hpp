// UssdRoutes: Africa's Talking's USSD callback, POST /api/ussd/{token}/ (a form: sessionId,
// serviceCode, phoneNumber, networkCode, text; answered 200 text/plain, "CON ..." or
// "END ..."), and its end-of-session notification, POST /api/ussd/{token}/events/ (counted).
// Both are public; a token other than [ussd] callback_token, or none set, is 404; the token
// never reaches a log (the routes' paths are secret).
#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <duka/facility/metrics.hpp>
#include <duka/sdk.hpp>

#include "counter_services.hpp"
#include "ussd_settings.hpp"

namespace duka::ussd {

class UssdRoutes {
 public:
  UssdRoutes(Database& db, const UssdSettings& settings, CounterParts parts, Metrics& metrics,
             Poco::Logger& log);
  void addTo(Router& router);

 private:
  Response step(Request& request);
  Response sessionEnded(Request& request);
  void checkToken(const Request& request) const;

  Database& db_;
  const UssdSettings& settings_;
  CounterParts parts_;
  Poco::Logger& log_;
  std::atomic<std::uint64_t>& continued_;
  std::atomic<std::uint64_t>& ended_;
  std::atomic<std::uint64_t>& failed_;
  std::atomic<std::uint64_t>& sessionsEnded_;
};

}  // namespace duka::ussd
