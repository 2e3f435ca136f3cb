// The mpesa plugin through the real binary against a fake Daraja on 127.0.0.1, on SQLite and
// PostgreSQL: every field of the push, the callback and its token, confirm_callbacks and the
// status query, C2B, one receipt counting once (also 20 at once), the errors of SPEC 6,
// access, and no secret in any log.
#include <Poco/Base64Encoder.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <atomic>
#include <duka/testing/fake_gateway.hpp>
#include <sstream>
#include <thread>

#include "db/sql_database.hpp"
#include "events/event_dispatcher.hpp"
#include "plugins/shop_fixture.hpp"

namespace duka::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kToken = "callback-token-0123456789";
constexpr const char* kSecret = "consumer-secret-never-shown";
constexpr const char* kPasskey = "passkey-never-shown-0123";
constexpr const char* kPushPath = "/mpesa/stkpush/v1/processrequest";
constexpr const char* kQueryPath = "/mpesa/stkpushquery/v1/query";
constexpr const char* kTokenPath = "/oauth/v1/generate";

GatewayReply json(int status, const std::string& body,
                  std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
  GatewayReply reply = GatewayReply::text(status, body);
  reply.contentType = "application/json";
  reply.delay = delay;
  return reply;
}

GatewayReply queryAnswer(const std::string& resultCode, const std::string& desc) {
  return json(200, R"({"ResponseCode":"0","ResponseDescription":"The service request has been )"
                   R"(accepted successsfully","MerchantRequestID":"m","CheckoutRequestID":"c",)"
                   R"("ResultCode":")" +
                       resultCode + R"(","ResultDesc":")" + desc + R"("})");
}

std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << text;
  encoder.close();
  return out.str();
}

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

class MpesaTest : public ShopTest {
 protected:
  MpesaTest() {
    daraja_.setDefaultFor(kTokenPath,
                          json(200, R"({"access_token":"tok-{n}","expires_in":"3599"})"));
    daraja_.setDefaultFor(
        kPushPath, json(200, R"({"MerchantRequestID":"m-{n}","CheckoutRequestID":"ws_CO_{n}",)"
                             R"("ResponseCode":"0","ResponseDescription":"Success. Request )"
                             R"(accepted for processing","CustomerMessage":"Success."})"));
    // Until a test says otherwise, Daraja is still processing every push it is asked about.
    daraja_.setDefaultFor(kQueryPath, json(500, R"({"requestId":"r","errorCode":"500.001.1001",)"
                                                R"("errorMessage":"The transaction is being )"
                                                R"(processed"})"));
  }

  std::string morePlugins() const override { return ", sms, mpesa"; }
  std::string moreIni() const override {
    return "[mpesa]\nbase_url = " + daraja_.baseUrl() +
           "\nconsumer_key = consumer-key\nconsumer_secret = " + kSecret +
           "\npasskey = " + kPasskey +
           "\ncallback_base_url = https://shop.example.co.ke\ncallback_token = " + kToken +
           "\nconfirm_callbacks = " + (confirm() ? "true" : "false") +
           "\nquery_after_s = 5\ntimeout_s = 2\nconcurrency = 2\n";
  }
  virtual bool confirm() const { return false; }

  // orderFor places an order worth price for a new shopper; it returns the order id.
  std::int64_t orderFor(const std::string& username, const std::string& price,
                        std::string* token = nullptr) {
    const auto goods = item("Goods " + username, price, 100);
    const std::string shopperToken = shopper(username);
    const auto response =
        client_->post("/api/orders/", orderBody({{goods, 1}}), bearer(shopperToken));
    if (response.status != 201)
      throw std::runtime_error("order: " + response.body);
    if (token)
      *token = shopperToken;
    return response.json()->getValue<Poco::Int64>("id");
  }
  HttpResponse pay(std::int64_t order, const std::string& token, const std::string& body = "{}") {
    return client_->post("/api/orders/" + std::to_string(order) + "/pay/mpesa/", body,
                         bearer(token));
  }
  Poco::JSON::Object::Ptr order(std::int64_t id) {
    return client_->get("/api/orders/" + std::to_string(id) + "/", asStaff()).json();
  }
  Poco::JSON::Object::Ptr payment(std::int64_t id) {
    return client_->get("/api/payments/" + std::to_string(id) + "/", asStaff()).json();
  }
  Poco::JSON::Array::Ptr payments(std::int64_t order) {
    return client_->get("/api/payments/?order_id=" + std::to_string(order), asStaff())
        .json()
        ->getArray("results");
  }
  static std::string callback(const std::string& checkoutId, int resultCode,
                              const std::string& receipt = "", const std::string& amount = "151") {
    std::string body = R"({"Body":{"stkCallback":{"MerchantRequestID":"m","CheckoutRequestID":")" +
                       checkoutId + R"(","ResultCode":)" + std::to_string(resultCode) +
                       R"(,"ResultDesc":")" +
                       (resultCode == 0      ? "The service request is processed successfully."
                        : resultCode == 1032 ? "Request cancelled by user"
                                             : "The balance is insufficient for "
                                               "the transaction") +
                       "\"";
    if (resultCode == 0)
      body += R"(,"CallbackMetadata":{"Item":[{"Name":"Amount","Value":)" + amount +
              R"(},{"Name":"MpesaReceiptNumber","Value":")" + receipt +
              R"("},{"Name":"TransactionDate","Value":20261129213005},)"
              R"({"Name":"PhoneNumber","Value":254712345678}]})";
    return body + "}}}";
  }
  HttpResponse sendCallback(const std::string& body, const std::string& token = kToken) {
    return client_->post("/api/payments/stk/callback/" + token + "/", body, {});
  }
  static std::string c2b(const std::string& transId, const std::string& amount,
                         const std::string& account) {
    return R"({"TransactionType":"Pay Bill","TransID":")" + transId +
           R"(","TransTime":"20261129213005","TransAmount":")" + amount +
           R"(","BusinessShortCode":"174379","BillRefNumber":")" + account +
           R"(","MSISDN":"254712345678","FirstName":"Wanjiku"})";
  }
  HttpResponse sendC2b(const std::string& step, const std::string& body,
                       const std::string& token = kToken) {
    return client_->post("/api/payments/c2b/" + token + "/" + step + "/", body, {});
  }
  // pushed pays the order and returns the payment (202).
  Poco::JSON::Object::Ptr pushed(std::int64_t order, const std::string& token) {
    const auto response = pay(order, token);
    if (response.status != 202)
      throw std::runtime_error("pay: " + std::to_string(response.status) + " " + response.body);
    return response.json();
  }
  // waitFor polls until check() holds (the outbox's work happens after the answers).
  template <class Check>
  bool waitFor(Check check, std::chrono::milliseconds limit = 20s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (check())
        return true;
      std::this_thread::sleep_for(50ms);
    }
    return check();
  }
  int auditCount(const std::string& action, std::int64_t entityId, const std::string& entity) {
    return client_
        ->get("/api/audit/?entity=" + entity + "&entity_id=" + std::to_string(entityId) +
                  "&action=" + action,
              asStaff())
        .json()
        ->getValue<int>("count");
  }

  FakeGateway daraja_;
};

