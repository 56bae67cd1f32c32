// Tests of GroupKeyTable (hash grouping of mixed-type keys) and the aggregate states it feeds.
#include "exec/group_key_table.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/weir_error.h"
#include "exec/aggregate_table.h"
#include "operator_test_batches.h"

namespace weir {
namespace {

using test::make_batch;
using test::rows_of;

std::vector<uint32_t> all_rows(size_t n) {
    std::vector<uint32_t> rows(n);
    for (size_t i = 0; i < n; i++) rows[i] = static_cast<uint32_t>(i);
    return rows;
}

std::vector<uint32_t> group_ids(GroupKeyTable &table, const Batch &batch) {
    std::vector<const ColumnVector *> keys;
    for (auto &column : batch.columns) keys.push_back(&column);
    auto rows = all_rows(batch.size());
    std::vector<uint32_t> ids(rows.size());
    table.find_or_insert(keys, rows.data(), rows.size(), ids.data());
    return ids;
}

TEST(GroupKeyTableTest, MultiColumnTextAndNullKeys) {
    GroupKeyTable table({TypeId::Text, TypeId::BigInt});
    Batch batch = make_batch({TypeId::Text, TypeId::BigInt},
                             {{Value::text("warsaw"), Value::bigint(1)},
                              {Value::text("krakow"), Value::bigint(1)},
                              {Value::text("warsaw"), Value::bigint(2)},
                              {Value::text("warsaw"), Value::bigint(1)},
                              {Value::null(), Value::bigint(1)},
                              {Value::text(""), Value::bigint(1)},
                              {Value::null(), Value::bigint(1)},
                              {Value::text("krakow"), Value::null()}});
    EXPECT_EQ(group_ids(table, batch), (std::vector<uint32_t>{0, 1, 2, 0, 3, 4, 3, 5}));
    EXPECT_EQ(table.size(), 6u);
    // Keys are owned by the table: the batch's arena can go away.
    batch.clear();
    EXPECT_EQ(table.key_column(0).strings()[1], "krakow");
    EXPECT_TRUE(table.key_column(0).is_null(3));
    EXPECT_TRUE(table.key_column(1).is_null(5));
    // The same keys in a new batch find the same groups.
    Batch again = make_batch({TypeId::Text, TypeId::BigInt},
                             {{Value::text("krakow"), Value::null()}, {Value::null(), Value::bigint(1)},
                              {Value::text("gdansk"), Value::bigint(1)}});
    EXPECT_EQ(group_ids(table, again), (std::vector<uint32_t>{5, 3, 6}));
}

// A Text column of `codes.size()` rows over `dictionary`, encoded when `encode`.
ColumnVector text_column(const std::shared_ptr<const std::vector<std::string_view>> &dictionary,
                         const std::vector<uint32_t> &codes, bool encode) {
    ColumnVector column(TypeId::Text, codes.size());
    for (size_t r = 0; r < codes.size(); r++) column.strings()[r] = (*dictionary)[codes[r]];
    if (encode) column.set_dictionary(dictionary, codes.data());
    return column;
}

TEST(GroupKeyTableTest, DictionaryEncodedKeysFindTheGroupsOfPlainKeys) {
    auto dictionary = std::make_shared<const std::vector<std::string_view>>(
        std::vector<std::string_view>{"Oslo", "Rome", "Paris", "Lima"});
    std::vector<uint32_t> codes = {1, 0, 1, 2, 0, 0, 1, 2, 1, 0};
    GroupKeyTable plain({TypeId::Text});
    GroupKeyTable encoded({TypeId::Text});
    ColumnVector flat = text_column(dictionary, codes, false);
    ColumnVector coded = text_column(dictionary, codes, true);
    ASSERT_TRUE(coded.has_dictionary());
    std::vector<uint32_t> expected(codes.size()), actual(codes.size());
    // Every other row, so the dictionary path maps codes of a selection, not of the first rows.
    std::vector<uint32_t> rows = {1, 3, 5, 7, 9, 0, 2, 4, 6, 8};
    plain.find_or_insert({&flat}, rows.data(), rows.size(), expected.data());
    encoded.find_or_insert({&coded}, rows.data(), rows.size(), actual.data());
    EXPECT_EQ(actual, expected);
    // Oslo, Paris, Oslo, Paris, Oslo, Rome, Rome, Oslo, Rome, Rome.
    EXPECT_EQ(actual, (std::vector<uint32_t>{0, 1, 0, 1, 0, 2, 2, 0, 2, 2}));
    EXPECT_EQ(encoded.size(), 3u);  // "Lima" never occurs
    EXPECT_EQ(encoded.key_column(0).strings()[1], "Paris");

    // Plain rows and rows under another dictionary (other codes for the same names) meet the same groups.
    auto reordered = std::make_shared<const std::vector<std::string_view>>(
        std::vector<std::string_view>{"Lima", "Paris", "Rome", "Oslo"});
    std::vector<uint32_t> other_codes = {3, 2, 0, 1, 3, 2};
    ColumnVector other = text_column(reordered, other_codes, true);
    std::vector<uint32_t> ids(other_codes.size());
    auto every = all_rows(other_codes.size());
    encoded.find_or_insert({&other}, every.data(), every.size(), ids.data());
    // Oslo, Rome, Lima (new), Paris, Oslo, Rome.
    EXPECT_EQ(ids, (std::vector<uint32_t>{0, 2, 3, 1, 0, 2}));
    std::vector<uint32_t> one = {3};
    uint32_t id = 99;
    encoded.find_or_insert({&flat}, one.data(), 1, &id);  // "Paris" through the plain path
    EXPECT_EQ(id, 1u);
}

TEST(GroupKeyTableTest, DictionaryKeysWithNullsOrFewRowsTakeThePlainPath) {
    auto dictionary = std::make_shared<const std::vector<std::string_view>>(
        std::vector<std::string_view>{"Oslo", "Rome", "Paris"});
    std::vector<uint32_t> codes = {1, 0, 1, 2};
    ColumnVector coded = text_column(dictionary, codes, true);
    coded.set_null(2);
    GroupKeyTable table({TypeId::Text});
    auto every = all_rows(codes.size());
    std::vector<uint32_t> ids(codes.size());
    table.find_or_insert({&coded}, every.data(), every.size(), ids.data());
    EXPECT_EQ(ids, (std::vector<uint32_t>{0, 1, 2, 3}));  // the NULL row is its own group
    EXPECT_TRUE(table.key_column(0).is_null(2));
    // Two rows against a dictionary of three: looked up row by row, same groups.
    ColumnVector valid = text_column(dictionary, codes, true);
    std::vector<uint32_t> two = {3, 1};
    std::vector<uint32_t> two_ids(2);
    table.find_or_insert({&valid}, two.data(), 2, two_ids.data());
    EXPECT_EQ(two_ids, (std::vector<uint32_t>{3, 1}));
}

TEST(GroupKeyTableTest, DoubleKeysTreatNegativeZeroAndNanAsOneGroup) {
    GroupKeyTable table({TypeId::Double});
    Batch batch = make_batch({TypeId::Double}, {{Value::float64(0.0)},
                                                {Value::float64(-0.0)},
                                                {Value::float64(std::nan(""))},
                                                {Value::float64(std::nan(""))},
                                                {Value::float64(1.5)}});
    EXPECT_EQ(group_ids(table, batch), (std::vector<uint32_t>{0, 0, 1, 1, 2}));
}

TEST(GroupKeyTableTest, ManyKeysSurviveGrowth) {
    GroupKeyTable table({TypeId::BigInt});
    std::vector<std::vector<Value>> rows;
    for (int i = 0; i < 5000; i++) rows.push_back({Value::bigint((i % 2500) * 7919)});
    Batch batch = make_batch({TypeId::BigInt}, rows);
    auto ids = group_ids(table, batch);
    EXPECT_EQ(table.size(), 2500u);
    for (int i = 0; i < 5000; i++) ASSERT_EQ(ids[i], static_cast<uint32_t>(i % 2500)) << i;
}

TEST(GroupKeyTableTest, NoKeyColumnsIsOneGroup) {
    GroupKeyTable table({});
    auto rows = all_rows(3);
    std::vector<uint32_t> ids(3, 99);
    table.find_or_insert({}, rows.data(), 3, ids.data());
    EXPECT_EQ(ids, (std::vector<uint32_t>{0, 0, 0}));
    EXPECT_EQ(table.insert_empty_key(), 0u);
    EXPECT_EQ(table.size(), 1u);
}

// Aggregates every row of `batch` (column 0 = key, column 1 = argument) and returns the rows.
std::vector<std::string> aggregate(const Batch &batch, std::vector<AggregateSlot> slots) {
    AggregateTable table({batch.columns[0].type()}, slots);
    std::vector<const ColumnVector *> arguments;
    for (auto &slot : slots) arguments.push_back(slot.kind == AggregateKind::CountStar ? nullptr : &batch.columns[1]);
    auto rows = all_rows(batch.size());
    table.update({&batch.columns[0]}, arguments, rows.data(), rows.size());
    Batch out;
    out.columns.emplace_back(batch.columns[0].type(), table.size());
    for (auto &slot : slots) {
        TypeId type = TypeId::Double;
        if (slot.kind == AggregateKind::CountStar || slot.kind == AggregateKind::Count ||
            slot.kind == AggregateKind::CountDistinct)
            type = TypeId::BigInt;
        if (slot.kind == AggregateKind::Min || slot.kind == AggregateKind::Max) type = slot.input_type;
        if (slot.kind == AggregateKind::Sum) type = slot.input_type;
        out.columns.emplace_back(type, table.size());
    }
    out.set_size(table.size());
    auto groups = all_rows(table.size());
    table.write_rows(groups.data(), groups.size(), out, 0, 1, 0);
    return rows_of(out);
}

TEST(AggregateStateTest, CountSumAvgMinMaxWithNulls) {
    Batch batch = make_batch({TypeId::Text, TypeId::BigInt}, {{Value::text("a"), Value::bigint(4)},
                                                              {Value::text("a"), Value::null()},
                                                              {Value::text("b"), Value::null()},
                                                              {Value::text("a"), Value::bigint(-2)},
                                                              {Value::text("a"), Value::bigint(4)}});
    auto rows = aggregate(batch, {{AggregateKind::CountStar, TypeId::Null},
                                  {AggregateKind::Count, TypeId::BigInt},
                                  {AggregateKind::Sum, TypeId::BigInt},
                                  {AggregateKind::Avg, TypeId::BigInt},
                                  {AggregateKind::Min, TypeId::BigInt},
                                  {AggregateKind::Max, TypeId::BigInt},
                                  {AggregateKind::CountDistinct, TypeId::BigInt}});
    // a: 3 values 4, -2, 4 → sum 6, avg 2, min -2, max 4, 2 distinct. b: only NULL.
    EXPECT_EQ(rows, (std::vector<std::string>{"a|4|3|6|2|-2|4|2", "b|1|0|NULL|NULL|NULL|NULL|0"}));
}

TEST(AggregateStateTest, VarianceAndStddevMatchHandValues) {
    // Values 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32.
    std::vector<std::vector<Value>> input;
    for (double v : {2, 4, 4, 4, 5, 5, 7, 9}) input.push_back({Value::text("k"), Value::float64(v)});
    input.push_back({Value::text("one"), Value::float64(3)});
    Batch batch = make_batch({TypeId::Text, TypeId::Double}, input);
    auto rows = aggregate(batch, {{AggregateKind::VarPop, TypeId::Double},
                                  {AggregateKind::StddevPop, TypeId::Double},
                                  {AggregateKind::VarSamp, TypeId::Double},
                                  {AggregateKind::StddevSamp, TypeId::Double}});
    ASSERT_EQ(rows.size(), 2u);
    // var_pop = 32/8 = 4, stddev_pop = 2, var_samp = 32/7.
    EXPECT_EQ(rows[0].substr(0, 8), "k|4|2|4.");
    EXPECT_NE(rows[0].find("4.571428571428571"), std::string::npos) << rows[0];
    EXPECT_NE(rows[0].find("2.138089935299395"), std::string::npos) << rows[0];
    // One value: the sample versions are NULL, the population ones 0.
    EXPECT_EQ(rows[1], "one|0|0|NULL|NULL");
}

TEST(AggregateStateTest, MergingPanesEqualsOneTable) {
    // Chan's merge: {1, 2, 3} merged with {10, 20} must equal updating with all five.
    Batch first = make_batch({TypeId::BigInt, TypeId::Double},
                             {{Value::bigint(1), Value::float64(1)}, {Value::bigint(1), Value::float64(2)},
                              {Value::bigint(1), Value::float64(3)}, {Value::bigint(2), Value::float64(8)}});
    Batch second = make_batch({TypeId::BigInt, TypeId::Double},
                              {{Value::bigint(1), Value::float64(10)}, {Value::bigint(1), Value::float64(20)},
                               {Value::bigint(3), Value::float64(1)}, {Value::bigint(1), Value::float64(2)}});
    std::vector<AggregateSlot> slots = {{AggregateKind::VarSamp, TypeId::Double},
                                        {AggregateKind::CountDistinct, TypeId::Double},
                                        {AggregateKind::Min, TypeId::Double},
                                        {AggregateKind::Sum, TypeId::Double}};
    AggregateTable a({TypeId::BigInt}, slots), b({TypeId::BigInt}, slots);
    auto update = [&](AggregateTable &table, const Batch &batch) {
        auto rows = all_rows(batch.size());
        table.update({&batch.columns[0]}, {&batch.columns[1], &batch.columns[1], &batch.columns[1], &batch.columns[1]},
                     rows.data(), rows.size());
    };
    update(a, first);
    update(b, second);
    auto merged = a.make_empty();
    merged->merge(a);
    merged->merge(b);
    Batch out;
    for (TypeId type : {TypeId::BigInt, TypeId::Double, TypeId::BigInt, TypeId::Double, TypeId::Double})
        out.columns.emplace_back(type, 0);
    out.set_size(merged->size());
    auto groups = all_rows(merged->size());
    merged->write_rows(groups.data(), groups.size(), out, 0, 1, 0);
    // Key 1: 1, 2, 3, 10, 20, 2 → sum 38, M2 = 518 - 38²/6 = 277.33.., var_samp = 55.466..; distinct 5.
    auto rows = rows_of(out);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_NEAR(out.columns[1].doubles()[0], 55.0 + 7.0 / 15.0, 1e-9);
    EXPECT_EQ(out.columns[2].ints()[0], 5);
    EXPECT_EQ(rows[0].substr(rows[0].size() - 5), "|1|38");
    EXPECT_EQ(rows[1], "2|NULL|1|8|8");
    EXPECT_EQ(rows[2], "3|NULL|1|1|1");
}

TEST(AggregateStateTest, TextMinMaxAndBigIntOverflow) {
    Batch batch = make_batch({TypeId::BigInt, TypeId::Text}, {{Value::bigint(1), Value::text("pear")},
                                                              {Value::bigint(1), Value::text("apple")},
                                                              {Value::bigint(1), Value::text("zucchini")}});
    auto rows = aggregate(batch, {{AggregateKind::Min, TypeId::Text}, {AggregateKind::Max, TypeId::Text}});
    EXPECT_EQ(rows, (std::vector<std::string>{"1|apple|zucchini"}));

    Batch big = make_batch({TypeId::BigInt, TypeId::BigInt},
                           {{Value::bigint(1), Value::bigint(INT64_MAX)}, {Value::bigint(1), Value::bigint(1)}});
    try {
        aggregate(big, {{AggregateKind::Sum, TypeId::BigInt}});
        FAIL() << "expected an overflow error";
    } catch (const WeirError &error) {
        EXPECT_EQ(error.kind(), ErrorKind::Data);
        EXPECT_NE(std::string(error.what()).find("overflow"), std::string::npos);
    }
}

TEST(AggregateStateTest, RejectsNonNumericAvg) {
    EXPECT_THROW(AggregateState::make(AggregateKind::Avg, TypeId::Text), WeirError);
    EXPECT_THROW(AggregateState::make(AggregateKind::StddevSamp, TypeId::Boolean), WeirError);
}

}  // namespace
}  // namespace weir
