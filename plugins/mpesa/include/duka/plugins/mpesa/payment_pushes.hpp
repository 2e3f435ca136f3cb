// duka/plugins/mpesa/payment_pushes.hpp: M-Pesa STK pushes asked for by other plugins (the
// USSD menu's "Pay now"), provided as "mpesa.pushes". A plugin that works without M-Pesa
// looks it up with find<PaymentPushes>() in started(): absent when mpesa is not enabled.
#pragma once

#include <duka/events.hpp>
#include <duka/plugins/orders/order.hpp>
#include <duka/plugins/orders/payment.hpp>
#include <string>

namespace duka::mpesa {

class PaymentPushes {
 public:
  virtual ~PaymentPushes() = default;
  // push asks the Kenyan number `phone` (empty: the order's customer's) to pay the order's
  // unpaid amount (an STK push) and
  // answers the requested payment, as POST /api/orders/{id}/pay/mpesa/ does; an HttpError
  // says why not (409: cancelled, paid, or a push waiting already; 422: not a Kenyan
  // number; 502: Daraja refused; 503: M-Pesa not configured or busy; 504: Daraja too slow).
  virtual orders::Payment push(const orders::Order& order, const std::string& phone,
                               const EventContext& context) = 0;
};

inline constexpr const char* kPaymentPushesService = "mpesa.pushes";

}  // namespace duka::mpesa
