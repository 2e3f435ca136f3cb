// SmsRoutes: GET /api/notifications/ (staff: the outbox, ?status=&to=) and
// POST /api/sms/delivery-report/?token=... (the provider's delivery-report callback).
#pragma once

#include <duka/router.hpp>

#include "outbox_repository.hpp"
#include "sms_settings.hpp"

namespace duka::sms {

class SmsRoutes {
 public:
  SmsRoutes(OutboxRepository& outbox, const SmsSettings& settings)
      : outbox_(outbox), settings_(settings) {}

  void registerOn(Router& router);
  Response notifications(Request& request);
  Response deliveryReport(Request& request);

 private:
  OutboxRepository& outbox_;
  const SmsSettings& settings_;
};

}  // namespace duka::sms