TEST_P(MpesaTest, ThePushSendsEveryFieldDarajaNeedsAndAnswers202) {
  std::string token;
  const auto id = orderFor("wanjiku", "150.50", &token);
  const auto before = Poco::Timestamp();
  const auto response = pay(id, token, R"({"phone_number":"0712 345 678"})");
  ASSERT_EQ(response.status, 202) << response.body;
  const auto payment = response.json();
  EXPECT_EQ(payment->getValue<std::string>("status"), "requested");
  EXPECT_EQ(payment->getValue<std::string>("method"), "mpesa");
  EXPECT_EQ(payment->getValue<std::string>("amount"), "151.00");  // 150.50 rounded up
  EXPECT_EQ(payment->getValue<std::string>("phone_number"), "+254712345678");
  EXPECT_EQ(payment->getValue<Poco::Int64>("order_id"), id);
  EXPECT_EQ(payment->getValue<std::string>("checkout_request_id"), "ws_CO_2");
  EXPECT_TRUE(payment->isNull("receipt"));

  const auto tokens = daraja_.requestsTo(kTokenPath);
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].method, "GET");
  EXPECT_NE(tokens[0].path.find("grant_type=client_credentials"), std::string::npos);
  EXPECT_EQ(tokens[0].header("authorization"),
            "Basic " + base64(std::string("consumer-key:") + kSecret));
  const auto pushes = daraja_.requestsTo(kPushPath);
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].header("authorization"), "Bearer tok-1");
  const auto body = parse(pushes[0].body);
  const std::string timestamp = body->getValue<std::string>("Timestamp");
  // Nairobi's clock (UTC+3) when the push was made, to the second.
  const std::string nairobi = Poco::DateTimeFormatter::format(
      before + Poco::Timespan(3 * Poco::Timespan::HOURS), "%Y%m%d%H%M");
  EXPECT_EQ(timestamp.size(), 14u);
  EXPECT_EQ(timestamp.substr(0, 12), nairobi);
  EXPECT_EQ(body->getValue<std::string>("BusinessShortCode"), "174379");
  EXPECT_EQ(body->getValue<std::string>("Password"),
            base64(std::string("174379") + kPasskey + timestamp));
  EXPECT_EQ(body->getValue<std::string>("TransactionType"), "CustomerPayBillOnline");
  EXPECT_EQ(body->getValue<int>("Amount"), 151);
  EXPECT_EQ(body->getValue<std::string>("PartyA"), "254712345678");
  EXPECT_EQ(body->getValue<std::string>("PartyB"), "174379");
  EXPECT_EQ(body->getValue<std::string>("PhoneNumber"), "254712345678");
  EXPECT_EQ(body->getValue<std::string>("CallBackURL"),
            std::string("https://shop.example.co.ke/api/payments/stk/callback/") + kToken + "/");
  EXPECT_EQ(body->getValue<std::string>("AccountReference"), "ORDER" + std::to_string(id));
  EXPECT_EQ(body->getValue<std::string>("TransactionDesc"), "Order " + std::to_string(id));

  // One push per order waits at a time; once it failed, another may go. The token is
  // reused; the customer's own number is the default.
  EXPECT_EQ(pay(id, token).status, 409);
  ASSERT_EQ(
      sendCallback(callback(payment->getValue<std::string>("checkout_request_id"), 1032)).status,
      200);
  ASSERT_EQ(pay(id, token).status, 202);
  EXPECT_EQ(daraja_.requestsTo(kTokenPath).size(), 1u);
  EXPECT_EQ(
      parse(daraja_.requestsTo(kPushPath)[1].body)->getValue<std::string>("PartyA").substr(0, 4),
      "2547");
  EXPECT_EQ(auditCount("payment.requested", payment->getValue<Poco::Int64>("id"), "payment"), 1);
}

TEST_P(MpesaTest, AnIdempotencyKeyPushesOnceAndAnswersTheSameAgain) {
  std::string token;
  const auto id = orderFor("wairimu", "20.00", &token);
  auto headers = bearer(token);
  headers["Idempotency-Key"] = "pay-once-1";
  const std::string path = "/api/orders/" + std::to_string(id) + "/pay/mpesa/";
  const auto first = client_->post(path, "{}", headers);
  ASSERT_EQ(first.status, 202) << first.body;
  const auto again = client_->post(path, "{}", headers);
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers.at("idempotent-replayed"), "true");
  EXPECT_EQ(daraja_.requestsTo(kPushPath).size(), 1u);
  EXPECT_EQ(payments(id)->size(), 1u);
  EXPECT_EQ(client_->post(path, R"({"phone_number":"0712345678"})", headers).status, 422);
  // A 502 is not kept (like every 5xx): a retry with the key asks Daraja again (once the
  // first push has failed: one push per order waits at a time).
  ASSERT_EQ(sendCallback(callback(first.json()->getValue<std::string>("checkout_request_id"), 1032))
                .status,
            200);
  daraja_.scriptFor(kPushPath, {json(400, R"({"errorMessage":"Bad Request - Invalid Amount"})")});
  headers["Idempotency-Key"] = "pay-once-2";
  EXPECT_EQ(client_->post(path, "{}", headers).status, 502);
  EXPECT_EQ(client_->post(path, "{}", headers).status, 202);
  EXPECT_EQ(daraja_.requestsTo(kPushPath).size(), 3u);
}

TEST_P(MpesaTest, ASuccessfulCallbackPaysTheOrderOnceHoweverOftenItComes) {
  std::string token;
  const auto id = orderFor("achieng", "151.00", &token);
  const auto payment = pushed(id, token);
  const std::string checkout = payment->getValue<std::string>("checkout_request_id");
  for (int i = 0; i < 3; ++i) {
    const auto answer = sendCallback(callback(checkout, 0, "QK11AB2CD3"));
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.body, R"({"ResultCode":0,"ResultDesc":"Accepted"})");
  }
  const auto paid = this->payment(payment->getValue<Poco::Int64>("id"));
  EXPECT_EQ(paid->getValue<std::string>("status"), "succeeded");
  EXPECT_EQ(paid->getValue<std::string>("receipt"), "QK11AB2CD3");
  EXPECT_EQ(paid->getValue<std::string>("result_code"), "0");
  const auto after = order(id);
  EXPECT_EQ(after->getValue<std::string>("paid_total"), "151.00");
  EXPECT_EQ(after->getValue<std::string>("payment_status"), "paid");
  EXPECT_EQ(auditCount("payment.succeeded", paid->getValue<Poco::Int64>("id"), "payment"), 1);
  EXPECT_EQ(auditCount("order.paid", id, "order"), 1);
  // The customer is told, once.
  const auto messages =
      client_->get("/api/notifications/?status=", asStaff()).json()->getArray("results");
  int received = 0;
  for (unsigned i = 0; i < messages->size(); ++i) {
    if (messages->getObject(i)->getValue<std::string>("event") == "payment.succeeded") {
      ++received;
      EXPECT_NE(messages->getObject(i)->getValue<std::string>("message").find("QK11AB2CD3"),
                std::string::npos);
    }
  }
  EXPECT_EQ(received, 1);
  // Paid: a second push is a 409; so is C2B validation for it.
  EXPECT_EQ(pay(id, token).status, 409);
  EXPECT_EQ(parse(sendC2b("validation", c2b("X", "10", "ORDER" + std::to_string(id))).body)
                ->getValue<std::string>("ResultCode"),
            "C2B00012");
}

TEST_P(MpesaTest, UserCancelAndInsufficientFundsFailThePaymentKeepingDarajasWords) {
  std::string token;
  const auto id = orderFor("kamau", "100.00", &token);
  for (const int code : {1032, 1}) {
    const auto payment = pushed(id, token);
    ASSERT_EQ(
        sendCallback(callback(payment->getValue<std::string>("checkout_request_id"), code)).status,
        200);
    const auto failed = this->payment(payment->getValue<Poco::Int64>("id"));
    EXPECT_EQ(failed->getValue<std::string>("status"), "failed");
    EXPECT_EQ(failed->getValue<std::string>("result_code"), std::to_string(code));
    EXPECT_EQ(failed->getValue<std::string>("result_desc"),
              code == 1032 ? "Request cancelled by user"
                           : "The balance is insufficient for the transaction");
    EXPECT_EQ(auditCount("payment.failed", payment->getValue<Poco::Int64>("id"), "payment"), 1);
  }
  EXPECT_EQ(order(id)->getValue<std::string>("payment_status"), "unpaid");
}

