// UssdMenu against a shop held in memory: every screen and move (registration, the main
// menu, items paged, quantity with "Only N left", confirmation once per session, my orders
// and cancel, pay), back and main menu, invalid choices, garbage input; and a property test
// over random item names (Unicode) and inputs: every answer starts with CON or END, is GSM
// 03.38 only and at most 182 characters.
#include "ussd_menu.hpp"

#include <gtest/gtest.h>

#include <duka/http.hpp>
#include <map>
#include <random>
#include <set>

#include "gsm_text.hpp"
#include "plugins/ussd/memory_counter.hpp"

namespace duka::ussd {
namespace {

constexpr const char* kPhone = "+254711000001";

class UssdMenuTest : public ::testing::Test {
 protected:
  UssdMenuTest() {
    settings_.shopName = "Mama Mboga";
    counter_.enrol("Akinyi", kPhone);
    counter_.addItem(1, "Sugar 2kg", 25000, 10);
    counter_.addItem(2, "Maize flour", 18000, 3);
    counter_.addItem(3, "Cooking oil", 35000, 0);  // sold out: never listed
  }
  std::string at(const std::string& text, const std::string& session = "s1",
                 const std::string& phone = kPhone) {
    const std::string answer = UssdMenu(settings_, counter_).answer({session, phone, text});
    EXPECT_LE(characters(answer), kMaxAnswer) << answer;
    EXPECT_TRUE(isGsm(answer)) << answer;
    EXPECT_TRUE(answer.rfind("CON ", 0) == 0 || answer.rfind("END ", 0) == 0) << answer;
    return answer;
  }

