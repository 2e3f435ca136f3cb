// Message templates: placeholders filled from the event, literal braces, and the problems
// that stop the start (unknown fields, unbalanced braces).
#include "message_templates.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

namespace duka::sms {
namespace {

Poco::JSON::Object::Ptr object(const std::string& json) {
  return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

TEST(MessageTemplates, FillsPlaceholdersFromTheObjects) {
  const auto order = object(R"({"id":42,"total":"391.50","currency":"KES","note":null})");
  const auto customer = object(R"({"name":"Wanjiru Kamau"})");
  EXPECT_EQ(renderTemplate("Dear {customer.name}, order #{order.id}: {order.currency} "
                           "{order.total}.{order.note}",
                           {{"order", order}, {"customer", customer}}),
            "Dear Wanjiru Kamau, order #42: KES 391.50.");
}

TEST(MessageTemplates, KeepsUnicodeAndDoubledBraces) {
  const auto item = object(R"({"name":"Chai ☕ Maziwa","available":3})");
  EXPECT_EQ(renderTemplate("{{ {item.name} }} — {item.available} left", {{"item", item}}),
            "{ Chai ☕ Maziwa } — 3 left");
}

TEST(MessageTemplates, AMissingObjectOrFieldRendersEmpty) {
  EXPECT_EQ(renderTemplate("[{order.id}]", {}), "[]");
  EXPECT_EQ(renderTemplate("[{order.id}]", {{"order", object("{}")}}), "[]");
}

TEST(MessageTemplates, EveryDefaultTemplateIsValidForItsEvent) {
  for (const auto& kind : messageKinds())
    EXPECT_TRUE(templateProblems(kind.defaultText, kind).empty()) << kind.templateName;
}

TEST(MessageTemplates, NamesUnknownFieldsAndBrokenBraces) {
  const MessageKind& created = *messageKindOf("order.created");
  const MessageKind& low = *messageKindOf("inventory.low_stock");
  EXPECT_EQ(templateProblems("{item.name}", created),
            std::vector<std::string>{"{item.name} is not a field of this message"});
  EXPECT_EQ(templateProblems("{customer.name}", low),
            std::vector<std::string>{"{customer.name} is not a field of this message"});
  EXPECT_EQ(templateProblems("{order.password}", created).size(), 1u);
  EXPECT_EQ(templateProblems("Dear {customer.name", created).size(), 1u);
  EXPECT_EQ(templateProblems("Dear customer.name}", created).size(), 1u);
  EXPECT_EQ(templateProblems("Dear {name}", created).size(), 1u);
  EXPECT_TRUE(templateProblems("{{literal}} {order.total}", created).empty());
}

TEST(MessageTemplates, KnowsTheSevenEvents) {
  EXPECT_EQ(messageKinds().size(), 7u);
  EXPECT_FALSE(messageKindOf("payment.succeeded")->toStaff);
  EXPECT_STREQ(messageKindOf("payment.succeeded")->templateName, "payment_received");
  EXPECT_FALSE(messageKindOf("order.created")->toStaff);
  EXPECT_TRUE(messageKindOf("inventory.out_of_stock")->toStaff);
  EXPECT_EQ(messageKindOf("order.updated"), nullptr);
}

TEST(MessageTemplates, APaymentMessageNamesThePaymentTheOrderAndTheCustomer) {
  const MessageKind& kind = *messageKindOf("payment.succeeded");
  EXPECT_TRUE(templateProblems(kind.defaultText, kind).empty());
  EXPECT_TRUE(
      templateProblems("{payment.amount} {payment.receipt} {order.total} {customer.name}", kind)
          .empty());
  EXPECT_EQ(templateProblems("{payment.nonsense}", kind),
            std::vector<std::string>{"{payment.nonsense} is not a field of this message"});
  // An order message has no payment.
  EXPECT_FALSE(templateProblems("{payment.amount}", *messageKindOf("order.created")).empty());
}

}  // namespace
}  // namespace duka::sms