TEST_P(MpesaTest, APushWithoutACallbackIsSettledByTheStatusQuery) {
  std::string token;
  const auto id = orderFor("otieno", "80.00", &token);
  // The first query hears "still processing" (Daraja says it two ways), then the result.
  daraja_.scriptFor(kQueryPath,
                    {json(500, R"({"errorCode":"500.001.1001","errorMessage":"The transaction )"
                               R"(is being processed"})"),
                     queryAnswer("4999", "The transaction is still under processing"),
                     queryAnswer("0", "The service request is processed successfully.")});
  const auto payment = pushed(id, token);
  const auto paymentId = payment->getValue<Poco::Int64>("id");
  ASSERT_TRUE(waitFor(
      [&] { return this->payment(paymentId)->getValue<std::string>("status") == "succeeded"; },
      40s));
  const auto queries = daraja_.requestsTo(kQueryPath);
  ASSERT_GE(queries.size(), 3u);
  const auto body = parse(queries[0].body);
  EXPECT_EQ(body->getValue<std::string>("CheckoutRequestID"),
            payment->getValue<std::string>("checkout_request_id"));
  EXPECT_EQ(body->getValue<std::string>("BusinessShortCode"), "174379");
  EXPECT_EQ(body->getValue<std::string>("Password"),
            base64(std::string("174379") + kPasskey + body->getValue<std::string>("Timestamp")));
  EXPECT_EQ(order(id)->getValue<std::string>("payment_status"), "paid");
  // A late callback names the receipt; it counts nothing more.
  ASSERT_EQ(sendCallback(callback(payment->getValue<std::string>("checkout_request_id"), 0,
                                  "QK22LATE01", "80"))
                .status,
            200);
  EXPECT_EQ(this->payment(paymentId)->getValue<std::string>("receipt"), "QK22LATE01");
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "80.00");
  EXPECT_EQ(auditCount("payment.succeeded", paymentId, "payment"), 1);
}

TEST_P(MpesaTest, AC2bPaymentWithTheCallbacksReceiptCountsOnceEitherWayRound) {
  std::string token;
  // The callback first, then Daraja's C2B confirmation of the same money.
  const auto first = orderFor("njeri", "50.00", &token);
  const auto stk = pushed(first, token);
  ASSERT_EQ(sendCallback(
                callback(stk->getValue<std::string>("checkout_request_id"), 0, "QK33SAME01", "50"))
                .status,
            200);
  const auto confirmation =
      sendC2b("confirmation", c2b("QK33SAME01", "50.00", "ORDER" + std::to_string(first)));
  ASSERT_EQ(confirmation.status, 200);
  EXPECT_EQ(parse(confirmation.body)->getValue<std::string>("ResultCode"), "0");
  EXPECT_EQ(order(first)->getValue<std::string>("paid_total"), "50.00");
  EXPECT_EQ(payments(first)->size(), 1u);

  // The C2B confirmation first: the push's callback then counts nothing and says why.
  const auto second = orderFor("mutua", "50.00", &token);
  const auto push = pushed(second, token);
  ASSERT_EQ(sendC2b("confirmation", c2b("QK44SAME02", "50.00", std::to_string(second))).status,
            200);
  ASSERT_EQ(sendCallback(
                callback(push->getValue<std::string>("checkout_request_id"), 0, "QK44SAME02", "50"))
                .status,
            200);
  EXPECT_EQ(order(second)->getValue<std::string>("paid_total"), "50.00");
  const auto ended = payment(push->getValue<Poco::Int64>("id"));
  EXPECT_EQ(ended->getValue<std::string>("status"), "failed");
  EXPECT_NE(ended->getValue<std::string>("result_desc").find("QK44SAME02"), std::string::npos);
}

TEST_P(MpesaTest, PartialC2bPaymentsAddUpAndValidationKnowsWhichOrdersTakeMoney) {
  std::string token;
  const auto id = orderFor("wambui", "300.00", &token);
  const std::string account = "ORDER" + std::to_string(id);
  EXPECT_EQ(parse(sendC2b("validation", c2b("V1", "100", account)).body)
                ->getValue<std::string>("ResultCode"),
            "0");
  EXPECT_EQ(parse(sendC2b("validation", c2b("V2", "100", "ORDER999999")).body)
                ->getValue<std::string>("ResultCode"),
            "C2B00012");
  ASSERT_EQ(sendC2b("confirmation", c2b("QK55PART01", "100.00", account)).status, 200);
  auto after = order(id);
  EXPECT_EQ(after->getValue<std::string>("paid_total"), "100.00");
  EXPECT_EQ(after->getValue<std::string>("payment_status"), "partially_paid");
  EXPECT_EQ(auditCount("order.paid", id, "order"), 0);
  // The push asks for what is left.
  ASSERT_EQ(pay(id, token).status, 202);
  EXPECT_EQ(parse(daraja_.requestsTo(kPushPath).back().body)->getValue<int>("Amount"), 200);
  ASSERT_EQ(sendC2b("confirmation", c2b("QK55PART02", "200.00", account)).status, 200);
  after = order(id);
  EXPECT_EQ(after->getValue<std::string>("paid_total"), "300.00");
  EXPECT_EQ(after->getValue<std::string>("payment_status"), "paid");
  EXPECT_EQ(auditCount("order.paid", id, "order"), 1);
  // ?payment_status= finds it.
  const auto paid = client_->get("/api/orders/?payment_status=paid", asStaff()).json();
  EXPECT_EQ(paid->getValue<int>("count"), 1);
  // A cancelled order takes no payment.
  const auto other = orderFor("chebet", "20.00", &token);
  ASSERT_EQ(
      client_->request("PUT", "/api/orders/" + std::to_string(other) + "/cancel/", "", asStaff())
          .status,
      200);
  EXPECT_EQ(parse(sendC2b("validation", c2b("V3", "20", std::to_string(other))).body)
                ->getValue<std::string>("ResultCode"),
            "C2B00012");
  EXPECT_EQ(pay(other, token).status, 409);
}

TEST_P(MpesaTest, ARefusedOrFailingPushIsA502NamingDarajasMessageAndWritesNothing) {
  std::string token;
  const auto id = orderFor("kiprop", "10.00", &token);
  daraja_.scriptFor(kPushPath,
                    {json(400, R"({"requestId":"1-2","errorCode":"400.002.02",)"
                               R"("errorMessage":"Bad Request - Invalid PhoneNumber"})"),
                     json(503, "<html>Service Unavailable</html>"),
                     json(200, R"({"ResponseCode":"1","ResponseDescription":"Rejected"})")});
  const auto refused = pay(id, token);
  EXPECT_EQ(refused.status, 502);
  EXPECT_NE(refused.body.find("Bad Request - Invalid PhoneNumber"), std::string::npos)
      << refused.body;
  EXPECT_EQ(pay(id, token).status, 502);
  const auto rejected = pay(id, token);
  EXPECT_EQ(rejected.status, 502);
  EXPECT_NE(rejected.body.find("Rejected"), std::string::npos);
  EXPECT_EQ(payments(id)->size(), 0u);
  for (const auto& body : {refused.body, rejected.body}) {
    EXPECT_EQ(body.find(kSecret), std::string::npos);
    EXPECT_EQ(body.find(kPasskey), std::string::npos);
  }
}

TEST_P(MpesaTest, ADarajaThatHangsIsA504WithinTheTimeout) {
  std::string token;
  const auto id = orderFor("jeptoo", "10.00", &token);
  daraja_.scriptFor(kPushPath, {json(200, "{}", 10s)});
  const auto start = std::chrono::steady_clock::now();
  const auto response = pay(id, token);
  const auto took = std::chrono::steady_clock::now() - start;
  daraja_.releaseDelays();
  EXPECT_EQ(response.status, 504) << response.body;
  EXPECT_LT(took, 8s);  // timeout_s = 2: connect, write and read each bounded
  EXPECT_EQ(payments(id)->size(), 0u);
}

TEST_P(MpesaTest, ADarajaAnswering100MegabytesOrGarbageIsA502AndTheNextPushGoes) {
  std::string token;
  const auto id = orderFor("korir", "10.00", &token);
  const std::size_t before = server_->residentKib();
  daraja_.scriptFor(kPushPath,
                    {GatewayReply::huge(100), GatewayReply::garbage("\x16\x03 junk"),
                     GatewayReply::garbage("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"a\":")});
  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto response = pay(id, token);
    EXPECT_EQ(response.status, 502) << attempt << ": " << response.body;
    EXPECT_EQ(response.body.find("xxxx"), std::string::npos);  // nothing of the answer echoed
  }
  EXPECT_EQ(payments(id)->size(), 0u);
  EXPECT_LT(server_->residentKib(), before + 16 * 1024) << "KiB before: " << before;
  // Daraja answers again: the push goes.
  EXPECT_EQ(pay(id, token).status, 202);
}