  UssdSettings settings_;
  MemoryCounter counter_;
};

TEST_F(UssdMenuTest, TheMainMenuNamesTheShop) {
  EXPECT_EQ(at(""), "CON Mama Mboga\n1 Place an order\n2 My orders\n3 Pay an order");
}

TEST_F(UssdMenuTest, AnOrderInFiveStepsThenPaidByPush) {
  EXPECT_EQ(at("1"), "CON Items, KES:\n1 Maize flour 180.00\n2 Sugar 2kg 250.00\n0 Back");
  EXPECT_EQ(at("1*2"), "CON Sugar 2kg, KES 250.00\nQuantity? (1-20)");
  EXPECT_EQ(at("1*2*3"), "CON 3 x Sugar 2kg\nTotal KES 750.00\n1 Confirm\n2 Cancel");
  EXPECT_EQ(at("1*2*3*1"),
            "CON Order #100 placed, KES 750.00.\n1 Pay now with M-Pesa\n2 Pay later");
  EXPECT_EQ(at("1*2*3*1*1"), "END Check your phone to pay KES 750.00 for order #100.");
  ASSERT_EQ(counter_.pushes_.size(), 1u);
  EXPECT_EQ(counter_.pushes_[0], std::make_pair(std::int64_t{100}, std::string(kPhone)));
  EXPECT_EQ(counter_.orders_.size(), 1u);  // every replay of the confirmation: the same order
}

TEST_F(UssdMenuTest, TheRepeatedFinalStepAnswersTheSameOrder) {
  at("1*2*1*1");
  at("1*2*1*1");
  EXPECT_EQ(counter_.orders_.size(), 1u);
  at("1*2*1*1", "s2");  // another session: another order
  EXPECT_EQ(counter_.orders_.size(), 2u);
}

// Africa's Talking repeats a step whose answer it did not get. The replay counts what the
// session's own order holds as still there, so it reaches the same order when that order took
// the last of an item, or more than is left now.
TEST_F(UssdMenuTest, TheRepeatedFinalStepAnswersTheSameOrderWhenItTookTheLastOfTheStock) {
  const std::string placed = at("1*1*3*1");  // all 3 of the maize flour
  ASSERT_EQ(placed, "CON Order #100 placed, KES 540.00.\n1 Pay now with M-Pesa\n2 Pay later");
  counter_.recentlySoldOut_.insert(2);  // listed while recently sold out
  EXPECT_EQ(at("1*1*3*1"), placed);
  EXPECT_EQ(at("1*1*3*1*2"), "END Order #100 placed. Pay any time: 3 on the menu.");
  EXPECT_EQ(counter_.orders_.size(), 1u);
  // Another session finds it sold out.
  EXPECT_EQ(at("1*1", "s2"),
            "CON Sorry, that item is sold out.\nItems, KES:\n1 Maize flour "
            "sold out\n2 Sugar 2kg 250.00\n0 Back");
}

TEST_F(UssdMenuTest, TheRepeatedFinalStepAnswersTheSameOrderWhenItTookMoreThanIsLeft) {
  const std::string placed = at("1*2*6*1");  // 6 of the 10 sugar: 4 left
  EXPECT_EQ(at("1*2*6*1"), placed);
  EXPECT_EQ(counter_.orders_.size(), 1u);
  EXPECT_EQ(at("1*2*6", "s2"), "CON Only 4 left.\nSugar 2kg, KES 250.00\nQuantity? (1-20)");
  // Once the order is cancelled it holds nothing: the replay counts only what is left.
  counter_.cancel(100, 1);
  counter_.items_.at(1).reserved = 0;
  counter_.items_.at(1).onHand = 2;
  EXPECT_EQ(at("1*2*6"), "CON Only 2 left.\nSugar 2kg, KES 250.00\nQuantity? (1-20)");
}

TEST_F(UssdMenuTest, WithoutMpesaAnOrderEndsThePaymentMenuToo) {
  counter_.payments_ = false;
  EXPECT_EQ(at("1*1*2*1"), "END Order #100 placed, KES 360.00. Thank you!");
  EXPECT_EQ(at("3"), "END Paying by phone is not available here.");
}

TEST_F(UssdMenuTest, MoreThanIsLeftAsksAgainAndAQuantityOutOfRangeIsInvalid) {
  EXPECT_EQ(at("1*1*5"), "CON Only 3 left.\nMaize flour, KES 180.00\nQuantity? (1-20)");
  EXPECT_EQ(at("1*1*21"), "CON Invalid choice.\nMaize flour, KES 180.00\nQuantity? (1-20)");
  EXPECT_EQ(at("1*1*5*3"), "CON 3 x Maize flour\nTotal KES 540.00\n1 Confirm\n2 Cancel");
}

TEST_F(UssdMenuTest, StockRunningOutBetweenScreensEndsPolitely) {
  EXPECT_EQ(at("1*1*3"), "CON 3 x Maize flour\nTotal KES 540.00\n1 Confirm\n2 Cancel");
  // Another buyer took two meanwhile: the replayed quantity 3 is more than is left, so the
  // caller's "1" is read as a new quantity and confirmed afresh; nothing is placed unseen.
  counter_.items_[2].reserved = 2;
  EXPECT_EQ(at("1*1*3*1"), "CON 1 x Maize flour\nTotal KES 180.00\n1 Confirm\n2 Cancel");
  EXPECT_TRUE(counter_.orders_.empty());
  // All of it gone: the session ends.
  counter_.items_[2].reserved = 3;
  counter_.recentlySoldOut_.insert(2);
  // Replayed, the sold-out item's choice stops on the list: the later steps are read there.
  EXPECT_EQ(at("1*1*3"),
            "CON Invalid choice.\nItems, KES:\n1 Maize flour sold out\n2 Sugar "
            "2kg 250.00\n0 Back");
  EXPECT_EQ(at("1*1*3*1"),
            "CON Sorry, that item is sold out.\nItems, KES:\n1 Maize flour "
            "sold out\n2 Sugar 2kg 250.00\n0 Back");
  EXPECT_TRUE(counter_.orders_.empty());
  // The list keeps it, sold out, in its place: "2" still means Sugar, never another item.
  EXPECT_EQ(at("1"), "CON Items, KES:\n1 Maize flour sold out\n2 Sugar 2kg 250.00\n0 Back");
  EXPECT_EQ(at("1*1"),
            "CON Sorry, that item is sold out.\nItems, KES:\n1 Maize flour sold "
            "out\n2 Sugar 2kg 250.00\n0 Back");
  EXPECT_EQ(at("1*2"), "CON Sugar 2kg, KES 250.00\nQuantity? (1-20)");
  EXPECT_TRUE(counter_.orders_.empty());
}

TEST_F(UssdMenuTest, BackAndMainMenuAndInvalidChoices) {
  EXPECT_EQ(at("1*2*0"), at("1"));
  EXPECT_EQ(at("1*2*0*0"), at(""));
  EXPECT_EQ(at("1*2*00"), at(""));
  EXPECT_EQ(at("0"), at(""));
  EXPECT_EQ(at("7"),
            "CON Invalid choice.\nMama Mboga\n1 Place an order\n2 My orders\n3 Pay an order");
  EXPECT_EQ(at("1*9").substr(0, 20), "CON Invalid choice.\n");
  EXPECT_EQ(at("1*2*3*5").substr(0, 20), "CON Invalid choice.\n");
  EXPECT_EQ(at("1*2*3*2"), "END Order not placed. Goodbye.");
}

TEST_F(UssdMenuTest, ItemsArePagedWith98More) {
  for (int i = 0; i < 23; ++i)
    counter_.addItem(10 + i, "Item " + std::string(1, static_cast<char>('A' + i)), 100, 5);
  const std::string first = at("1");
  EXPECT_NE(first.find("\n98 More"), std::string::npos) << first;
  EXPECT_NE(first.find("1 Item A 1.00"), std::string::npos) << first;
  const std::string second = at("1*98");
  EXPECT_NE(second.find("1 Item F 1.00"), std::string::npos) << second;
  EXPECT_EQ(at("1*98*2"), "CON Item G, KES 1.00\nQuantity? (1-20)");
  std::string last = at("1*98*98*98*98");
  EXPECT_NE(last.find("Sugar 2kg"), std::string::npos) << last;
  EXPECT_EQ(last.find("98 More"), std::string::npos) << last;
  EXPECT_EQ(at("1*98*98*98*98*98").substr(0, 20), "CON Invalid choice.\n");
  EXPECT_EQ(at("1*98*0"), first);
}

TEST_F(UssdMenuTest, MyOrdersShowsAnOrderAndCancelsItWhilePending) {
  at("1*1*1*1", "a");
  at("1*2*2*1", "b");
  EXPECT_EQ(at("2"),
            "CON My orders:\n1 #101 pending KES 500.00 unpaid\n2 #100 pending KES "
            "180.00 unpaid\n0 Back");
  EXPECT_EQ(at("2*2"), "CON #100 pending, 1 item\nKES 180.00 unpaid\n1 Cancel\n0 Back");
  EXPECT_EQ(at("2*2*1"), "END Order #100 cancelled.");
  EXPECT_EQ(at("2*2"), "CON #100 cancelled, 1 item\nKES 180.00 unpaid\n0 Back");
  EXPECT_EQ(at("2*2*1").substr(0, 20), "CON Invalid choice.\n");
  EXPECT_EQ(at("3"), "CON Pay which order?\n1 #101 pending KES 500.00 unpaid\n0 Back");
  EXPECT_EQ(at("3*1"), "END Check your phone to pay KES 500.00 for order #101.");
}

TEST_F(UssdMenuTest, AnUnknownNumberRegistersWithItsNameThenOrders) {
  const std::string stranger = "+254722000002";
  EXPECT_EQ(at("", "r", stranger), "CON Welcome to Mama Mboga.\nEnter your name to register:");
  EXPECT_EQ(at("7", "r", stranger), "CON Please enter your name (2 to 40 characters):");
  EXPECT_FALSE(counter_.customer(stranger));
  EXPECT_EQ(at("Wanjiru Kamau", "r", stranger), at(""));
  ASSERT_TRUE(counter_.customer(stranger));
  EXPECT_EQ(counter_.customer(stranger)->name, "Wanjiru Kamau");
  // The next steps carry the name first: it is skipped, once registered.
  EXPECT_EQ(at("Wanjiru Kamau*1", "r", stranger), at("1"));
  at("Wanjiru Kamau*1*1*1*1", "r", stranger);
  EXPECT_EQ(counter_.orders_.begin()->second.customerId, counter_.customer(stranger)->id);
  settings_.selfRegistration = false;
  EXPECT_EQ(at("", "q", "+254733000003").substr(0, 4), "END ");
}

TEST_F(UssdMenuTest, GarbageInputNeverBreaksTheMenu) {
  for (const std::string& text :
       {std::string(5000, '1'), std::string(200, '*'), std::string("1*-1"), std::string("1*1*-5"),
        std::string("1*1*99999999999999999999"), std::string("abc*def"), std::string("1**2"),
        std::string("\xff\xfe"), std::string("1*1*0003"), std::string("98*98"),
        std::string("00*00*0*0*1*1*1*1*1*1*1")}) {
    const std::string answer = at(text);
    EXPECT_FALSE(answer.empty());
  }
  EXPECT_EQ(at(std::string(500, '1')), "END Too many steps. Please dial again.");
  EXPECT_EQ(at(std::string(100, '*')), "END Too many steps. Please dial again.");
}

// Random shops (names with Unicode, long names, many items) and random inputs: every
// answer is a well-formed USSD answer.
TEST_F(UssdMenuTest, PropertyEveryAnswerIsShortGsmAndConOrEnd) {
  std::mt19937 random(20261206);
  const std::vector<std::string> pieces{"Sugar",   "Ngũgĩ", "☕",    "€",      "[1kg]",
                                        "Ölfarbe", "🍵",     "Łódź", "maziwa", "\xff",
                                        "x",       " ",     "Café", "Ω",      std::string(60, 'L')};
  const std::vector<std::string> inputs{"1",  "2",   "3",  "0", "00",  "98", "5", "20",
                                        "21", "999", "-1", "",  "abc", "1",  "1", "2"};
  for (int shop = 0; shop < 50; ++shop) {
    counter_.items_.clear();
    const int count = static_cast<int>(random() % 30);
    for (int i = 0; i < count; ++i) {
      std::string name;
      for (int p = 0; p < 1 + static_cast<int>(random() % 4); ++p)
        name += pieces[random() % pieces.size()];
      counter_.addItem(i + 1, name + std::to_string(i), 1 + random() % 10'000'000, random() % 5);
    }
    for (int session = 0; session < 40; ++session) {
      std::string text;
      const int steps = static_cast<int>(random() % 8);
      for (int s = 0; s < steps; ++s)
        text += (s ? "*" : "") + inputs[random() % inputs.size()];
      at(text, "p" + std::to_string(shop) + "-" + std::to_string(session));
    }
  }
}

}  // namespace
}  // namespace duka::ussd
