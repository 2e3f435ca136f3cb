// ListQuery::also: each condition in parentheses joined with AND, each "?" bound to the next
// value as $n after those before it; a count of "?" that differs from the values is a
// programming error, refused at once.
#include <gtest/gtest.h>

#include <duka/facility/pagination.hpp>

namespace duka {
namespace {

TEST(ListQuery, AlsoJoinsConditionsAndNumbersTheirValues) {
  ListQuery query;
  EXPECT_EQ(query.where, "");
  query.also("customer_id = ?", {std::int64_t{7}});
  EXPECT_EQ(query.where, "(customer_id = $1)");
  query.also("name LIKE ? OR code LIKE ?", {"%a%", "%b%"}).also("on_hand > 0");
  EXPECT_EQ(query.where,
            "(((customer_id = $1)) AND (name LIKE $2 OR code LIKE $3)) AND (on_hand > 0)");
  ASSERT_EQ(query.values.size(), 3u);
  EXPECT_EQ(std::get<std::int64_t>(query.values[0]), 7);
  EXPECT_EQ(std::get<std::string_view>(query.values[2]), "%b%");
}

TEST(ListQuery, AConditionKeepsItsOrToItself) {
  ListQuery query{.where = "a = 1 OR b = 2"};
  query.also("c = ?", {std::int64_t{3}});
  EXPECT_EQ(query.where, "(a = 1 OR b = 2) AND (c = $1)");
}

TEST(ListQuery, MoreOrFewerValuesThanPlaceholdersAreRefused) {
  ListQuery query;
  EXPECT_THROW(query.also("a = ? AND b = ?", {std::int64_t{1}}), std::logic_error);
  ListQuery other;
  EXPECT_THROW(other.also("a = ?", {std::int64_t{1}, std::int64_t{2}}), std::logic_error);
}

}  // namespace
}  // namespace duka