TEST_P(MpesaTest, CallbacksWithAWrongTokenAre404AndChangeNothing) {
  std::string token;
  const auto id = orderFor("owino", "10.00", &token);
  const auto payment = pushed(id, token);
  const std::string body =
      callback(payment->getValue<std::string>("checkout_request_id"), 0, "QK66WRONG1", "10");
  for (const std::string wrong : {"callback-token-0123456780", "x", "callback-token-01234567890"}) {
    EXPECT_EQ(sendCallback(body, wrong).status, 404);
    EXPECT_EQ(sendC2b("validation", c2b("W", "10", std::to_string(id)), wrong).status, 404);
    EXPECT_EQ(sendC2b("confirmation", c2b("QK66WRONG2", "10", std::to_string(id)), wrong).status,
              404);
  }
  EXPECT_EQ(order(id)->getValue<std::string>("payment_status"), "unpaid");
  // A body that is no callback is a 400; an unknown CheckoutRequestID is accepted and ignored.
  EXPECT_EQ(sendCallback(R"({"Body":{}})").status, 400);
  EXPECT_EQ(sendCallback("not json").status, 400);
  EXPECT_EQ(sendCallback(callback("ws_CO_unknown", 0, "QK66WRONG3", "10")).status, 200);
  EXPECT_EQ(sendC2b("confirmation", R"({"TransID":"","TransAmount":"x"})").status, 400);
}

TEST_P(MpesaTest, PaymentsFollowTheAccessRulesOfOrders) {
  std::string mine, theirs;
  const auto myOrder = orderFor("akinyi", "10.00", &mine);
  const auto theirOrder = orderFor("barasa", "10.00", &theirs);
  const auto payment = pushed(myOrder, mine);
  pushed(theirOrder, theirs);
  // Another customer's order: 404, as if it did not exist.
  EXPECT_EQ(pay(myOrder, theirs).status, 404);
  EXPECT_EQ(pay(987654, mine).status, 404);
  EXPECT_EQ(client_->post("/api/orders/1/pay/mpesa/", "{}", {}).status, 401);
  // Bad input.
  const auto bad = pay(myOrder, mine, R"({"phone_number":"0202345678"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(bad.json()->getObject("errors")->has("phone_number"));
  EXPECT_EQ(pay(myOrder, mine, R"({"phone_number":12})").status, 400);  // not text
  EXPECT_EQ(pay(myOrder, mine, "[1]").status, 400);
  // Listings: own for customers, all (filtered) for staff.
  EXPECT_EQ(client_->get("/api/payments/", bearer(mine)).json()->getValue<int>("count"), 1);
  EXPECT_EQ(client_->get("/api/payments/", asStaff()).json()->getValue<int>("count"), 2);
  EXPECT_EQ(
      client_->get("/api/payments/?status=succeeded", asStaff()).json()->getValue<int>("count"), 0);
  EXPECT_EQ(client_->get("/api/payments/?status=lost", asStaff()).status, 400);
  const std::string path =
      "/api/payments/" + std::to_string(payment->getValue<Poco::Int64>("id")) + "/";
  EXPECT_EQ(client_->get(path, bearer(mine)).status, 200);
  EXPECT_EQ(client_->get(path, bearer(theirs)).status, 404);
  EXPECT_EQ(client_->get("/api/payments/", {}).status, 401);
}

TEST_P(MpesaTest, TwentyCallbacksForOneReceiptAtOnceCountOnce) {
  std::string token;
  const auto id = orderFor("mwangi", "70.00", &token);
  const auto payment = pushed(id, token);
  const std::string body =
      callback(payment->getValue<std::string>("checkout_request_id"), 0, "QK77RACE01", "70");
  const std::string c2bBody = c2b("QK77RACE01", "70.00", std::to_string(id));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(server_->port());
      const auto response =
          i % 4 == 3
              ? client.post("/api/payments/c2b/" + std::string(kToken) + "/confirmation/", c2bBody,
                            {})
              : client.post("/api/payments/stk/callback/" + std::string(kToken) + "/", body, {});
      if (response.status == 200)
        ++ok;
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(ok.load(), 20);
  const auto after = order(id);
  EXPECT_EQ(after->getValue<std::string>("paid_total"), "70.00");
  EXPECT_EQ(after->getValue<std::string>("payment_status"), "paid");
  EXPECT_EQ(auditCount("order.paid", id, "order"), 1);
  int succeeded = 0;
  const auto all = payments(id);
  for (unsigned i = 0; i < all->size(); ++i)
    succeeded += all->getObject(i)->getValue<std::string>("status") == "succeeded" ? 1 : 0;
  EXPECT_EQ(succeeded, 1);
}

TEST_P(MpesaTest, NoSecretReachesTheLog) {
  std::string token;
  const auto id = orderFor("nyambura", "10.00", &token);
  daraja_.scriptFor(kPushPath, {json(500, R"({"errorMessage":"boom"})")});
  EXPECT_EQ(pay(id, token).status, 502);
  ASSERT_EQ(pay(id, token).status, 202);
  server_->stop();
  const std::string log = server_->output();
  for (const std::string& secret :
       {std::string(kSecret), std::string(kPasskey), std::string(kToken), std::string("tok-1"),
        base64(std::string("consumer-key:") + kSecret)})
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
}

TEST_P(MpesaTest, ACallbackAmountOtherThanTheOneAskedNeverCounts) {
  // The review's attack: a callback naming Amount=99999999 for a 100.50 order made its
  // paid_total 99,999,999.00. The push asked for 101 shillings: that is what counts.
  std::string token;
  const auto id = orderFor("kiprono", "100.50", &token);
  const auto payment = pushed(id, token);
  ASSERT_EQ(sendCallback(callback(payment->getValue<std::string>("checkout_request_id"), 0,
                                  "QK11HIGH01", "99999999"))
                .status,
            200);
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "101.00");
  const auto paid = this->payment(payment->getValue<Poco::Int64>("id"));
  EXPECT_EQ(paid->getValue<std::string>("status"), "succeeded");
  EXPECT_EQ(paid->getValue<std::string>("amount"), "101.00");
  EXPECT_NE(paid->getValue<std::string>("reconciliation").find("99999999.00"), std::string::npos);
  EXPECT_TRUE(server_->waitForOutput("M-Pesa reported 99999999.00 for a push of 101.00"));
  // Less than asked counts as reported, flagged too.
  const auto low = orderFor("kiprono2", "100.00", &token);
  const auto lowPayment = pushed(low, token);
  ASSERT_EQ(sendCallback(callback(lowPayment->getValue<std::string>("checkout_request_id"), 0,
                                  "QK11LOW001", "1"))
                .status,
            200);
  EXPECT_EQ(order(low)->getValue<std::string>("paid_total"), "1.00");
  EXPECT_FALSE(this->payment(lowPayment->getValue<Poco::Int64>("id"))->isNull("reconciliation"));
}

TEST_P(MpesaTest, TwentyPushesForOneOrderAtOnceMakeOnePush) {
  // The review's attack: 20 concurrent pushes answered 20 x 202, and 20 success callbacks
  // took a 100.50 order's paid_total to 2,020.00.
  std::string token;
  const auto id = orderFor("chebet", "100.50", &token);
  std::atomic<int> accepted{0}, refused{0};
  std::vector<std::thread> payers;
  for (int i = 0; i < 20; ++i) {
    payers.emplace_back([&] {
      HttpClient client(server_->port());
      const int status =
          client.post("/api/orders/" + std::to_string(id) + "/pay/mpesa/", "{}", bearer(token))
              .status;
      accepted += status == 202;
      // 409: a push waits already; 503: [mpesa] concurrency pushes are at Daraja already.
      refused += status == 409 || status == 503;
    });
  }
  for (auto& payer : payers)
    payer.join();
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(refused, 19);
  EXPECT_EQ(daraja_.requestsTo(kPushPath).size(), 1u);
  const auto payment = payments(id)->getObject(0);
  for (int i = 0; i < 20; ++i)
    sendCallback(callback(payment->getValue<std::string>("checkout_request_id"), 0,
                          "QK22ONE" + std::to_string(i), "101"));
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "101.00");
}

