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

namespace {

std::shared_ptr<const std::vector<std::string_view>> city_dictionary() {
    return std::make_shared<const std::vector<std::string_view>>(std::vector<std::string_view>{"Oslo", "Rome"});
}

// A 3-row Text column "Rome", "Oslo", "Rome", dictionary-encoded.
ColumnVector encoded_column() {
    ColumnVector column(TypeId::Text, 3);
    const uint32_t codes[] = {1, 0, 1};
    auto dictionary = city_dictionary();
    for (size_t r = 0; r < 3; r++) column.strings()[r] = (*dictionary)[codes[r]];
    column.set_dictionary(dictionary, codes);
    return column;
}

}  // namespace

TEST(ColumnVector, DictionaryEncodingIsKeptWhileTheStringsAreUnchanged) {
    ColumnVector column = encoded_column();
    ASSERT_TRUE(column.has_dictionary());
    EXPECT_EQ(column.dictionary().size(), 2u);
    EXPECT_EQ(column.codes()[0], 1u);
    EXPECT_EQ(column.codes()[1], 0u);
    const ColumnVector &reader = column;
    EXPECT_EQ(reader.strings()[2], "Rome");  // reading keeps it
    column.resize(3);                        // same size: the rows are unchanged
    EXPECT_TRUE(column.has_dictionary());
    ColumnVector copy = column;
    ASSERT_TRUE(copy.has_dictionary());
    EXPECT_EQ(copy.codes()[2], 1u);
    Batch batch;
    batch.columns.push_back(encoded_column());
    batch.set_size(3);
    EXPECT_TRUE(batch.columns[0].has_dictionary());
}

TEST(ColumnVector, WritingResettingOrResizingDropsTheDictionary) {
    ColumnVector written = encoded_column();
    written.strings()[0] = "Oslo";
    EXPECT_FALSE(written.has_dictionary());
    ColumnVector reset = encoded_column();
    reset.reset(TypeId::Text, 3);
    EXPECT_FALSE(reset.has_dictionary());
    ColumnVector grown = encoded_column();
    grown.resize(4);
    EXPECT_FALSE(grown.has_dictionary());
    ColumnVector shrunk = encoded_column();
    shrunk.resize(2);
    EXPECT_FALSE(shrunk.has_dictionary());
}
