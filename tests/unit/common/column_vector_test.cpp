// ColumnVector validity bitmaps and Batch selection bookkeeping.
#include "common/batch.h"

#include <gtest/gtest.h>

using namespace weir;

TEST(ColumnVector, ValidityAcrossWordBoundaries) {
    ColumnVector column(TypeId::BigInt, 130);
    EXPECT_TRUE(column.all_valid());
    column.set_null(64);
    column.set_null(129);
    EXPECT_FALSE(column.all_valid());
    EXPECT_TRUE(column.is_null(64));
    EXPECT_TRUE(column.is_valid(63));
    EXPECT_TRUE(column.is_valid(65));
    column.set_valid(64);
    column.set_valid(129);
    EXPECT_TRUE(column.all_valid());
    column.resize(200);
    EXPECT_TRUE(column.is_valid(199));
}

TEST(Batch, SelectionAndLiveRows) {
    Batch batch;
    batch.columns.emplace_back(TypeId::Double, 0);
    batch.set_size(10);
    EXPECT_EQ(batch.live_count(), 10u);
    batch.set_selection({1, 5, 9});
    EXPECT_EQ(batch.live_count(), 3u);
    EXPECT_EQ(batch.live_row(2), 9u);
    batch.set_size(4);
    EXPECT_FALSE(batch.has_selection());
    EXPECT_EQ(batch.columns[0].size(), 4u);
    std::string_view kept = batch.arena().add("Warsaw");
    EXPECT_EQ(kept, "Warsaw");
}