TEST_P(MpesaTest, AnIdempotencyKeyBelongsToItsRoute) {
  // The review's attack: the same key and body to pay order A, then order B, answered A's
  // 202 for B, and B was never pushed.
  std::string token;
  const auto a = orderFor("akinyi", "20.00", &token);
  std::string tokenB;
  const auto b = orderFor("akinyi2", "30.00", &tokenB);
  auto headers = bearer(token);
  headers["Idempotency-Key"] = "same-key";
  EXPECT_EQ(client_->post("/api/orders/" + std::to_string(a) + "/pay/mpesa/", "{}", headers).status,
            202);
  // Staff pay B with the key A's payer used: another principal, so it is B's own push.
  auto staffHeaders = asStaff();
  staffHeaders["Idempotency-Key"] = "same-key";
  EXPECT_EQ(
      client_->post("/api/orders/" + std::to_string(b) + "/pay/mpesa/", "{}", staffHeaders).status,
      202);
  // The caller's own second order with the first order's key: 422, never A's answer.
  const auto c =
      client_->post("/api/orders/", orderBody({{item("Chai", "5.00", 10), 1}}), bearer(token));
  ASSERT_EQ(c.status, 201);
  const auto reused = client_->post(
      "/api/orders/" + std::to_string(c.json()->getValue<Poco::Int64>("id")) + "/pay/mpesa/", "{}",
      headers);
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(daraja_.requestsTo(kPushPath).size(), 2u);
  (void)tokenB;
}

TEST_P(MpesaTest, ASlowDarajaHoldsAtMostConcurrencyWorkersAndOneTokenFetch) {
  // The review's attack: with Daraja's token endpoint hanging, pushes queued 49 s behind
  // the token lock; with the push endpoint hanging, /health took 7 s.
  daraja_.scriptFor(kTokenPath,
                    {json(200, R"({"access_token":"slow","expires_in":"3599"})", 1500ms)});
  daraja_.setDefaultFor(kPushPath, json(200, "{}", 10s));
  std::vector<std::pair<std::int64_t, std::string>> orders;
  for (int i = 0; i < 6; ++i) {
    std::string token;
    const auto id = orderFor("slow" + std::to_string(i), "10.00", &token);
    orders.emplace_back(id, token);
  }
  std::atomic<int> busy{0}, timedOut{0};
  std::vector<std::thread> payers;
  for (const auto& [id, token] : orders) {
    payers.emplace_back([&, id = id, token = token] {
      HttpClient client(server_->port());
      const auto response =
          client.post("/api/orders/" + std::to_string(id) + "/pay/mpesa/", "{}", bearer(token));
      if (response.status == 503) {
        ++busy;
        EXPECT_EQ(response.headers.at("retry-after"), "5");
      }
      timedOut += response.status == 504;
    });
  }
  std::this_thread::sleep_for(300ms);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client_->get("/health").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  for (auto& payer : payers)
    payer.join();
  daraja_.releaseDelays();
  EXPECT_EQ(busy, 4);                                    // concurrency = 2
  EXPECT_EQ(timedOut, 2);                                // timeout_s = 2
  EXPECT_EQ(daraja_.requestsTo(kTokenPath).size(), 1u);  // shared by the waiting pushes
  // The refused and timed-out pushes left nothing behind: each order may be asked again.
  daraja_.setDefaultFor(kPushPath,
                        json(200, R"({"MerchantRequestID":"m-{n}","CheckoutRequestID":"ws_CO_{n}",)"
                                  R"("ResponseCode":"0"})"));
  EXPECT_EQ(pay(orders[0].first, orders[0].second).status, 202);
}

TEST_P(MpesaTest, C2bForAnotherShortcodeIsRefused) {
  std::string token;
  const auto id = orderFor("otieno", "10.00", &token);
  std::string body = c2b("QK33OTHER1", "10.00", std::to_string(id));
  body.replace(body.find("174379"), 6, "999999");
  EXPECT_NE(sendC2b("validation", body).body.find("C2B00012"), std::string::npos);
  EXPECT_NE(sendC2b("confirmation", body).body.find("C2B00012"), std::string::npos);
  EXPECT_EQ(payments(id)->size(), 0u);
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "0.00");
}

TEST_P(MpesaTest, C2bCountsWhatTheOrderAsksAndKeepsTheRestForReconciliation) {
  std::string token;
  const auto id = orderFor("wekesa", "100.50", &token);
  // Overpaid: 100.50 counts, 99.50 is flagged to refund.
  ASSERT_EQ(sendC2b("confirmation", c2b("QK44OVER01", "200", "ORDER" + std::to_string(id))).status,
            200);
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "100.50");
  const auto paid = payments(id)->getObject(0);
  EXPECT_EQ(paid->getValue<std::string>("amount"), "100.50");
  EXPECT_NE(paid->getValue<std::string>("reconciliation").find("refund 99.50"), std::string::npos);
  // Paid already, cancelled, or no order at all: kept unmatched, never counted.
  ASSERT_EQ(sendC2b("confirmation", c2b("QK44PAID01", "5", std::to_string(id))).status, 200);
  const auto cancelled = orderFor("wekesa2", "10.00", &token);
  ASSERT_EQ(
      client_->post("/api/orders/" + std::to_string(cancelled) + "/cancel/", "", asStaff()).status,
      200);
  ASSERT_EQ(sendC2b("confirmation", c2b("QK44CANC01", "10", std::to_string(cancelled))).status,
            200);
  ASSERT_EQ(sendC2b("confirmation", c2b("QK44NONE01", "7", "NOSUCH")).status, 200);
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "100.50");
  EXPECT_EQ(order(cancelled)->getValue<std::string>("paid_total"), "0.00");
  EXPECT_EQ(order(cancelled)->getValue<std::string>("payment_status"), "unpaid");
  const auto all = client_->get("/api/payments/", asStaff()).json()->getArray("results");
  int unmatched = 0;
  for (unsigned i = 0; i < all->size(); ++i) {
    const auto one = all->getObject(i);
    if (!one->isNull("order_id"))
      continue;
    ++unmatched;
    EXPECT_EQ(one->getValue<std::string>("status"), "succeeded");
    EXPECT_FALSE(one->isNull("reconciliation"));
  }
  EXPECT_EQ(unmatched, 3);
  // A shopper sees none of them.
  EXPECT_EQ(client_->get("/api/payments/", bearer(token)).json()->getValue<int>("count"), 0);
}

// firstUnmatched lists the payments staff have to match and answers the first one's id.
std::int64_t firstUnmatched(HttpClient& client, const std::map<std::string, std::string>& staff,
                            int* count = nullptr) {
  const auto listed = client.get("/api/payments/?unmatched=true", staff).json();
  if (count)
    *count = listed->getValue<int>("count");
  const auto results = listed->getArray("results");
  return results->size() ? results->getObject(0)->getValue<Poco::Int64>("id") : 0;
}

