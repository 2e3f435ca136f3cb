// ItemRepository's stock moves answer the item as the database holds it after the move, on
// both backends: every field is compared with a fresh read of the row. The shelf's pages show
// every change to what they show at once, and keep what a move elsewhere left as it was.
#include "item_repository.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "host/db/db_fixture.hpp"

namespace duka::inventory {
namespace {

const EventContext kContext = EventContext::system("test");

class ItemRepositoryMoveTest : public host::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (!db_)
      return;
    items_ = std::make_unique<ItemRepository>(*db_, pages_);
    migrate("inventory");
  }

  std::int64_t addItem(std::int64_t onHand, const std::string& name = "Unga wa ngano 2kg") {
    return db_->transact(kContext, [&](Transaction& tx) {
      Item item;
      item.name = name;
      item.priceMinor = 21050;
      item.onHand = onHand;
      items_->insert(tx, item);
      return item.id;
    });
  }

  // expectAsStored compares a move's answer with the row read afresh.
  void expectAsStored(Transaction& tx, const std::optional<Item>& moved) {
    ASSERT_TRUE(moved);
    const auto stored = items_->find(tx, moved->id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(moved->onHand, stored->onHand);
    EXPECT_EQ(moved->reserved, stored->reserved);
    EXPECT_EQ(moved->name, stored->name);
    EXPECT_EQ(moved->priceMinor, stored->priceMinor);
    EXPECT_EQ(moved->warnLimit, stored->warnLimit);
    EXPECT_EQ(moved->createdAt, stored->createdAt);
    EXPECT_EQ(moved->updatedAt, stored->updatedAt);
  }

  // shelf is the first page of the shelf as the ussd plugin reads it (outside a
  // transaction), all with one `since` so that each read asks for the same page.
  std::vector<Item> shelf() { return items_->inStock(*db_, 0, 10, since_); }

  static const Item* named(const std::vector<Item>& items, const std::string& name) {
    for (const auto& item : items) {
      if (item.name == name)
        return &item;
    }
    return nullptr;
  }

  const std::string since_ = rfc3339(std::chrono::system_clock::now() - std::chrono::minutes(10));
  ItemPages pages_;
  std::unique_ptr<ItemRepository> items_;
};

TEST_P(ItemRepositoryMoveTest, EveryMoveAnswersTheRowAsStored) {
  const std::int64_t id = addItem(10);
  db_->write(kContext, [&](Transaction& tx) {
    ASSERT_EQ(items_->findMany(tx, {id}).size(), 1u);  // read first, as an order does
    auto moved = items_->reserve(tx, id, 3);
    expectAsStored(tx, moved);
    EXPECT_EQ(moved->reserved, 3);
    expectAsStored(tx, moved = items_->take(tx, id, 2));
    EXPECT_EQ(moved->onHand, 8);
    EXPECT_EQ(moved->reserved, 1);
    expectAsStored(tx, moved = items_->release(tx, id, 1));
    EXPECT_EQ(moved->reserved, 0);
    expectAsStored(tx, moved = items_->restore(tx, id, 2));
    EXPECT_EQ(moved->onHand, 10);
    expectAsStored(tx, moved = items_->adjust(tx, id, -4));
    EXPECT_EQ(moved->onHand, 6);
  });
}

TEST_P(ItemRepositoryMoveTest, ARefusedMoveChangesNothingAndTheNextIsRight) {
  const std::int64_t id = addItem(5);
  db_->write(kContext, [&](Transaction& tx) {
    items_->findMany(tx, {id});
    EXPECT_FALSE(items_->reserve(tx, id, 6));
    EXPECT_FALSE(items_->take(tx, id, 1));
    const auto moved = items_->reserve(tx, id, 5);
    expectAsStored(tx, moved);
    EXPECT_EQ(moved->available(), 0);
  });
}

TEST_P(ItemRepositoryMoveTest, AMoveAfterAnEditStartsFromTheEditedRow) {
  const std::int64_t id = addItem(5);
  db_->write(kContext, [&](Transaction& tx) {
    auto item = items_->findMany(tx, {id}).at(0);
    item.onHand = 40;
    item.name = "Unga wa mahindi";
    ASSERT_TRUE(items_->update(tx, item));
    const auto moved = items_->reserve(tx, id, 1);
    expectAsStored(tx, moved);
    EXPECT_EQ(moved->onHand, 40);
    EXPECT_EQ(moved->name, "Unga wa mahindi");
  });
}

TEST_P(ItemRepositoryMoveTest, TheShelfShowsEveryChangeToWhatItShowsAtOnce) {
  const std::int64_t unga = addItem(2, "Unga");
  ASSERT_EQ(shelf().size(), 1u);
  EXPECT_EQ(shelf().at(0).priceMinor, 21050);

  const std::int64_t sukari = addItem(5, "Sukari");
  ASSERT_EQ(shelf().size(), 2u);  // a new item
  db_->write(kContext, [&](Transaction& tx) {
    auto item = items_->findMany(tx, {unga}).at(0);
    item.priceMinor = 19900;
    ASSERT_TRUE(items_->update(tx, item));
  });
  ASSERT_NE(named(shelf(), "Unga"), nullptr);
  EXPECT_EQ(named(shelf(), "Unga")->priceMinor, 19900);  // a new price

  db_->write(kContext, [&](Transaction& tx) { ASSERT_TRUE(items_->reserve(tx, unga, 2)); });
  EXPECT_EQ(named(shelf(), "Unga")->available(), 0);  // sold out by a reservation
  db_->write(kContext, [&](Transaction& tx) { ASSERT_TRUE(items_->release(tx, unga, 1)); });
  EXPECT_EQ(named(shelf(), "Unga")->available(), 1);  // back in stock by a cancellation
  db_->write(kContext, [&](Transaction& tx) { ASSERT_TRUE(items_->adjust(tx, sukari, -5)); });
  EXPECT_EQ(named(shelf(), "Sukari")->available(), 0);  // counted out
  db_->write(kContext, [&](Transaction& tx) { ASSERT_TRUE(items_->restore(tx, sukari, 3)); });
  EXPECT_EQ(named(shelf(), "Sukari")->available(), 3);  // restocked
  db_->write(kContext, [&](Transaction& tx) { ASSERT_TRUE(items_->remove(tx, sukari)); });
  EXPECT_EQ(named(shelf(), "Sukari"), nullptr);  // deleted
}

TEST_P(ItemRepositoryMoveTest, TheShelfKeepsAPageAMoveElsewhereLeftAsItWasForASecond) {
  const std::int64_t id = addItem(100);
  ASSERT_EQ(shelf().at(0).reserved, 0);
  db_->write(kContext, [&](Transaction& tx) { ASSERT_TRUE(items_->reserve(tx, id, 1)); });
  EXPECT_EQ(shelf().at(0).reserved, 0);  // still available: the page served again
  std::this_thread::sleep_for(RecentReads<std::vector<Item>>::kMaxAge +
                              std::chrono::milliseconds(50));
  EXPECT_EQ(shelf().at(0).reserved, 1);
}

TEST_P(ItemRepositoryMoveTest, TheShelfInATransactionShowsWhatItWrote) {
  addItem(1, "Unga");
  ASSERT_EQ(shelf().size(), 1u);
  db_->write(kContext, [&](Transaction& tx) {
    Item item;
    item.name = "Chumvi";
    item.priceMinor = 3000;
    item.onHand = 4;
    items_->insert(tx, item);
    EXPECT_EQ(items_->inStock(tx, 0, 10, "2000-01-01T00:00:00Z").size(), 2u);
  });
}

DUKA_BACKENDS(ItemRepositoryMoveTest);

}  // namespace
}  // namespace duka::inventory
