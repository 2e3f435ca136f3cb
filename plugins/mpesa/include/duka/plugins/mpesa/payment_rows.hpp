// duka/plugins/mpesa/payment_rows.hpp: the mpesa plugin's payments table, published for
// other plugins to read (reports). This declaration is the stable contract within mpesa
// 1.x: a column here keeps its name and meaning. Read it, never write it (mpesa's ledger
// and events go with every write). List "mpesa" in requires, or in uses
// (duka/facility/optional_plugins.hpp) when it is optional.
#pragma once

#include <duka/plugins/orders/payment.hpp>
#include <duka/rows.hpp>

namespace duka::mpesa {

// kPaymentRows reads a payment as the API shows it; order_id NULL is money that named no
// payable order (an unmatched receipt while its status is succeeded).
inline const Rows<orders::Payment> kPaymentRows =
    Rows<orders::Payment>("mpesa_payments")
        .column("id", &orders::Payment::id)
        .column("order_id", &orders::Payment::orderId)
        .column("'mpesa'", &orders::Payment::method)
        .column("status", &orders::Payment::status)
        .column("amount_minor", &orders::Payment::amountMinor)
        .column("phone_number", &orders::Payment::phoneNumber)
        .column("checkout_request_id", &orders::Payment::checkoutRequestId)
        .column("receipt", &orders::Payment::receipt)
        .column("result_code", &orders::Payment::resultCode)
        .column("result_desc", &orders::Payment::resultDesc)
        .column("reconciliation", &orders::Payment::reconciliation)
        .column("created_at", &orders::Payment::createdAt)
        .column("updated_at", &orders::Payment::updatedAt);

}  // namespace duka::mpesa