TEST_P(MpesaTest, AReceiptWithAWrongAccountIsKeptThenMatchedOnceByStaff) {
  std::string token;
  const auto id = orderFor("achieng", "80.00", &token);
  // The customer typed the account wrong: the money is kept, linked to no order.
  ASSERT_EQ(sendC2b("confirmation", c2b("QK88WRONG1", "80.00", "ORDR" + std::to_string(id))).status,
            200);
  int count = 0;
  const std::int64_t receipt = firstUnmatched(*client_, asStaff(), &count);
  ASSERT_EQ(count, 1);
  EXPECT_EQ(payment(receipt)->getValue<std::string>("amount"), "80.00");
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "0.00");

  const std::string path = "/api/payments/" + std::to_string(receipt) + "/match/";
  auto once = asStaff();
  once["Idempotency-Key"] = "match-receipt-1";
  const auto matched = client_->post(path, R"({"order_id":)" + std::to_string(id) + "}", once);
  ASSERT_EQ(matched.status, 200) << matched.body;
  // The same request again (a retry after a lost answer) is answered the same.
  const auto retried = client_->post(path, R"({"order_id":)" + std::to_string(id) + "}", once);
  EXPECT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.body, matched.body);
  const auto answer = matched.json();
  EXPECT_EQ(answer->getValue<Poco::Int64>("order_id"), id);
  EXPECT_EQ(answer->getValue<std::string>("status"), "succeeded");
  EXPECT_EQ(answer->getValue<std::string>("amount"), "80.00");
  EXPECT_TRUE(answer->isNull("reconciliation"));
  const auto paid = order(id);
  EXPECT_EQ(paid->getValue<std::string>("paid_total"), "80.00");
  EXPECT_EQ(paid->getValue<std::string>("payment_status"), "paid");
  EXPECT_EQ(auditCount("payment.matched", receipt, "payment"), 1);
  EXPECT_EQ(auditCount("payment.succeeded", receipt, "payment"), 1);
  EXPECT_EQ(auditCount("order.paid", id, "order"), 1);
  // The customer now sees it as their order's payment; nothing is left to match.
  EXPECT_EQ(client_->get("/api/payments/", bearer(token)).json()->getValue<int>("count"), 1);
  EXPECT_EQ(firstUnmatched(*client_, asStaff(), &count), 0);
  EXPECT_EQ(count, 0);

  // A second match, to this order or another, is 409 and counts nothing again.
  const auto other = orderFor("achieng2", "80.00");
  for (const auto target : {id, other}) {
    const auto again =
        client_->post(path, R"({"order_id":)" + std::to_string(target) + "}", asStaff());
    EXPECT_EQ(again.status, 409) << again.body;
    EXPECT_NE(again.body.find("linked to order " + std::to_string(id)), std::string::npos);
  }
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "80.00");
  EXPECT_EQ(order(other)->getValue<std::string>("paid_total"), "0.00");
  EXPECT_EQ(auditCount("payment.matched", receipt, "payment"), 1);
}

TEST_P(MpesaTest, MatchingRefusesCancelledPaidAndUnknownOrdersAndCountsOnlyWhatIsUnpaid) {
  std::string token;
  const auto cancelled = orderFor("otieno", "30.00", &token);
  ASSERT_EQ(
      client_->post("/api/orders/" + std::to_string(cancelled) + "/cancel/", "", asStaff()).status,
      200);
  ASSERT_EQ(sendC2b("confirmation", c2b("QK88MISS01", "50.00", "NOSUCH")).status, 200);
  const std::int64_t receipt = firstUnmatched(*client_, asStaff());
  ASSERT_NE(receipt, 0);
  const std::string path = "/api/payments/" + std::to_string(receipt) + "/match/";
  const auto toOrder = [&](std::int64_t order) {
    return client_->post(path, R"({"order_id":)" + std::to_string(order) + "}", asStaff());
  };
  const auto refused = toOrder(cancelled);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("cancelled"), std::string::npos);
  // A paid order takes no more money.
  const auto settled = orderFor("otieno2", "10.00");
  ASSERT_EQ(sendC2b("confirmation", c2b("QK88PAID01", "10.00", std::to_string(settled))).status,
            200);
  const auto paidAlready = toOrder(settled);
  EXPECT_EQ(paidAlready.status, 409);
  EXPECT_NE(paidAlready.body.find("paid already"), std::string::npos);
  // Unknown order, no order, bad types, not staff, unknown payment.
  const auto unknown = toOrder(999999);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.json()->getObject("errors")->getArray("order_id"), nullptr);
  EXPECT_EQ(client_->post(path, "{}", asStaff()).status, 422);
  EXPECT_EQ(client_->post(path, R"({"order_id":"x"})", asStaff()).status, 400);
  EXPECT_EQ(client_->post(path, "[", asStaff()).status, 400);
  EXPECT_EQ(
      client_->post(path, R"({"order_id":)" + std::to_string(settled) + "}", bearer(token)).status,
      403);
  EXPECT_EQ(client_->post("/api/payments/999999/match/", R"({"order_id":1})", asStaff()).status,
            404);
  // A push's payment has its order: it is no receipt to match.
  const auto open = orderFor("otieno3", "20.00", &token);
  const auto push = pushed(open, token);
  EXPECT_EQ(
      client_
          ->post("/api/payments/" + std::to_string(push->getValue<Poco::Int64>("id")) + "/match/",
                 R"({"order_id":)" + std::to_string(open) + "}", asStaff())
          .status,
      409);
  // Nothing changed; then the 50.00 goes to an order of 20.00 with its push still waiting:
  // 20.00 counts, 30.00 is to refund.
  EXPECT_EQ(payment(receipt)->isNull("order_id"), true);
  const auto matched = toOrder(open);
  ASSERT_EQ(matched.status, 200) << matched.body;
  EXPECT_EQ(matched.json()->getValue<std::string>("amount"), "20.00");
  EXPECT_NE(matched.json()->getValue<std::string>("reconciliation").find("refund 30.00"),
            std::string::npos);
  EXPECT_EQ(order(open)->getValue<std::string>("paid_total"), "20.00");
  EXPECT_EQ(order(cancelled)->getValue<std::string>("paid_total"), "0.00");
}

TEST_P(MpesaTest, TwentyMatchesOfOneReceiptAtOnceCountOnce) {
  std::vector<std::int64_t> orders;
  for (int i = 0; i < 4; ++i)
    orders.push_back(orderFor("kamau" + std::to_string(i), "60.00"));
  ASSERT_EQ(sendC2b("confirmation", c2b("QK88RACE01", "60.00", "WRONG")).status, 200);
  const std::int64_t receipt = firstUnmatched(*client_, asStaff());
  const std::string path = "/api/payments/" + std::to_string(receipt) + "/match/";
  std::atomic<int> ok{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(server_->port());
      const auto response = client.post(
          path, R"({"order_id":)" + std::to_string(orders[i % orders.size()]) + "}", asStaff());
      if (response.status == 200)
        ++ok;
      else if (response.status == 409)
        ++conflicts;
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflicts.load(), 19);
  int paid = 0;
  for (const auto id : orders)
    paid += order(id)->getValue<std::string>("paid_total") == "60.00" ? 1 : 0;
  EXPECT_EQ(paid, 1);
  EXPECT_EQ(auditCount("payment.matched", receipt, "payment"), 1);
}

TEST_P(MpesaTest, AGivenUpStatusQueryFailsThePushSoTheOrderCanBeAskedAgain) {
  // Daraja refuses the status query for good: the push ends failed and flagged.
  daraja_.setDefaultFor(kQueryPath, json(400, R"({"errorMessage":"Invalid CheckoutRequestID"})"));
  std::string token;
  const auto id = orderFor("nekesa", "10.00", &token);
  const auto payment = pushed(id, token);
  ASSERT_TRUE(waitFor([&] {
    return this->payment(payment->getValue<Poco::Int64>("id"))->getValue<std::string>("status") ==
           "failed";
  }));
  EXPECT_FALSE(this->payment(payment->getValue<Poco::Int64>("id"))->isNull("reconciliation"));
  EXPECT_EQ(pay(id, token).status, 202);
}

DUKA_SERVER_BACKENDS(MpesaTest);

// MpesaUsdTest: M-Pesa moves shillings; a shop in another currency cannot enable it.
TEST(MpesaCurrency, MpesaRefusesToStartUnlessTheCurrencyIsKes) {
  TempDir dir;
  const std::string ini =
      serverIni("[database]\nbackend = sqlite\npath = " + dir.path() + "/duka.db\n",
                testPluginDir(), "auth, customers, inventory, orders, audit, mpesa",
                "[auth]\ntoken_secret = "
                "test-secret-of-at-least-thirty-two-bytes\n[orders]\ncurrency = USD\n");
  const std::string config = dir.write("duka.ini", ini);
  const RunResult check = runDuka({"--config=" + config, "--check"});
  EXPECT_NE(check.exitCode, 0);
  EXPECT_NE(check.output.find("mpesa takes Kenyan shillings only"), std::string::npos)
      << check.output;
}

