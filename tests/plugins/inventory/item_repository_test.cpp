// ItemRepository's stock moves answer the item as the database holds it after the move, on
// both backends: every field is compared with a fresh read of the row.
#include "item_repository.hpp"

#include <gtest/gtest.h>

#include <memory>

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
    items_ = std::make_unique<ItemRepository>(*db_, cache_);
    migrate("inventory");
  }

  std::int64_t addItem(std::int64_t onHand) {
    return db_->transact(kContext, [&](Transaction& tx) {
      Item item;
      item.name = "Unga wa ngano 2kg";
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

  ListCache cache_;
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

DUKA_BACKENDS(ItemRepositoryMoveTest);

}  // namespace
}  // namespace duka::inventory