// MpesaLogTest: with the access log on, in text and in JSON, no secret setting's value (nor
// a bearer token) appears in any line, whatever route is called, however.
class MpesaLogTest : public MpesaTest {
 protected:
  std::string moreIni() const override {
    return MpesaTest::moreIni() + "[log]\naccess_log = true\nformat = " + format() + "\n";
  }
  virtual std::string format() const { return "text"; }
  void expectNoSecretWhateverRouteIsCalled();
};

class MpesaJsonLogTest : public MpesaLogTest {
 protected:
  std::string format() const override { return "json"; }
};

TEST_P(MpesaLogTest, NoSecretReachesAnyLogLineWhateverRouteIsCalled) {
  expectNoSecretWhateverRouteIsCalled();
}

TEST_P(MpesaJsonLogTest, NoSecretReachesAnyLogLineWhateverRouteIsCalled) {
  expectNoSecretWhateverRouteIsCalled();
}

INSTANTIATE_TEST_SUITE_P(Sqlite, MpesaLogTest, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });
INSTANTIATE_TEST_SUITE_P(Sqlite, MpesaJsonLogTest, ::testing::Values(Backend::Sqlite),
                         [](const auto& info) { return backendLabel(info.param); });

void MpesaLogTest::expectNoSecretWhateverRouteIsCalled() {
  // Every route of the OpenAPI document, with every method it has and some it has not,
  // with and without its trailing slash, its path parameters filled in ({token}: the real
  // callback token).
  std::string token;
  const auto id = orderFor("muthoni", "10.00", &token);
  ASSERT_EQ(pay(id, token).status, 202);
  const auto paths = client_->get("/api/openapi.json").json()->getObject("paths");
  int calls = 0;
  for (const auto& [path, operations] : *paths) {
    std::string concrete = path;
    for (std::size_t open; (open = concrete.find('{')) != std::string::npos;) {
      const std::size_t close = concrete.find('}', open);
      const std::string name = concrete.substr(open + 1, close - open - 1);
      concrete.replace(open, close - open + 1, name == "token" ? kToken : "1");
    }
    for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
      for (const char* suffix : {"", "/"}) {
        Poco::Net::HTTPClientSession session("127.0.0.1",
                                             static_cast<Poco::UInt16>(server_->port()));
        Poco::Net::HTTPRequest request(method, concrete + suffix, "HTTP/1.1");
        request.set("Authorization", "Bearer " + staff_);
        request.setContentType("application/json");
        request.setContentLength(2);
        session.sendRequest(request) << "{}";
        Poco::Net::HTTPResponse response;
        session.receiveResponse(response).ignore(1 << 20);
        ++calls;
      }
    }
    (void)operations;
  }
  EXPECT_GT(calls, 100);
  server_->stop();
  const std::string log = server_->output();
  EXPECT_NE(log.find("/api/payments/stk/callback/{token}/"), std::string::npos) << log;
  for (const std::string& secret :
       {std::string(kSecret), std::string(kPasskey), std::string(kToken), std::string("tok-1"),
        base64(std::string("consumer-key:") + kSecret),
        std::string("test-secret-of-at-least-thirty-two-bytes"), staff_, token})
    EXPECT_EQ(log.find(secret), std::string::npos) << secret;
}

// MpesaConfirmTest: with confirm_callbacks (the default), a successful callback counts only
// once Daraja's status query agrees.
class MpesaConfirmTest : public MpesaTest {
 protected:
  bool confirm() const override { return true; }
};

TEST_P(MpesaConfirmTest, ASuccessCountsOnlyWhenTheStatusQueryAgrees) {
  std::string token;
  const auto id = orderFor("wafula", "40.00", &token);
  daraja_.scriptFor(kQueryPath, {queryAnswer("0", "The service request is processed successfully."),
                                 queryAnswer("1032", "Request cancelled by user")});
  const auto agreed = pushed(id, token);
  ASSERT_EQ(sendCallback(callback(agreed->getValue<std::string>("checkout_request_id"), 0,
                                  "QK88CONF01", "40"))
                .status,
            200);
  ASSERT_TRUE(waitFor([&] {
    return payment(agreed->getValue<Poco::Int64>("id"))->getValue<std::string>("status") ==
           "succeeded";
  }));
  EXPECT_EQ(payment(agreed->getValue<Poco::Int64>("id"))->getValue<std::string>("receipt"),
            "QK88CONF01");
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "40.00");
  // The order is paid: a second order's push whose callback says success, but the query
  // does not, fails.
  const auto other = orderFor("wafula2", "40.00", &token);
  const auto disputed = pushed(other, token);
  ASSERT_EQ(sendCallback(callback(disputed->getValue<std::string>("checkout_request_id"), 0,
                                  "QK88CONF02", "40"))
                .status,
            200);
  ASSERT_TRUE(waitFor([&] {
    return payment(disputed->getValue<Poco::Int64>("id"))->getValue<std::string>("status") ==
           "failed";
  }));
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "40.00");
  EXPECT_EQ(order(other)->getValue<std::string>("paid_total"), "0.00");
}

TEST_P(MpesaConfirmTest, TheCallbacksAmountNeverCountsBeyondWhatWasAskedEvenWhenConfirmed) {
  std::string token;
  const auto id = orderFor("korir", "100.50", &token);
  daraja_.scriptFor(kQueryPath,
                    {queryAnswer("0", "The service request is processed successfully.")});
  const auto payment = pushed(id, token);
  ASSERT_EQ(sendCallback(callback(payment->getValue<std::string>("checkout_request_id"), 0,
                                  "QK55CONF01", "100000000000"))
                .status,
            200);
  ASSERT_TRUE(waitFor([&] {
    return this->payment(payment->getValue<Poco::Int64>("id"))->getValue<std::string>("status") ==
           "succeeded";
  }));
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "101.00");
}

TEST_P(MpesaConfirmTest, ALateSuccessAfterAFailureIsFlaggedAndLoggedAsAnError) {
  std::string token;
  const auto id = orderFor("jelimo", "10.00", &token);
  daraja_.scriptFor(kQueryPath, {queryAnswer("1032", "Request cancelled by user")});
  const auto payment = pushed(id, token);
  const auto paymentId = payment->getValue<Poco::Int64>("id");
  ASSERT_TRUE(waitFor(
      [&] { return this->payment(paymentId)->getValue<std::string>("status") == "failed"; }));
  ASSERT_EQ(sendCallback(callback(payment->getValue<std::string>("checkout_request_id"), 0,
                                  "QK66LATE01", "10"))
                .status,
            200);
  EXPECT_TRUE(server_->waitForOutput("QK66LATE01"));
  EXPECT_NE(server_->output().find("came after the payment failed"), std::string::npos);
  const auto after = this->payment(paymentId);
  EXPECT_EQ(after->getValue<std::string>("status"), "failed");
  EXPECT_NE(after->getValue<std::string>("reconciliation").find("QK66LATE01"), std::string::npos);
  EXPECT_EQ(order(id)->getValue<std::string>("paid_total"), "0.00");
}

DUKA_SERVER_BACKENDS(MpesaConfirmTest);

// MpesaExpiryTest: payments racing the expiry of the orders they pay. An order paid before
// the expiry decides it is never cancelled; a payment after it never revives it: it is kept
// unmatched, for staff to refund.
class MpesaExpiryTest : public MpesaTest {
 protected:
  std::string moreIni() const override {
    return MpesaTest::moreIni() + "[orders]\nexpire_pending_after_min = 30\n";
  }
  // ageAllOrders moves every order's creation back years, as if they had waited that long.
  void ageAllOrders() {
    host::EventDispatcher events;
    auto sql = host::SqlDatabase::open(db_->config(), events, std::chrono::seconds(10));
    sql->write(EventContext::system("test"), [&](Transaction& tx) {
      tx.run("UPDATE orders_orders SET created_at = '2000-01-01T00:00:00Z'");
    });
    sql->close();
  }
  std::string enabled() const {
    return "auth, customers, inventory, orders, audit, event_recorder" + morePlugins();
  }
  std::string ini() const {
    return "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n" + moreIni();
  }
};

TEST_P(MpesaExpiryTest, APaymentRacingTheExpiryEitherKeepsTheOrderOrComesAfterTheCancel) {
  // Enough orders that the pass takes a while; it cancels the oldest first, the payers pay
  // the newest first, and they meet in between.
  constexpr int kOrders = 300;
  const auto goods = item("Unga 2kg", "10.00", 1000);
  const std::string token = shopper("racer");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < kOrders; ++i) {
    const auto response = client_->post("/api/orders/", orderBody({{goods, 1}}), bearer(token));
    ASSERT_EQ(response.status, 201);
    ids.push_back(response.json()->getValue<Poco::Int64>("id"));
  }
  {
    host::EventDispatcher events;
    auto sql = host::SqlDatabase::open(db_->config(), events, std::chrono::seconds(10));
    sql->write(EventContext::system("test"), [&](Transaction& tx) {
      tx.run("UPDATE orders_orders SET created_at = '2000-01-01T00:00:00Z'");
    });
    sql->close();
  }
  server_->stop();
  // The expiry's first pass starts with the server; the payments arrive as it runs.
  startWith(testPluginDir(),
            "auth, customers, inventory, orders, audit, event_recorder" + morePlugins(),
            "[auth]\ntoken_secret = test-secret-of-at-least-thirty-two-bytes\n" + moreIni());
  std::vector<std::thread> payers;
  for (int t = 0; t < 4; ++t) {
    payers.emplace_back([&, t] {
      HttpClient client(server_->port());
      for (int i = kOrders - 1 - t; i >= 0; i -= 4)
        client.post("/api/payments/c2b/" + std::string(kToken) + "/confirmation/",
                    c2b("QK99RACE" + std::to_string(i), "10.00", std::to_string(ids[i])), {});
    });
  }
  for (auto& payer : payers)
    payer.join();
  staff_ = login(*client_, "boss").access;
  ASSERT_TRUE(waitFor([&] {
    return client_->get("/api/orders/?status=pending", asStaff()).json()->getValue<int>("count") ==
           client_->get("/api/orders/?status=pending&payment_status=paid", asStaff())
               .json()
               ->getValue<int>("count");
  }));
  int kept = 0, cancelled = 0;
  for (const auto id : ids) {
    const auto now = order(id);
    const auto cancels =
        client_
            ->get("/api/audit/?entity=order&action=order.cancelled&entity_id=" + std::to_string(id),
                  asStaff())
            .json()
            ->getArray("results");
    if (now->getValue<std::string>("status") == "pending") {
      ++kept;
      EXPECT_EQ(now->getValue<std::string>("paid_total"), "10.00") << id;  // counted once
      EXPECT_EQ(now->getValue<std::string>("payment_status"), "paid");
      EXPECT_EQ(cancels->size(), 0u);
      continue;
    }
    ++cancelled;
    EXPECT_EQ(now->getValue<std::string>("status"), "cancelled");
    ASSERT_EQ(cancels->size(), 1u);
    // The cancel decided under the order's lock, before any payment had reached it: the
    // order it cancelled was unpaid. The payment came after: kept unmatched, to refund.
    EXPECT_EQ(now->getValue<std::string>("paid_total"), "0.00") << id;
    const auto data = cancels->getObject(0)->getObject("data");
    EXPECT_EQ(data->getValue<std::string>("reason"), "expired");
    EXPECT_EQ(data->getValue<std::string>("paid_total"), "0.00");
    EXPECT_EQ(data->getValue<std::string>("payment_status"), "unpaid");
  }
  EXPECT_EQ(kept + cancelled, kOrders);
  int unmatched = 0;
  for (int offset = 0;; offset += 200) {
    const auto page =
        client_->get("/api/payments/?limit=200&offset=" + std::to_string(offset), asStaff())
            .json()
            ->getArray("results");
    for (unsigned i = 0; i < page->size(); ++i) {
      const auto paid = page->getObject(i);
      if (paid->isNull("order_id")) {
        ++unmatched;
        EXPECT_NE(paid->getValue<std::string>("reconciliation").find("is cancelled; refund"),
                  std::string::npos);
      }
    }
    if (page->size() < 200)
      break;
  }
  EXPECT_EQ(unmatched, cancelled);
  RecordProperty("kept", kept);
  RecordProperty("cancelled", cancelled);
  // Each expired order's customer is told, like any cancellation.
  const auto toldOfCancels = [&] {
    int told = 0;
    for (int offset = 0;; offset += 200) {
      const auto page =
          client_->get("/api/notifications/?limit=200&offset=" + std::to_string(offset), asStaff())
              .json()
              ->getArray("results");
      for (unsigned i = 0; i < page->size(); ++i)
        told += page->getObject(i)->getValue<std::string>("event") == "order.cancelled" ? 1 : 0;
      if (page->size() < 200)
        return told;
    }
  };
  EXPECT_EQ(toldOfCancels(), cancelled);
}

TEST_P(MpesaExpiryTest, AnOrderWhosePushWaitsForTheCustomerDoesNotExpire) {
  const auto goods = item("Maziwa", "10.00", 100);
  const std::string token = shopper("waiting");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 2; ++i) {
    const auto response = client_->post("/api/orders/", orderBody({{goods, 1}}), bearer(token));
    ASSERT_EQ(response.status, 201);
    ids.push_back(response.json()->getValue<Poco::Int64>("id"));
  }
  ASSERT_EQ(pay(ids[0], token).status, 202);
  ageAllOrders();
  server_->stop();
  startWith(testPluginDir(), enabled(), ini());  // the expiry's first pass runs at the start
  staff_ = login(*client_, "boss").access;
  ASSERT_TRUE(
      waitFor([&] { return order(ids[1])->getValue<std::string>("status") == "cancelled"; }));
  EXPECT_EQ(order(ids[0])->getValue<std::string>("status"), "pending");
}

DUKA_SERVER_BACKENDS(MpesaExpiryTest);

// Two instances on one PostgreSQL database pass over the same expired orders at once: each
// order is cancelled once, by one of them.
class MpesaSharedExpiryTest : public MpesaExpiryTest {};

TEST_P(MpesaSharedExpiryTest, TwoInstancesExpireEachOrderOnce) {
  constexpr int kOrders = 200;
  const auto goods = item("Sukari", "10.00", 1000);
  const std::string token = shopper("twice");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < kOrders; ++i) {
    const auto response = client_->post("/api/orders/", orderBody({{goods, 1}}), bearer(token));
    ASSERT_EQ(response.status, 201);
    ids.push_back(response.json()->getValue<Poco::Int64>("id"));
  }
  ageAllOrders();
  server_->stop();
  // Both start (and pass) together.
  std::unique_ptr<DukaProcess> second;
  std::thread other([&] {
    second = DukaProcess::start(serverIni(db_->iniSection(), testPluginDir(), enabled(), ini()));
  });
  startWith(testPluginDir(), enabled(), ini());
  other.join();
  staff_ = login(*client_, "boss").access;
  ASSERT_TRUE(waitFor([&] {
    return client_->get("/api/orders/?status=cancelled", asStaff())
               .json()
               ->getValue<int>("count") == kOrders;
  }));
  EXPECT_EQ(client_->get("/api/audit/?action=order.cancelled&limit=1", asStaff())
                .json()
                ->getValue<int>("count"),
            kOrders);
  EXPECT_EQ(stock(goods)->getValue<Poco::Int64>("reserved"), 0);
  EXPECT_EQ(second->stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(Postgresql, MpesaSharedExpiryTest, ::testing::Values(Backend::Postgresql),
                         [](const auto& info) { return backendLabel(info.param); });

}  // namespace
}  // namespace duka::test
